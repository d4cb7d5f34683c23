from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LivePollConfig(AppConfig):
    name = "kansen.web.livepoll"
    label = "livepoll"
    verbose_name = _("Live polls")
