"""Nearest-neighbour search over every claim's index entry, in the worker's memory.

Each process keeps one matrix per embedding model (or, for the lexical matcher, the list of normalised texts
and a word index over them: a search scores only the texts sharing a word with the query),
loaded from ClaimEmbedding once and then topped up with the rows whose id is above the last one it read.
At 100,000 claims the float32 matrix is 150 MB and one query (a matrix-vector product) takes a few
milliseconds; bench/similarity.py measures it. Rows of claims deleted or re-indexed since stay in the
matrix until the next full reload (every CLAIMTRACK_SIMILARITY_CACHE_SECONDS): candidates are checked against
the database before they are used, so a stale row can cost a candidate slot but never make a wrong link.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

import numpy as np
from django.conf import settings

from .backends import EMBEDDINGS, Backend
from .models import ClaimEmbedding

_CHUNK = 5_000


@dataclass
class _Matrix:
    key: tuple[str, str]
    row_ids: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    claim_ids: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    vectors: np.ndarray | None = None  # embeddings: (n, dim) float32
    texts: list[str] = field(default_factory=list)  # lexical
    postings: dict[str, list[int]] = field(
        default_factory=dict
    )  # lexical: word -> positions of texts with it
    max_row_id: int = 0
    loaded_at: float = 0.0
    _capacity: int = 0

    def __len__(self) -> int:
        return len(self.row_ids)

    def add(self, rows: list[tuple[int, int, object]], dim: int) -> None:
        if not rows:
            return
        ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
        claims = np.fromiter((r[1] for r in rows), dtype=np.int64, count=len(rows))
        if self.key[0] == EMBEDDINGS:
            block = np.frombuffer(b"".join(bytes(r[2]) for r in rows), dtype=np.float32).reshape(
                len(rows), dim
            )
            n = len(self.row_ids)
            if self.vectors is None or n + len(rows) > self._capacity:
                # grow by half again, so topping up one row at a time does not copy the matrix each time
                self._capacity = max(n + len(rows), int(self._capacity * 1.5), 1024)
                grown = np.empty((self._capacity, dim), dtype=np.float32)
                if self.vectors is not None:
                    grown[:n] = self.vectors[:n]
                self.vectors = grown
            self.vectors[n : n + len(rows)] = block
        else:
            n = len(self.texts)
            for offset, row in enumerate(rows):
                for word in set(row[2].split()):
                    self.postings.setdefault(word, []).append(n + offset)
            self.texts.extend(r[2] for r in rows)
        self.row_ids = np.concatenate([self.row_ids, ids])
        self.claim_ids = np.concatenate([self.claim_ids, claims])
        self.max_row_id = int(ids[-1])

    def matrix(self) -> np.ndarray:
        return self.vectors[: len(self.row_ids)]


_matrices: dict[tuple[str, str], _Matrix] = {}
_lock = threading.Lock()


def _entries(backend: Backend):
    qs = ClaimEmbedding.objects.order_by("id")
    if backend.name == EMBEDDINGS:
        return qs.filter(model=backend.model, vector__isnull=False).values_list("id", "claim_id", "vector")
    return qs.values_list("id", "claim_id", "text")


def index_refresh(backend: Backend) -> _Matrix:
    """This process's matrix for the backend, topped up from the database (or reloaded when too old)."""
    key = (backend.name, backend.model)
    with _lock:
        current = _matrices.get(key)
        max_age = settings.CLAIMTRACK_SIMILARITY_CACHE_SECONDS
        if current is None or time.monotonic() - current.loaded_at > max_age:
            current = _Matrix(key=key, loaded_at=time.monotonic())
            _matrices[key] = current
        dim = 0
        while True:
            rows = list(_entries(backend).filter(id__gt=current.max_row_id)[:_CHUNK])
            if not rows:
                break
            if backend.name == EMBEDDINGS:
                dim = len(bytes(rows[0][2])) // 4
            current.add(rows, dim)
            if len(rows) < _CHUNK:
                break
        return current


def index_forget() -> None:
    """Drop this process's matrices (tests; a changed model)."""
    with _lock:
        _matrices.clear()


@dataclass(frozen=True)
class Candidate:
    row_id: int
    claim_id: int
    score: float


def index_search(
    backend: Backend, *, query, exclude_claim_ids: set[int], limit: int, min_score: float
) -> list[Candidate]:
    """The best rows (up to twice `limit`) scoring at least `min_score` against `query` (a vector for
    embeddings, normalised words for the lexical matcher)."""
    return matrix_search(
        index_refresh(backend),
        query=query,
        exclude_claim_ids=exclude_claim_ids,
        limit=limit,
        min_score=min_score,
    )


def matrix_search(
    matrix: _Matrix, *, query, exclude_claim_ids: set[int], limit: int, min_score: float
) -> list[Candidate]:
    if not len(matrix):
        return []
    if matrix.key[0] == EMBEDDINGS:
        scores = matrix.matrix() @ np.asarray(query, dtype=np.float32)
        over = np.flatnonzero(scores >= min_score)
        if len(over) > limit * 4:  # keep the best few without sorting the lot
            over = over[np.argpartition(-scores[over], limit * 4)[: limit * 4]]
        ranked = sorted(((float(scores[i]), int(i)) for i in over), reverse=True)
    else:
        from rapidfuzz import fuzz, process

        # only the texts with a word of the query in common (token-set ratio compares letters: a text with
        # no word in common can still score high, and is no match): found through the word index, so a
        # search costs what those texts do, not a scan of every claim
        positions = sorted(set().union(*(matrix.postings.get(w, ()) for w in set(query.split()))))
        found = process.extract(
            query,
            [matrix.texts[i] for i in positions],
            scorer=fuzz.token_set_ratio,
            processor=None,
            limit=limit * 4,
            score_cutoff=min_score * 100,
        )
        ranked = [(score / 100.0, positions[j]) for _text, score, j in found]
    out: list[Candidate] = []
    for score, i in ranked:
        claim_id = int(matrix.claim_ids[i])
        if claim_id in exclude_claim_ids:
            continue
        out.append(Candidate(int(matrix.row_ids[i]), claim_id, score))
        if len(out) >= limit * 2:
            break
    return out
