from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NeedConfig(AppConfig):
    name = "kansen.web.need"
    label = "need"
    verbose_name = _("Deprivation index and allocation")

    def ready(self) -> None:
        from . import layers  # noqa: F401  (registers the index as a layer of the explorer)
