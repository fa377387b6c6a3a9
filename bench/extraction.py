"""Throughput of the claim extractor against a bare spaCy parse of the same texts.

    .venv/bin/python bench/extraction.py [--repeat N]

Texts: the dev corpus (../shared/eval/claimtrack-dev) when present, else seeds/*.txt repeated. Both
timings use the same loaded pipeline (the model's pipes plus the extractor's cheap paragraph-boundary
component) and the same nlp.pipe batch size, so the ratio measures what the rules, language check and
quote scan add to one parse.
The last line is exactly "extraction/parse throughput ratio: R".
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from apps.extraction.attribution import build_claims  # noqa: E402
from apps.extraction.pipeline import BATCH_SIZE, extract_many, get_nlp  # noqa: E402
from apps.triage.features import ClaimFacts  # noqa: E402
from apps.triage.prior import prior_score  # noqa: E402

DEV = ROOT.parent / "shared" / "eval" / "claimtrack-dev"


def load_texts() -> tuple[str, list[str]]:
    if DEV.is_dir() and any(DEV.glob("*.txt")):
        return str(DEV), [p.read_text(encoding="utf-8") for p in sorted(DEV.glob("*.txt"))]
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    return "seeds/ (x10)", seeds * 10


def timed(fn, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    source, texts = load_texts()
    words = sum(len(t.split()) for t in texts)
    nlp = get_nlp()
    docs = list(nlp.pipe(texts, batch_size=BATCH_SIZE))  # warm up both paths
    extract_many(texts)
    parse_times, extract_times = [], []
    for _ in range(args.repeat):  # interleave so machine noise hits both alike
        parse_times += timed(lambda: list(nlp.pipe(texts, batch_size=BATCH_SIZE)), 1)
        extract_times += timed(lambda: extract_many(texts), 1)
    rules_times = timed(lambda: [build_claims(t, d) for t, d in zip(texts, docs, strict=True)], args.repeat)
    # the triage score the worker adds after extraction (features + the prior, per claim; apps/triage)
    facts = [
        ClaimFacts(
            content=c.content, cue=c.cue or "", kind=c.kind, evidence=c.evidence, speaker_kind=c.speaker_kind
        )
        for result in extract_many(texts)
        for c in result.claims
    ]
    scoring_times = timed(lambda: [prior_score(f) for f in facts], args.repeat)
    parse_wps = words / min(parse_times)
    extract_wps = words / min(extract_times)
    maxrss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"texts: {len(texts)} from {source}, {words} words; pipes: {', '.join(nlp.pipe_names)}")
    print(
        f"bare parse (nlp.pipe):  best {parse_wps:,.0f} words/s, median {words / statistics.median(parse_times):,.0f}"
    )
    print(
        f"extraction (extract_many): best {extract_wps:,.0f} words/s, "
        f"median {words / statistics.median(extract_times):,.0f}"
    )
    print(f"rules alone on parsed docs: {1000 * min(rules_times) / len(texts):.1f} ms per text")
    print(f"worker resident memory (maxrss): {maxrss_mb:.0f} MB")
    print(
        f"triage scoring: {1000 * min(scoring_times):.1f} ms for {len(facts)} claims, "
        f"adds {100 * min(scoring_times) / min(extract_times):.1f} % to extraction time"
    )
    print(f"extraction/parse throughput ratio: {extract_wps / parse_wps:.2f}")


if __name__ == "__main__":
    main()
