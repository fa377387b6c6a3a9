"""Speakers and speaker confidence on invented sentences (issue 11, item 5).

People, bodies and events are made up; the wording is not from the seed, the dev corpora or PolNeAR. Each
case names the claim by a piece of its content and says who should be its speaker, of which kind, and
whether the extractor may be sure of it. When the rules cannot tell who spoke, the claim must say so
(`speaker_confident` False) and keep the text's own words rather than the nearest name, except for a
pronoun or a quote with no attribution, where the nearest candidate is kept as a flagged guess.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest

from apps.extraction import extract_claims
from apps.extraction.evaluation import evaluate, format_table


@dataclass(frozen=True)
class Row:
    id: str
    text: str
    content: str  # a piece of the claim's content
    speaker: str | tuple[str, ...]  # the speaker, or any of these (a flagged guess between two people)
    confident: bool
    kind: str = ""  # speaker kind, when checked
    mention: str | None = None  # the words the speaker was found by, when checked


_COURT = (
    "A bus driver ignored three red lights before a crash that injured nine passengers, a prosecutor told "
    "Marlow Crown Court on Thursday.\n\nOwen Pritchard, 52, of Castleby, denies dangerous driving.\n\n"
    'Opening the case, Rhiannon Dale said the bus had been travelling at twice the speed limit. "He was '
    'warned, and he carried on," the prosecutor said.\n\nTobias Wren, defending, said his client had '
    "suffered a blackout at the wheel. The defendant told police that he remembered nothing of the crash."
)

ROWS = [
    # ---- the text says who: sure -------------------------------------------------------------------
    Row(
        "apposition-before-name",
        "The agency's director, Lena Marsh, said the grant scheme had been cut by a third.",
        "grant scheme",
        "Lena Marsh",
        True,
        "person",
    ),
    Row(
        "possessor-misparse-apposition",
        "The museum’s former curator, Idris Calloway, testified that the loans had never been insured.",
        "loans had never",
        "Idris Calloway",
        True,
        "person",
    ),
    Row(
        "spokesperson-for-organisation",
        "A spokesperson for the Department for Transport said the new timetable would start in June.",
        "new timetable",
        "the Department for Transport",
        True,
        "organisation",
    ),
    Row(
        "spokeswoman-for-organisation",
        "A spokeswoman for the Harbour Trust said the pier would reopen next spring.",
        "pier would reopen",
        "the Harbour Trust",
        True,
        "organisation",
    ),
    Row(
        "pronoun-gender-decides",
        "Mr Alvarez spoke first and Ms Okoro answered him. She said the talks had collapsed over pay.",
        "talks had collapsed",
        "Okoro",
        True,
        "person",
        "She",
    ),
    Row(
        "title-names-the-role",
        "Treasurer Ana Bell presented the annual report on Monday. The treasurer said the accounts were in "
        "order.",
        "accounts were in order",
        "Ana Bell",
        True,
        "person",
    ),
    Row(
        "unnamed-group-verbatim",
        "Officials in Darrow said the ring road would stay closed until August.",
        "ring road",
        "Officials in Darrow",
        True,
        "group",
    ),
    Row(
        "first-word-of-an-organisation",
        "Brackwater Foods reported a loss on Monday. Brackwater said the factory in Selby would stay open.",
        "factory in Selby",
        "Brackwater Foods",
        True,
        "organisation",
    ),
    # ---- the rules cannot tell: uncertain ----------------------------------------------------------
    Row(
        "a-title-two-people-hold",
        "Rovers manager Sam Doyle and City manager Ken Abbot met after the game. The manager said the referee "
        "had lost control.",
        "referee had lost control",
        "The manager",
        False,
    ),
    Row(
        "two-men-in-play",
        "Mr Alvarez spoke first, and Mr Okoro answered him. He said the talks had collapsed over pay.",
        "talks had collapsed",
        ("Alvarez", "Okoro"),
        False,
        "person",
        "He",
    ),
    Row(
        "role-noun-tied-to-no-name",
        "Tom Reyes and Ana Bell left the meeting early. The treasurer said the accounts were in order.",
        "accounts were in order",
        "The treasurer",
        False,
    ),
    Row(
        "indefinite-role-named-later",
        "A prosecutor told the court that the defendant had lied about the money. Gemma Hart, prosecuting, "
        "showed the jury his bank statements.",
        "defendant had lied",
        "Gemma Hart",  # the one prosecutor the report names ("X, prosecuting"): a flagged guess
        False,
        "person",
        "A prosecutor",
    ),
    Row(
        "pronoun-with-no-antecedent",
        "He said the vote had been rigged from the start.",
        "vote had been rigged",
        "He",
        False,
    ),
    Row(
        "quote-speaker-from-context",
        "Mayor Joan Pike cut the ribbon at the new library on Saturday.\n"
        "“We built this for the children of this town, and they will fill it.”",
        "We built this",
        "Joan Pike",
        False,
        "person",
    ),
    Row(
        "title-gives-gender-outside-a-name",  # "Mr Kell's call": Kell is a man, so "She" is Lund
        "Opening the case, Petra Lund said a driver, Amos Kell, had seen the lorry leave before dawn, and "
        "played the jury a recording of Mr Kell's call. She told jurors that the lorry had been reported "
        "stolen the next day.",
        "reported stolen",
        "Petra Lund",
        True,
        "person",
        "She",
    ),
    Row(
        "lower-case-word-tagged-as-a-name",  # "van" is no person for "She" to point to
        "Ms Okafor said a courier, Dario Venn, had left the parcel at the wrong address. Mr Venn's van was "
        "later seen at the depot. She said the depot had no record of either delivery.",
        "no record",
        "Okafor",
        True,
        "person",
        "She",
    ),
    Row(
        "two-women-untitled-pronoun-is-a-guess",  # a guess teaches no gender, so it stays a guess
        "Lena Dorsey and Priya Malik run the Eastgate clinic. Dorsey said the rota was full. Malik said it "
        "was not. She said the clinic would close in May.",
        "close in May",
        ("Priya Malik", "Lena Dorsey"),
        False,
        "person",
        "She",
    ),
    # ---- court conventions: "Opening the case, X", "X, defending", "X denies ..." -------------------
    Row("court-lede-prosecutor-is-a-guess", _COURT, "ignored three red lights", "Rhiannon Dale", False),
    Row("court-the-prosecutor", _COURT, "He was warned", "Rhiannon Dale", True, "person", "the prosecutor"),
    Row(
        "court-the-defendant", _COURT, "remembered nothing", "Owen Pritchard", True, "person", "The defendant"
    ),
    Row("court-defending", _COURT, "blackout at the wheel", "Tobias Wren", True, "person"),
    Row(
        "organisation-only-in-focus",
        "Corvane announced a merger with Pellow Group on Monday. The firm said no jobs would be lost.",
        "no jobs would be lost",
        "The firm",
        False,
    ),
]


def _claim(row: Row):
    result = extract_claims(row.text)
    found = [c for c in result.claims if row.content in c.content]
    assert len(found) == 1, [c.content for c in result.claims]
    return found[0]


@pytest.mark.parametrize("row", ROWS, ids=[r.id for r in ROWS])
def test_speaker_and_confidence(row: Row):
    claim = _claim(row)
    wanted = row.speaker if isinstance(row.speaker, tuple) else (row.speaker,)
    assert any(claim.speaker == w or claim.speaker.endswith(" " + w) for w in wanted), claim.speaker
    assert claim.speaker_confident is row.confident
    if row.kind:
        assert claim.speaker_kind == row.kind
    if row.mention is not None:
        assert claim.speaker_mention == row.mention
    assert claim.to_eval_dict()["speaker_confident"] is row.confident


def test_every_claim_says_how_sure_its_speaker_is():
    text = " ".join(r.text.replace("\n", " ") for r in ROWS[:4])
    claims = extract_claims(text).claims
    assert claims and all(isinstance(c.to_eval_dict()["speaker_confident"], bool) for c in claims)


def test_evaluation_splits_speaker_accuracy_by_confidence_and_evidence_by_kind(tmp_path):
    text = (
        "Mr Alvarez spoke first, and Mr Okoro answered him. He said the talks had collapsed over pay.\n"
        "Officials in Darrow said the ring road would stay closed until August, but gave no evidence.\n"
        "“The bridge is safe,” the engineer Petra Lund said.\n"
    )
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")

    def span(part: str) -> list[int]:
        return [text.index(part), text.index(part) + len(part)]

    gold = {
        "article": "a.txt",
        "claims": [
            {  # the extractor guesses Okoro, flagged: gold says Alvarez
                "speaker": "Mr Alvarez",
                "content": "the talks had collapsed over pay",
                "content_span": span("the talks had collapsed over pay"),
                "kind": "indirect",
                "evidence": "not_stated",
            },
            {
                "speaker": "Officials in Darrow",
                "content": "the ring road would stay closed until August",
                "content_span": span("the ring road would stay closed until August"),
                "kind": "indirect",
                "evidence": "not_provided",
            },
            {
                "speaker": "Petra Lund",
                "content": "“The bridge is safe,”",
                "content_span": span("“The bridge is safe,”"),
                "kind": "direct",
                "evidence": "not_stated",
            },
        ],
    }
    (tmp_path / "a.json").write_text(json.dumps(gold), encoding="utf-8")
    metrics, _ = evaluate([tmp_path])
    speaker = metrics["slices"]["overall"]["speaker"]
    assert speaker["confident"] == {"n": 2, "accuracy": 1.0, "wrong": 0.0}
    assert speaker["uncertain"] == {"n": 1, "accuracy": 0.0}
    by_kind = metrics["evidence_by_kind"]
    assert by_kind["indirect"]["not_provided"]["end_to_end"]["n_gold"] == 1
    assert by_kind["direct"]["not_provided"]["end_to_end"]["n_gold"] == 0
    assert by_kind["direct"]["not_stated"]["end_to_end"]["recall"] == 1.0
    table = format_table(metrics)
    assert "confident  1.000 (2, wrong 0.000) | uncertain  0.000 (1)" in table
    assert "not_provided (indirect)" in table and "not_stated (direct)" in table


def test_evaluation_skips_null_gold_speakers_and_reads_appositions(tmp_path):
    text = "The club's manager, Dev Patel, said the pitch was waterlogged. He said the match was off.\n"
    (tmp_path / "b.txt").write_text(text, encoding="utf-8")
    first, second = "the pitch was waterlogged", "the match was off"
    gold = {
        "article": "b.txt",
        "claims": [
            {
                "speaker": "The club's manager, Dev Patel",
                "content": first,
                "content_span": [text.index(first), text.index(first) + len(first)],
                "kind": "indirect",
            },
            {
                "speaker": None,
                "content": second,
                "content_span": [text.index(second), text.index(second) + len(second)],
                "kind": "indirect",
            },
        ],
    }
    (tmp_path / "b.json").write_text(json.dumps(gold), encoding="utf-8")
    metrics, _ = evaluate([tmp_path])
    speaker = metrics["slices"]["overall"]["speaker"]
    assert speaker["matched_with_gold_speaker"] == 1 and speaker["accuracy_on_matched"] == 1.0
