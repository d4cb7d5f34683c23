from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class YouthPanelConfig(AppConfig):
    name = "kansen.web.youthpanel"
    label = "youthpanel"
    verbose_name = _("Youth panel")
