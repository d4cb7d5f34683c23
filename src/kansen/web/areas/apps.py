from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AreasConfig(AppConfig):
    name = "kansen.web.areas"
    label = "areas"
    verbose_name = _("Areas and area data")

    def ready(self) -> None:
        from . import versions  # noqa: F401  (connects the receivers that touch versions)
