"""The extractor: one spaCy parse per text, then quote, reported-speech, speaker and evidence rules."""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc

from .attribution import build_claims
from .config import DEFAULT_CONFIG, DEFAULT_MAX_CHARS, ExtractionConfig
from .language import detect_language, mask_datelines, sanitize
from .types import ClaimCandidate, ExtractionResult

logger = logging.getLogger(__name__)

EXTRACTOR_VERSION = "rules-1.4"
BATCH_SIZE = 16


PARAGRAPH_PIPE = "claimtrack_paragraphs"


@Language.component(PARAGRAPH_PIPE)
def paragraph_boundaries(doc: Doc) -> Doc:
    """A line break always ends a sentence (headlines, bylines and paragraphs never run together)."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if "\n" in prev.text or "\n" in prev.whitespace_:
            tok.is_sent_start = True
    return doc


class ModelNotInstalled(RuntimeError):
    """The configured spaCy model package is not installed."""


@functools.cache
def _load(name: str) -> Language:
    import spacy

    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelNotInstalled(
            f"spaCy model package {name!r} is not installed; install it (pip install {name}) "
            "or set CLAIMTRACK_SPACY_MODEL to an installed model."
        ) from exc
    nlp.max_length = max(nlp.max_length, DEFAULT_MAX_CHARS * 2)
    if "parser" in nlp.pipe_names and PARAGRAPH_PIPE not in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPH_PIPE, before="parser")
    return nlp


def get_nlp(config: ExtractionConfig = DEFAULT_CONFIG) -> Language:
    """The spaCy pipeline named by `config.spacy_model`, loaded once per process."""
    return _load(config.spacy_model)


def _skip(reason: str, language: str = "") -> ExtractionResult:
    return ExtractionResult("skipped", reason, language, ())


def _precheck(text: str, max_chars: int) -> ExtractionResult | None:
    """A skipped result when the text cannot be extracted, else None."""
    if not isinstance(text, str) or not text.strip():
        return _skip("Text is empty.")
    if len(text) > max_chars:
        return _skip(
            f"Text is longer than the {max_chars:,}-character limit ({len(text):,} characters); "
            "shorten it or split it into parts."
        )
    language = detect_language(text)
    if language != "en":
        shown = language or "unknown"
        return _skip(f"Text is not English (detected: {shown}).", language)
    return None


def _from_doc(text: str, doc: Doc) -> ExtractionResult:
    try:
        claims = build_claims(text, doc)
    except Exception as exc:  # noqa: BLE001 - a rule bug must not take down a batch: this text fails, loudly
        logger.exception("claim rules failed on a %d-character text", len(text))
        # never "ok" with no claims: the article would silently show none. The caller marks it failed.
        return ExtractionResult("error", f"The claim rules failed: {type(exc).__name__}: {exc}", "en", ())
    return ExtractionResult("ok", "", "en", tuple(_checked(text, claims)))


def _checked(text: str, claims: list[ClaimCandidate]) -> list[ClaimCandidate]:
    """Keep only claims whose spans are inside the text and match it (a last line of defence)."""
    good = []
    for claim in claims:
        s, e = claim.content_span
        if 0 <= s < e <= len(text) and text[s:e] == claim.content:
            good.append(claim)
    return good


def extract_claims(text: str, *, config: ExtractionConfig = DEFAULT_CONFIG) -> ExtractionResult:
    """Claims in one text; never raises on a str: skipped results say why, and a bug in the rules comes back
    as status "error" with the exception in `reason` (and its traceback in the log)."""
    return extract_many([text], config=config)[0]


def extract_many(
    texts: Iterable[str], *, config: ExtractionConfig = DEFAULT_CONFIG, batch_size: int = BATCH_SIZE
) -> list[ExtractionResult]:
    """Claims in many texts, parsed together with nlp.pipe for throughput."""
    limit = config.max_chars
    texts = list(texts)
    results: list[ExtractionResult | None] = []
    todo: list[tuple[int, str]] = []
    for index, text in enumerate(texts):
        skipped = _precheck(text, limit)
        results.append(skipped)
        if skipped is None:
            todo.append((index, mask_datelines(sanitize(text))))
    if todo:
        nlp = get_nlp(config)
        docs = nlp.pipe((clean for _, clean in todo), batch_size=batch_size)
        for (index, clean), doc in zip(todo, docs, strict=True):
            result = _from_doc(clean, doc)
            original = texts[index]
            if clean != original:
                result = _rebase(original, result)
            results[index] = result
    return [r for r in results if r is not None]


def _rebase(original: str, result: ExtractionResult) -> ExtractionResult:
    """Re-read contents from the original text (sanitising keeps offsets, not characters)."""
    claims = []
    for claim in result.claims:
        s, e = claim.content_span
        claims.append(replace(claim, content=original[s:e]))
    return ExtractionResult(result.status, result.reason, result.language, tuple(claims))
