"""Which claims are found, and where they start and end, on sentences written for this file.

Each row covers one rule of reported_speech.py / quotes.py / attribution.py about finding claims (not speakers,
not evidence): negation reaching coordinated verbs, the forms of real news (colon quotes, "a statement
saying", "blamed X for", "called X "..."", misparsed clauses, attributions inside the sentence, split
quotes with long attributions), and where a claim's content stops. People, places and events are made up;
no sentence comes from the seed, the dev corpora or any news corpus.
"""

from __future__ import annotations

import pytest

from tests.extraction.claim_table import assert_exact_claims, row_ids

# (id, text, expected claims as (content, speaker suffix, cue or None, kind), exact: no other claims)
ROWS = [
    # ---- negated or refused speech coordinated with another verb: no claim ---------------------------
    (
        "negation-reaches-or-conjunct",
        "The treasurer did not list the donors or say how much each had given.",
        [],
    ),
    (
        "refusal-reaches-or-conjunct",
        "The landlord refused to name the contractor or explain why the boiler had been removed.",
        [],
    ),
    (
        "negation-not-past-and-said",
        "The coach did not name the injured player but said the squad was otherwise fit.",
        [("the squad was otherwise fit", "The coach", "said", "indirect")],
    ),
    # ---- two reporting acts coordinated: two claims ---------------------------------------------------
    (
        "told-and-said",
        'The chief constable told councillors that overtime was "out of control" and said a review '
        "would report in June.",
        [
            ('overtime was "out of control"', "The chief constable", "told", "indirect"),
            ("a review would report in June", "The chief constable", "said", "indirect"),
        ],
    ),
    (
        "denied-and-blamed",
        "Mr Okafor denied that the tender had been rigged and blamed a clerical slip for the missing bids.",
        [
            ("the tender had been rigged", "Okafor", "denied", "indirect"),
            ("a clerical slip for the missing bids", "Okafor", "blamed", "indirect"),
        ],
    ),
    (
        "said-and-urged-stops-content",
        "The growers' association said the frost had destroyed half the crop and urged buyers to be patient.",
        [("the frost had destroyed half the crop", "The growers' association", "said", "indirect")],
    ),
    # ---- "defended X, saying ..." ---------------------------------------------------------------------
    (
        "defended-saying",
        "The mayor defended the decision to sell the depot, saying the sale would pay for two new clinics.",
        [("the sale would pay for two new clinics", "The mayor", "saying", "indirect")],
    ),
    # ---- the writer's concession is cut -----------------------------------------------------------------
    (
        "concession-cut",
        "She argued that 300 beds would be lost, although the health board disputes that figure.",
        [("300 beds would be lost", "She", "argued", "indirect")],
    ),
    (
        "concession-present-tense-cut",
        "The union claimed that the depot had lost money for years, though its accounts show a small profit.",
        [("the depot had lost money for years", "The union", "claimed", "indirect")],
    ),
    # ---- blame, accuse with a gerund, dismiss/call with the phrase on the object ---------------------
    (
        "blamed-for",
        "The bus company blamed roadworks on the ring road for the late services.",
        [("roadworks on the ring road for the late services", "The bus company", "blamed", "indirect")],
    ),
    ("blamed-alone-not-claim", "The bus company blamed the council.", []),
    (
        "accused-of-gerund-conditional",
        "Ms Idowu accused her opponent of planning to close the night shelter if elected.",
        [("her opponent of planning to close the night shelter if elected", "Idowu", "accused", "indirect")],
    ),
    (
        "accused-of-gerund-dash-aside-continues",
        "The union has long accused the board of squeezing wages in its depots – so-called "
        "“efficiency drives” – that have cut pay at every site in the region.",
        [
            (
                "the board of squeezing wages in its depots – so-called “efficiency drives” – that have cut "
                "pay at every site in the region",
                "The union",
                "has long accused",
                "indirect",
            )
        ],
    ),
    (
        "dismissed-as-quote-on-object",
        'The harbour board dismissed the complaints as "noise from a few yacht owners".',
        [('the complaints as "noise from a few yacht owners"', "The harbour board", "dismissed", "indirect")],
    ),
    (
        "called-object-quote",
        'A spokesman for the tenants, Omar Haddad, called the rent rise "a tax on staying put".',
        [('the rent rise "a tax on staying put"', "Omar Haddad", "called", "indirect")],
    ),
    (
        "slammed-as",
        'The rowing club slammed the new mooring fees as "daylight robbery".',
        [('the new mooring fees as "daylight robbery"', "The rowing club", "slammed", "indirect")],
    ),
    (
        "said-noting-two-claims",
        "The curator said the painting had been cleaned twice, noting that the varnish was modern.",
        [
            ("the painting had been cleaned twice", "The curator", "said", "indirect"),
            ("the varnish was modern", "The curator", "noting", "indirect"),
        ],
    ),
    # ---- statements saying, misparsed clauses -----------------------------------------------------------
    (
        "issued-statement-saying",
        "The water company issued a statement saying the leak had been repaired overnight.",
        [("the leak had been repaired overnight", "The water company", "saying", "indirect")],
    ),
    (
        "time-before-subject-said",
        "Two years ago the regulator said the pipeline leaked 40 tonnes of oil a year.",
        [("the pipeline leaked 40 tonnes of oil a year", "the regulator", "said", "indirect")],
    ),
    (
        "argued-for-months-that",
        "Farmers have insisted for years that the quota system is unfair.",
        [("the quota system is unfair", "Farmers", "have insisted", "indirect")],
    ),
    ("said-nothing-not-claim", "The witness said nothing about the fire.", []),
    # ---- quotes: a speaker label before a colon, long split attributions, typewriter quotes -------------
    (
        "colon-label-quote",
        "14:05\nThe harbour master on local radio: “Every berth is full and the tide is still rising.”",
        [
            (
                "“Every berth is full and the tide is still rising.”",
                "The harbour master on local radio",
                None,
                "direct",
            )
        ],
    ),
    ("colon-after-sentence-not-label", "Her verdict: “Nobody will miss the old stand.”", []),
    (
        "split-quote-long-attribution",
        '"The roof was never meant to carry snow," said Edda Lind, a surveyor who has inspected the hall for '
        'the parish every winter since 2004. "It should have been closed years ago."',
        [
            (
                '"The roof was never meant to carry snow," said Edda Lind, a surveyor who has inspected the hall '
                'for the parish every winter since 2004. "It should have been closed years ago."',
                "Edda Lind",
                "said",
                "direct",
            )
        ],
    ),
    (
        "typewriter-quotes",
        "''The levy will be gone by spring,'' the treasurer said. ''Nobody will miss it.''",
        [
            (
                "''The levy will be gone by spring,'' the treasurer said. ''Nobody will miss it.''",
                "the treasurer",
                "said",
                "direct",
            )
        ],
    ),
    # ---- attribution inside the sentence ----------------------------------------------------------------
    (
        "parenthetical-attribution",
        "The only warning they had, one shopkeeper said, was a text message at midnight.",
        [
            (
                "The only warning they had, one shopkeeper said, was a text message at midnight",
                "one shopkeeper",
                "said",
                "indirect",
            )
        ],
    ),
]


@pytest.mark.parametrize("row", ROWS, ids=row_ids(ROWS))
def test_claims_found(row) -> None:
    assert_exact_claims(row)
