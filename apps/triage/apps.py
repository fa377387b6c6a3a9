from django.apps import AppConfig


class TriageConfig(AppConfig):
    name = "apps.triage"
    label = "triage"
    verbose_name = "Worth checking (triage)"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (receivers of claims' domain events)
