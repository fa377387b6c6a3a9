"""Second round on which claims are found and who said them (issue 11), on passages written for this file.

Rows cover transcripts ("Q: … / A: …" answers, whose speaker is the interviewee the intro names; "NAME:"
turns), and what is not a claim in them (questions, reported speech inside an answer, labelled lines that
are not a transcript); a name set off after a fronted participle ("Opening the case, NAME KC, prosecuting,
said"); an attribution set off by commas before a quote ("It was, the president said, “…”"); ", citing X" as a reason outside the content; "according to data it published" (the publisher
speaks, and the data back its claim); a quote standing after a named person's gesture ("X shrugs. “…”"). People, places and events are made up; no sentence comes from the seed, the dev
corpora or any news corpus.
"""

from __future__ import annotations

import pytest

from apps.extraction import extract_claims
from tests.extraction.claim_table import assert_exact_claims, row_ids

QA = (
    "Tomasz Wierzba ran the county's gritting depot for eleven years. He spoke to us about last winter.\n\n"
    "Q: Were the lorries ready when the snow came?\n\n"
    "A: Half of them were off the road. Two had failed their brake checks in October.\n\n"
    "Q: Did the council know?\n\n"
    "A: I told them in writing in September.\n\n"
    "It was the third depot closure in the county since 2019.\n"
)

QA_TWO_PARAGRAPHS = (
    "The retired ferry pilot Ines Calloway, whose brother Mark Calloway still works the harbour, "
    "talked to us at her home. Calloway left the service in May.\n\n"
    "Q: What changed on the crossing?\n\n"
    "A: The timetable was cut to four sailings a day.\n\n"
    "Nobody asked the crews first. We read about it in the newsletter.\n\n"
    "Q: And now?\n\n"
    "A: Now the early boat is always full.\n"
)

NAMED = (
    "The two candidates for mayor met on local radio on Tuesday. An edited transcript follows.\n\n"
    "Priya Hollis: The bus lanes have cut journey times by a fifth.\n\n"
    "DENHAM: That figure counts only the morning peak.\n\n"
    "Priya Hollis: It counts every weekday journey, and the operator publishes it monthly.\n"
)

NOT_TRANSCRIPT = (
    "Update: The road has reopened after the lorry was recovered.\n\n"
    "The council said the resurfacing would finish on Friday.\n"
)

# (id, text, expected claims as (content, speaker suffix, cue or None, kind), exact: no other claims)
ROWS = [
    (
        "qa-answers-are-the-interviewees",
        QA,
        [
            (
                "Half of them were off the road. Two had failed their brake checks in October.",
                "Tomasz Wierzba",
                None,
                "direct",
            ),
            ("I told them in writing in September.", "Tomasz Wierzba", None, "direct"),
        ],
    ),
    (
        "qa-answer-runs-over-two-paragraphs-most-named-person",
        QA_TWO_PARAGRAPHS,
        [
            (
                "The timetable was cut to four sailings a day.\n\n"
                "Nobody asked the crews first. We read about it in the newsletter.",
                "Ines Calloway",
                None,
                "direct",
            ),
            ("Now the early boat is always full.", "Ines Calloway", None, "direct"),
        ],
    ),
    (
        "named-turns-are-each-speakers",
        NAMED,
        [
            ("The bus lanes have cut journey times by a fifth.", "Priya Hollis", None, "direct"),
            ("That figure counts only the morning peak.", "Denham", None, "direct"),
            (
                "It counts every weekday journey, and the operator publishes it monthly.",
                "Priya Hollis",
                None,
                "direct",
            ),
        ],
    ),
    # ---- a name set off after a fronted phrase, before a role: the verb's speaker ----------------------
    (
        "fronted-participle-name-role",
        "Opening the appeal, Corinna Vale, for the council, said the inspector had misread the plans.",
        [("the inspector had misread the plans", "Corinna Vale", "said", "indirect")],
    ),
    (
        "fronted-participle-name-role-participle",
        "Closing the defence case, Oren Achterberg, defending, told the jury the van had been sold in May.",
        [("the van had been sold in May", "Oren Achterberg", "told", "indirect")],
    ),
    # ---- an attribution set off by commas in front of a quote: the sentence runs round it --------------
    (
        "parenthetical-before-quote",
        "Harbour pilots have complained for months. The plan was, the harbour master said, “a disaster "
        "waiting to happen for every small boat in the bay.”",
        [
            (
                "The plan was, the harbour master said, “a disaster waiting to happen for every small boat in "
                "the bay.”",
                "the harbour master",
                "said",
                "indirect",
            )
        ],
    ),
    (
        "parenthetical-after-short-adverbial",
        "Since the spring, the treasurer said, the club has paid off half of its debts.",
        [("the club has paid off half of its debts", "the treasurer", "said", "indirect")],
    ),
    (
        "parenthetical-inside-subject-runs-round",
        "The last bus of the night, one resident said, never turns up before midnight.",
        [
            (
                "The last bus of the night, one resident said, never turns up before midnight",
                "one resident",
                "said",
                "indirect",
            )
        ],
    ),
    # ---- a quote standing after a sentence whose subject is a named person: that person's --------------
    (
        "quote-after-a-gesture",
        "Halvard Strom has coached the rowing club since 2009. Asked about the new boathouse, Strom smiles. "
        "“It took eleven years of raffles. Every oar in there was paid for by a cake sale.”",
        [
            (
                "“It took eleven years of raffles. Every oar in there was paid for by a cake sale.”",
                "Halvard Strom",
                None,
                "direct",
            )
        ],
    ),
    # ---- ", citing X" after a reported clause: a reason, not what was said ----------------------------
    (
        "citing-a-reason-is-not-content",
        "The organisers said the parade would be postponed, citing the forecast of gales.",
        [("the parade would be postponed", "The organisers", "said", "indirect")],
    ),
    # ---- "according to figures it published": the publisher speaks, the figures are not the speaker --
    (
        "according-to-data-it-published",
        "The ramblers' trust Greenway maintains forty stiles. Footpath closures doubled in two years, "
        "according to data it released last week.",
        [("Footpath closures doubled in two years", "Greenway", "according to", "indirect")],
    ),
    (
        "said-according-to-its-own-figures",
        "Lintrail said complaints had fallen by half, according to figures it compiled.",
        [("complaints had fallen by half", "Lintrail", "said", "indirect")],
    ),
    (
        "one-labelled-line-is-not-a-transcript",
        NOT_TRANSCRIPT,
        [("the resurfacing would finish on Friday", "The council", "said", "indirect")],
    ),
]


@pytest.mark.parametrize("row", ROWS, ids=row_ids(ROWS))
def test_claims_found(row) -> None:
    assert_exact_claims(row)


def test_answer_speaker_is_confident_only_when_one_person_dominates() -> None:
    result = extract_claims(QA)
    assert result.claims and all(c.speaker_confident for c in result.claims)
    even = QA.replace(
        "He spoke to us", "His deputy, Lena Ortiz, and Ortiz's union rep joined him. Wierzba spoke to us"
    )
    answers = [c for c in extract_claims(even).claims if c.cue is None]
    assert answers and not any(c.speaker_confident for c in answers)


def test_two_people_of_one_surname_leave_the_answers_uncertain() -> None:
    answers = [c for c in extract_claims(QA_TWO_PARAGRAPHS).claims if c.cue is None]
    assert answers and {c.speaker for c in answers} == {"Ines Calloway"}
    assert not any(c.speaker_confident for c in answers)


def test_own_figures_back_the_claim() -> None:
    text = "Lintrail said complaints had fallen by half, according to figures it compiled."
    (claim,) = extract_claims(text).claims
    assert claim.evidence == "provided"
    assert claim.evidence_cue == "figures it compiled"


def test_parenthetical_before_quote_keeps_the_quote_with_its_speaker() -> None:
    text = (
        "The lorry drivers waited all night. The queue was, one driver said, “longer than anything we saw "
        "during the strike.”"
    )
    (claim,) = extract_claims(text).claims
    assert "“longer than anything we saw during the strike.”" in claim.content
    assert (claim.speaker, claim.cue) == ("one driver", "said")
