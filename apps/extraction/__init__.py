"""Claim extraction: plain Python in, plain dataclasses out (no Django, no database); settings come in as an
ExtractionConfig (the Django side builds one with apps.extraction.apps.config_from_settings)."""

from .config import ExtractionConfig
from .language import detect_language
from .pipeline import EXTRACTOR_VERSION, ModelNotInstalled, extract_claims, extract_many, get_nlp
from .types import ClaimCandidate, ExtractionResult

__all__ = [
    "EXTRACTOR_VERSION",
    "ClaimCandidate",
    "ExtractionConfig",
    "ExtractionResult",
    "ModelNotInstalled",
    "detect_language",
    "extract_claims",
    "extract_many",
    "get_nlp",
]
