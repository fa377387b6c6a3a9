from django.apps import AppConfig


class AccuracyConfig(AppConfig):
    name = "apps.accuracy"
    label = "accuracy"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (receiver of claims_counted)
