"""Command groups of the ``kansen`` command that belong to a library package.

They live outside their packages so that ``kansen --help`` and the platform's commands start
without importing Ibis, SciPy or WeasyPrint: each command imports its package when it runs.
"""
