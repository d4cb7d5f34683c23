from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeprivationConfig(AppConfig):
    name = "kansen.web.deprivation"
    label = "deprivation"
    verbose_name = _("Deprivation index and allocation")

    def ready(self) -> None:
        # The index and the distance to school register themselves as layers of the explorer;
        # the builder's map of the country is built with the country's maps (maps).
        from . import access, layers, maps  # noqa: F401
