from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "kansen.web.core"
    label = "core"

    def ready(self) -> None:
        from django.core import checks

        from kansen.web.secret_key import check_production_key

        checks.register(check_production_key, checks.Tags.security, deploy=True)
