from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "apps.publishing"
    label = "publishing"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the deploy check on CLAIMTRACK_SITE_URL)
