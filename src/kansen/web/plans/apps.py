from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "kansen.web.plans"
    label = "plans"
    verbose_name = _("Agendas and plans")

    def ready(self) -> None:
        # The list of imports shows a recorded plan import's problems by their code.
        from kansen.web.areas.problems import RECORDED_MESSAGES

        from .report import PLAN_MESSAGES, PLATFORM_MESSAGES

        RECORDED_MESSAGES.update(PLAN_MESSAGES)
        RECORDED_MESSAGES.update(PLATFORM_MESSAGES)
