from django.apps import AppConfig
from django.conf import settings

from .config import ExtractionConfig


class ExtractionAppConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "apps.extraction"
    label = "extraction"
    verbose_name = "Claim extraction"


def config_from_settings() -> ExtractionConfig:
    """The extractor's config from Django settings (the one place the library's settings are read)."""
    return ExtractionConfig(
        spacy_model=settings.CLAIMTRACK_SPACY_MODEL,
        max_chars=settings.CLAIMTRACK_MAX_EXTRACT_CHARS,
    )
