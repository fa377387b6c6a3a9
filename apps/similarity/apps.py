from django.apps import AppConfig


class SimilarityConfig(AppConfig):
    name = "apps.similarity"
    label = "similarity"
    verbose_name = "Repeated claims"

    def ready(self) -> None:
        from . import signals  # noqa: F401 - connects the receivers
