"""kansen: equal opportunities for children and youth in Dutch municipalities.

The package has two layers (see ``docs/architecture.md``):

* the analysis library (``kansen.io``, ``kansen.demo``, later ``kansen.index`` and friends),
  free of Django so it runs in a notebook or on a statistics office's secure server;
* the platform, ``kansen.web``, a Django project that stores, permits and shows.
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
