"""Claim extraction: plain Python in, plain dataclasses out (no Django models, no database)."""

from .language import detect_language
from .pipeline import EXTRACTOR_VERSION, ModelNotInstalled, extract_claims, extract_many, get_nlp
from .types import ClaimCandidate, ExtractionResult

__all__ = [
    "EXTRACTOR_VERSION",
    "ClaimCandidate",
    "ExtractionResult",
    "ModelNotInstalled",
    "detect_language",
    "extract_claims",
    "extract_many",
    "get_nlp",
]
