"""Reading texts and writing results for the management commands (plain Python, no Django)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from .types import ExtractionResult


def collect_texts(paths: Iterable[str | Path]) -> list[Path]:
    """.txt files named directly, and every .txt inside named folders (sorted)."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(sorted(p for p in path.glob("*.txt") if p.is_file()))
        elif path.is_file():
            files.append(path)
        else:
            raise FileNotFoundError(f"No such file or folder: {path}")
    return files


def result_document(name: str, result: ExtractionResult) -> dict:
    """The eval-schema document for one article (plus status/reason when it was skipped)."""
    doc: dict = {"article": name, "claims": [c.to_eval_dict() for c in result.claims]}
    if result.status != "ok":
        doc["status"] = result.status
        doc["reason"] = result.reason
    return doc


def write_documents(out_dir: Path, documents: list[dict]) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for doc in documents:
        target = out_dir / (Path(doc["article"]).stem + ".json")
        target.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        written.append(target)
    return written


def _clip(text: str | None, width: int) -> str:
    text = (text or "-").replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + "…"


def format_result_table(name: str, result: ExtractionResult) -> str:
    lines = [
        f"{name}: {len(result.claims)} claims"
        + ("" if result.status == "ok" else f" ({result.status}: {result.reason})")
    ]
    if result.claims:
        lines.append(f"  {'kind':<8} {'speaker':<26} {'cue':<16} {'evidence':<12} content")
    for c in result.claims:
        lines.append(
            f"  {c.kind:<8} {_clip(c.speaker, 26):<26} {_clip(c.cue, 16):<16} "
            f"{c.evidence:<12} {_clip(c.content, 70)}"
        )
    return "\n".join(lines)
