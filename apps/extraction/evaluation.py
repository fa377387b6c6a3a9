"""Score extracted claims against gold files (the rules of ../shared/eval/score.py, re-implemented).

A predicted claim matches a gold one when their content spans overlap by at least ``min_overlap`` of
the longer span; matching is one-to-one, greedy, best overlap first. Speakers match case-insensitively
with titles and a leading article ignored, a one-word name matching the other's last word, and a
predicted name containing the gold speaker's last word. Cues match on overlapping spans or when one's
words are a contiguous part of the other's. Plain Python: importable without Django.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .config import DEFAULT_CONFIG, ExtractionConfig
from .pipeline import extract_many
from .speaker_names import speakers_match, words

KINDS = ("direct", "indirect")
LABELS = ("provided", "not_provided", "not_stated")


# ---- loading --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GoldDoc:
    article: str
    text_path: Path
    claims: list[dict]


def _gold_files(paths: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.glob("*.json") if p.is_file()))
        else:
            files.append(path)
    return files


def load_gold(paths: Iterable[Path | str]) -> list[GoldDoc]:
    """Gold documents with the path of the text each describes ("article" key, beside the json)."""
    docs = []
    for fp in _gold_files(Path(p) for p in paths):
        data = json.loads(fp.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or not isinstance(data.get("claims"), list):
            continue
        article = data.get("article") or fp.name.removesuffix(".json").removesuffix(".gold") + ".txt"
        docs.append(GoldDoc(Path(article).name, fp.parent / Path(article).name, data["claims"]))
    return docs


# ---- matching -------------------------------------------------------------------------------------


def has_speaker(claim: dict) -> bool:
    """False for a null, missing or blank gold speaker (PolNeAR's pronoun-only sources): not scored."""
    speaker = claim.get("speaker")
    return isinstance(speaker, str) and bool(speaker.strip())


def _contains(seq: list[str], sub: list[str]) -> bool:
    n = len(sub)
    return n > 0 and any(seq[i : i + n] == sub for i in range(len(seq) - n + 1))


def cues_match(gold: dict, pred: dict) -> bool:
    gs, ps = gold.get("cue_span"), pred.get("cue_span")
    if gs and ps and min(gs[1], ps[1]) > max(gs[0], ps[0]):
        return True
    g, p = words(gold.get("cue")), words(pred.get("cue"))
    return bool(g and p) and (g == p or _contains(g, p) or _contains(p, g))


def _has_cue(claim: dict) -> bool:
    return bool(words(claim.get("cue"))) or bool(claim.get("cue_span"))


def overlap(a: list[int], b: list[int]) -> tuple[float, int]:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    if inter <= 0:
        return 0.0, 0
    return inter / max(a[1] - a[0], b[1] - b[0]), inter


def match_claims(gold: list[dict], pred: list[dict], min_overlap: float) -> list[tuple[int, int]]:
    candidates = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            ratio, inter = overlap(g["content_span"], p["content_span"])
            if inter > 0 and ratio >= min_overlap:
                candidates.append((-ratio, -inter, gi, pi))
    candidates.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for _, _, gi, pi in candidates:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            pairs.append((gi, pi))
    return pairs


# ---- counting -------------------------------------------------------------------------------------


@dataclass(slots=True)
class Counts:
    gold: int = 0
    pred: int = 0
    span_tp_gold: int = 0
    span_tp_pred: int = 0
    speaker_tp: int = 0
    cue_gold: int = 0
    cue_pred: int = 0
    cue_tp: int = 0
    # matched pairs with a gold speaker, and how many of them have the right speaker, split by whether the
    # extractor marked its speaker confident ("speaker_confident", true when absent)
    speaker_scored: int = 0
    confident: int = 0
    confident_tp: int = 0
    uncertain: int = 0
    uncertain_tp: int = 0


def _evidence_counts() -> dict[str, dict[str, int]]:
    return {lab: {"tp": 0, "pred": 0, "gold": 0, "e2e_tp": 0, "e2e_pred": 0, "e2e_gold": 0} for lab in LABELS}


@dataclass(slots=True)
class Tally:
    slices: dict[str, Counts] = field(default_factory=lambda: {k: Counts() for k in ("overall", *KINDS)})
    evidence: dict[str, dict[str, int]] = field(default_factory=_evidence_counts)
    # the same per kind: gold claims by their gold kind, predictions by their predicted kind
    evidence_by_kind: dict[str, dict[str, dict[str, int]]] = field(
        default_factory=lambda: {kind: _evidence_counts() for kind in KINDS}
    )
    errors: list[dict] = field(default_factory=list)

    def add(self, article: str, gold: list[dict], pred: list[dict], min_overlap: float) -> None:
        pairs = match_claims(gold, pred, min_overlap)
        by_gold = dict(pairs)
        by_pred = {pi: gi for gi, pi in pairs}
        for g in gold:
            self._slices(g["kind"], lambda c: setattr(c, "gold", c.gold + 1))
            if _has_cue(g):
                self._slices(g["kind"], lambda c: setattr(c, "cue_gold", c.cue_gold + 1))
        for pi, p in enumerate(pred):
            self._slices(p["kind"], lambda c: setattr(c, "pred", c.pred + 1))
            if _has_cue(p) and not (pi in by_pred and not _has_cue(gold[by_pred[pi]])):
                self._slices(p["kind"], lambda c: setattr(c, "cue_pred", c.cue_pred + 1))
        for gi, pi in pairs:
            g, p = gold[gi], pred[pi]
            self._slices(g["kind"], lambda c: setattr(c, "span_tp_gold", c.span_tp_gold + 1))
            self._slices(p["kind"], lambda c: setattr(c, "span_tp_pred", c.span_tp_pred + 1))
            if not has_speaker(g):
                pass  # not scored for speaker (PolNeAR's pronoun-only sources)
            elif speakers_match(g.get("speaker"), p.get("speaker")):
                self._slices(g["kind"], lambda c: setattr(c, "speaker_tp", c.speaker_tp + 1))
                self._speaker_confidence(g["kind"], p, True)
            else:
                self._speaker_confidence(g["kind"], p, False)
                self.errors.append(
                    {
                        "article": article,
                        "type": "speaker",
                        "gold": g.get("speaker"),
                        "pred": p.get("speaker"),
                        "content": g["content"][:80],
                    }
                )
            if _has_cue(g) and cues_match(g, p):
                self._slices(g["kind"], lambda c: setattr(c, "cue_tp", c.cue_tp + 1))
        self._evidence(article, gold, pred, pairs)
        self.errors += [
            {"article": article, "type": "missed", "gold": g.get("speaker"), "content": g["content"]}
            for gi, g in enumerate(gold)
            if gi not in by_gold
        ]
        self.errors += [
            {"article": article, "type": "spurious", "pred": p.get("speaker"), "content": p["content"]}
            for pi, p in enumerate(pred)
            if pi not in by_pred
        ]

    def _speaker_confidence(self, kind: str, pred: dict, right: bool) -> None:
        confident = pred.get("speaker_confident", True) is not False

        def update(c: Counts) -> None:
            c.speaker_scored += 1
            if confident:
                c.confident += 1
                c.confident_tp += right
            else:
                c.uncertain += 1
                c.uncertain_tp += right

        self._slices(kind, update)

    def _slices(self, kind: str, update) -> None:
        update(self.slices["overall"])
        if kind in self.slices:
            update(self.slices[kind])

    def _evidence(
        self, article: str, gold: list[dict], pred: list[dict], pairs: list[tuple[int, int]]
    ) -> None:
        if not any(g.get("evidence") for g in gold):
            return

        def tables(kind: object) -> list[dict[str, dict[str, int]]]:
            return [self.evidence] + ([self.evidence_by_kind[kind]] if kind in self.evidence_by_kind else [])

        for g in gold:
            if g.get("evidence") in self.evidence:
                for table in tables(g.get("kind")):
                    table[g["evidence"]]["e2e_gold"] += 1
        for p in pred:
            if p.get("evidence") in self.evidence:
                for table in tables(p.get("kind")):
                    table[p["evidence"]]["e2e_pred"] += 1
        for gi, pi in pairs:
            gl, pl = gold[gi].get("evidence"), pred[pi].get("evidence")
            if gl not in self.evidence:
                continue
            for table in tables(gold[gi].get("kind")):
                table[gl]["gold"] += 1
                if pl in table:
                    table[pl]["pred"] += 1
                if gl == pl:
                    table[gl]["tp"] += 1
            for table in tables(pred[pi].get("kind")):
                if gl == pl:
                    table[gl]["e2e_tp"] += 1
            if gl != pl:
                self.errors.append(
                    {
                        "article": article,
                        "type": "evidence",
                        "gold": gl,
                        "pred": pl,
                        "content": gold[gi]["content"][:80],
                    }
                )


def _ratio(a: int, b: int) -> float | None:
    return a / b if b else None


def _f1(p: float | None, r: float | None) -> float | None:
    if p is None or r is None:
        return None
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def _prf(tp_pred: int, n_pred: int, tp_gold: int, n_gold: int) -> dict:
    p, r = _ratio(tp_pred, n_pred), _ratio(tp_gold, n_gold)
    return {"precision": p, "recall": r, "f1": _f1(p, r), "n_pred": n_pred, "n_gold": n_gold}


def summarise(tally: Tally) -> dict:
    out: dict = {"slices": {}, "evidence": {}}
    for name, c in tally.slices.items():
        out["slices"][name] = {
            "span": _prf(c.span_tp_pred, c.pred, c.span_tp_gold, c.gold),
            "speaker": _prf(c.speaker_tp, c.pred, c.speaker_tp, c.gold)
            | {
                "accuracy_on_matched": _ratio(c.speaker_tp, c.speaker_scored),
                "matched_with_gold_speaker": c.speaker_scored,
                "confident": {
                    "n": c.confident,
                    "accuracy": _ratio(c.confident_tp, c.confident),
                    "wrong": _ratio(c.confident - c.confident_tp, c.confident),
                },
                "uncertain": {"n": c.uncertain, "accuracy": _ratio(c.uncertain_tp, c.uncertain)},
            },
            "cue": _prf(c.cue_tp, c.cue_pred, c.cue_tp, c.cue_gold),
        }
    for lab, e in tally.evidence.items():
        out["evidence"][lab] = _evidence_prf(e)
    out["evidence_by_kind"] = {
        kind: {lab: _evidence_prf(e) for lab, e in table.items()}
        for kind, table in tally.evidence_by_kind.items()
    }
    return out


def _evidence_prf(e: dict[str, int]) -> dict:
    return {
        "matched": _prf(e["tp"], e["pred"], e["tp"], e["gold"]),
        "end_to_end": _prf(e["e2e_tp"], e["e2e_pred"], e["e2e_tp"], e["e2e_gold"]),
    }


def evaluate(
    gold_paths: Iterable[Path | str], *, min_overlap: float = 0.5, config: ExtractionConfig = DEFAULT_CONFIG
) -> tuple[dict, list[dict]]:
    """Run the extractor over the texts of the gold files; return (metrics, error list)."""
    docs = load_gold(gold_paths)
    texts = [d.text_path.read_text(encoding="utf-8") for d in docs]
    results = extract_many(texts, config=config)
    tally = Tally()
    for doc, result in zip(docs, results, strict=True):
        pred = [c.to_eval_dict() for c in result.claims]
        tally.add(doc.article, doc.claims, pred, min_overlap)
    metrics = summarise(tally)
    metrics["documents"] = len(docs)
    metrics["min_overlap"] = min_overlap
    return metrics, tally.errors


def _fmt(x: float | None) -> str:
    return "    - " if x is None else f"{x:6.3f}"


def format_table(metrics: dict) -> str:
    lines = [
        f"documents: {metrics['documents']}, span overlap >= {metrics['min_overlap']:.0%} of the longer span",
        "",
        f"{'metric':<9} {'slice':<9} {'P':>6} {'R':>6} {'F1':>6}  {'acc':>6}",
        "-" * 48,
    ]
    for metric in ("span", "speaker", "cue"):
        for name, s in metrics["slices"].items():
            d = s[metric]
            acc = _fmt(d.get("accuracy_on_matched")) if metric == "speaker" else "      "
            lines.append(
                f"{metric:<9} {name:<9} {_fmt(d['precision'])} {_fmt(d['recall'])} {_fmt(d['f1'])}  {acc}"
            )
    lines += ["", "speaker accuracy on matched claims with a gold speaker, by the extractor's confidence:"]
    for name, s in metrics["slices"].items():
        d = s["speaker"]
        conf, unc = d["confident"], d["uncertain"]
        lines.append(
            f"  {name:<9} all {_fmt(d['accuracy_on_matched'])} ({d['matched_with_gold_speaker']})"
            f" | confident {_fmt(conf['accuracy'])} ({conf['n']}, wrong {_fmt(conf['wrong']).strip()})"
            f" | uncertain {_fmt(unc['accuracy'])} ({unc['n']})"
        )
    lines += ["", f"{'evidence':<23} {'P':>6} {'R':>6} {'F1':>6}  | end to end {'P':>6} {'R':>6} {'F1':>6}"]
    rows = [(lab, d) for lab, d in metrics["evidence"].items()]
    for kind, table in metrics.get("evidence_by_kind", {}).items():
        rows += [(f"{lab} ({kind})", d) for lab, d in table.items()]
    for lab, d in rows:
        m, e = d["matched"], d["end_to_end"]
        lines.append(
            f"{lab:<23} {_fmt(m['precision'])} {_fmt(m['recall'])} {_fmt(m['f1'])}  |"
            f"            {_fmt(e['precision'])} {_fmt(e['recall'])} {_fmt(e['f1'])}"
        )
    return "\n".join(lines)
