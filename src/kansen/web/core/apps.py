from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "kansen.web.core"
    label = "core"
