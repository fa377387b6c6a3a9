"""Text clean-up that keeps offsets, and a cheap deterministic language check."""

from __future__ import annotations

import re
import unicodedata

from .lexicon import ENGLISH_MARKERS

_WORD = re.compile(r"[^\W\d_]+")
_MIN_WORDS_FOR_DETECTION = 12
_DETECT_CHARS = 3000


def sanitize(text: str) -> str:
    """Replace characters spaCy may choke on, one for one, so offsets are unchanged.

    Lone surrogates cannot be encoded; control characters other than newline and tab are
    turned into spaces. Zero-width and bidi marks are kept (they are legal text).
    """
    out = []
    changed = False
    for ch in text:
        code = ord(ch)
        if 0xD800 <= code <= 0xDFFF:
            out.append("\ufffd")
            changed = True
        elif code < 32 and ch not in "\n\t" or 0x7F <= code < 0xA0:
            out.append("\n" if ch in "\r\x0b\x0c\x1c\x1d\x1e\x85" else " ")
            changed = True
        else:
            out.append(ch)
    return "".join(out) if changed else text


_DATELINE = re.compile(
    r"^(?P<line>[A-Z][A-Z.'’ -]{2,40}(?:,[^\n—–]{0,40}?)?(?:\([^)\n]{0,30}\))?\s*[—–-]{1,2}\s)",
    re.MULTILINE,
)


def mask_datelines(text: str) -> str:
    """Blank out wire datelines ("LIMA, May 6 (Wire) - ") so they are not parsed as subjects."""
    return _DATELINE.sub(lambda m: " " * len(m.group("line")), text)


def _words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(unicodedata.normalize("NFKC", text))]


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language; "en" for very short or mostly English text.

    A stopword ratio settles the common case cheaply; langdetect (seeded, so deterministic) is
    asked only when the text is not clearly English.
    """
    sample = sanitize(text[:_DETECT_CHARS])
    words = _words(sample)
    if len(words) < _MIN_WORDS_FOR_DETECTION:
        return "en"
    ratio = sum(w in ENGLISH_MARKERS for w in words) / len(words)
    if ratio >= 0.18:
        return "en"
    try:
        from langdetect import DetectorFactory, detect
        from langdetect.lang_detect_exception import LangDetectException

        DetectorFactory.seed = 0
        try:
            return detect(sample)
        except LangDetectException:
            return "en" if ratio >= 0.08 else ""
    except ImportError:  # pragma: no cover - langdetect is a dependency
        return "en" if ratio >= 0.08 else ""
