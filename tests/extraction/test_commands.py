"""The two extraction commands, as a newsroom would run them: no database needed."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def _run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_extract_claims_json_for_one_file_matches_the_eval_schema():
    doc = json.loads(_run("extract_claims", str(SEEDS / "kazakhstan-unrest.txt"), "--json"))
    text = (SEEDS / "kazakhstan-unrest.txt").read_text(encoding="utf-8")
    assert doc["article"] == "kazakhstan-unrest.txt"
    assert len(doc["claims"]) >= 10
    keys = {"speaker", "content", "content_span", "kind", "cue", "cue_span", "evidence"}
    for claim in doc["claims"]:
        assert keys <= set(claim)
        if (
            claim["evidence"] != "not_stated"
        ):  # as in the gold schema: evidence words only when there are some
            s, e = claim["evidence_span"]
            assert text[s:e] == claim["evidence_cue"]
        start, end = claim["content_span"]
        assert text[start:end] == claim["content"]
        assert claim["evidence"] in {"provided", "not_provided", "not_stated"}
    flagged = [c for c in doc["claims"] if c["evidence"] == "not_provided"]
    assert {c["evidence_cue"] for c in flagged} == {
        "did not name those responsible",
        "provided no evidence for this claim",
        "without giving evidence",
    }


def test_extract_claims_folder_and_out_dir(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("The mayor said the bridge would reopen in May.", encoding="utf-8")
    (folder / "b.txt").write_text("“We will win,” said coach Dana Wells.", encoding="utf-8")
    (folder / "notes.md").write_text("ignored", encoding="utf-8")
    docs = json.loads(_run("extract_claims", str(folder), "--json"))
    assert [d["article"] for d in docs] == ["a.txt", "b.txt"]
    _run("extract_claims", str(folder), "--out", str(tmp_path / "out"))
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == ["a.json", "b.json"]
    b = json.loads((tmp_path / "out" / "b.json").read_text())
    assert b["claims"][0]["speaker"] == "Dana Wells" and b["claims"][0]["kind"] == "direct"


def test_extract_claims_refuses_a_missing_path(tmp_path):
    with pytest.raises(CommandError):
        _run("extract_claims", str(tmp_path / "nope.txt"))


def test_evaluate_extraction_on_the_seed_gold():
    table = _run("evaluate_extraction", str(SEEDS / "kazakhstan-unrest.gold.json"))
    assert "span" in table and "speaker" in table
    report = json.loads(_run("evaluate_extraction", str(SEEDS / "kazakhstan-unrest.gold.json"), "--json"))
    flat = json.dumps(report)
    assert "f1" in flat.lower()
    overall = report["slices"]["overall"]
    assert overall["span"]["f1"] >= 0.9 and overall["speaker"]["accuracy_on_matched"] >= 0.9
    assert report["evidence"]["not_provided"]["end_to_end"] == {
        "precision": 1.0,
        "recall": 1.0,
        "f1": 1.0,
        "n_pred": 3,
        "n_gold": 3,
    }
