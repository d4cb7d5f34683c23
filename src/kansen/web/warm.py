"""Warm a server process before it answers: what the first requests would otherwise build.

Loading the URL configuration imports every view and, through them, the analysis library
(pandas, GeoPandas, DuckDB): seconds on a busy machine; the map classes import scikit-learn
when first drawn. The first page of each language also
compiles its catalogue, every template is parsed once per process, and the directory search
builds a snapshot per municipality. ``kansen serve`` runs gunicorn with ``--preload``: this
runs once in the master process, and every worker forked from it starts with all of it.

A failure here is logged and does not stop the server: the request that needs the part that
failed builds it, as without warming.
"""

from __future__ import annotations

import gc
import logging
import time
from pathlib import Path

logger = logging.getLogger(__name__)


def warm_up() -> None:
    """Import the views, compile the catalogues and templates, build the portal's directory."""
    from django.db import connections

    began = time.perf_counter()
    for step in (
        _urls_and_catalogues,
        _lazy_imports,
        _templates,
        _portal_directory,
        _open_questionnaires,
        _national_maps,
    ):
        try:
            step()
        except Exception:  # warming is an optimisation: the server starts regardless
            logger.warning("warming up: %s failed", step.__name__, exc_info=True)
    # Connections opened here belong to this process: a forked worker opens its own.
    connections.close_all()
    # What was loaded lives as long as the process: out of the garbage collector's rounds, or a
    # worker's first full collection walks through all of it (and copies the pages it touches).
    gc.collect()
    gc.freeze()
    logger.info("warmed up in %.1f s", time.perf_counter() - began)


def _urls_and_catalogues() -> None:
    from django.conf import settings
    from django.urls import get_resolver, reverse
    from django.utils import translation

    resolver = get_resolver()
    resolver.url_patterns  # noqa: B018  (imports every view)
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            reverse("home")  # the reverse lookup is built per language


#: Modules the library imports only when a page first needs them (the map classes import
#: scikit-learn: seconds). Document downloads (WeasyPrint, python-docx) are left out: they are
#: not first pages, and would weigh on every worker's memory.
LAZY_MODULES = ("mapclassify", "jsonschema", "yaml")


def _lazy_imports() -> None:
    import importlib

    for name in LAZY_MODULES:
        importlib.import_module(name)


def _templates() -> None:
    from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines
    from django.template.loader import get_template

    for engine in engines.all():
        folders: list[Path] = [Path(d) for d in getattr(engine, "template_dirs", ())]
        for folder in folders:
            for path in sorted(folder.rglob("*.html")):
                try:
                    get_template(path.relative_to(folder).as_posix())
                except (TemplateDoesNotExist, TemplateSyntaxError):
                    continue


def _portal_directory() -> None:
    from django.conf import settings

    from kansen.web.accounts.models import Municipality
    from kansen.web.directory.search import directory_snapshot

    portal = Municipality.objects.filter(code=settings.KANSEN_PORTAL_MUNICIPALITY).first()
    if portal is None:
        return
    snapshot = directory_snapshot(portal)
    snapshot.index(None)
    # Kept for the life of the process: a worker that replaced and freed it after a change
    # would write to every page it lies on (reference counts, the allocator's lists) and so
    # make its own copy of them; kept, they stay shared by every worker.
    _BUILT_BEFORE_FORKING.append(snapshot)


_BUILT_BEFORE_FORKING: list[object] = []


def _open_questionnaires() -> None:
    """The questionnaires of the youth panel's open waves, read once (checked against their
    schema: ~5 ms each): a pupil's send reads its questionnaire, and a whole school may send
    at once, the first send of every worker would otherwise read it again."""
    from django.utils import timezone

    from kansen.web.youthpanel.constants import WaveStatus
    from kansen.web.youthpanel.models import Wave
    from kansen.web.youthpanel.services import read_document

    today = timezone.localdate()
    waves = Wave.objects.filter(status=WaveStatus.OPEN, opens__lte=today, closes__gte=today)
    for document in waves.values_list("version__document", flat=True)[:32]:
        read_document(document)


def _national_maps() -> None:
    """The country's maps, where the data changed since they were built (written to the data
    folder, which every worker reads: ``areas.mapcache``)."""
    from kansen.web.areas import mapcache

    mapcache.prepare_national()
