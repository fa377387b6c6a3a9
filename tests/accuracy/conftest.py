"""A desk after a day of review, built with the factories and the claims app's own review services."""

from dataclasses import dataclass

import pytest

from apps.claims.models import Claim
from apps.claims.services import (
    ClaimEdit,
    claim_confirm,
    claim_create_manual,
    claim_dismiss,
    claim_edit,
    claim_flag_unsupported,
)
from tests.factories import ArticleFactory, ClaimFactory, EditorFactory, SourceFactory, SpeakerFactory

TEXT = (
    "The mayor, Jane Doe, said the bridge would reopen in May. "
    "She provided no evidence for this claim. "
    "Engineers say repairs could take a year. "
    "The council said the budget was balanced. "
    "Critics argued the plan was rushed. "
    "A spokesman insisted the fares would not rise."
)


def span(text: str, phrase: str) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)


def machine_claim(article, phrase: str, **kwargs) -> Claim:
    start, end = span(article.text, phrase)
    kwargs.setdefault("extractor_version", article.extractor_version)
    return ClaimFactory(article=article, start=start, end=end, **kwargs)


def edit(claim: Claim, user, *, start=None, end=None, speaker=None, evidence=None) -> Claim:
    return claim_edit(
        claim=claim,
        user=user,
        edit=ClaimEdit(
            content_start=claim.start if start is None else start,
            content_end=claim.end if end is None else end,
            speaker=claim.speaker if speaker is None else speaker,
            kind=claim.kind,
            evidence=claim.evidence if evidence is None else evidence,
            status=Claim.ReviewStatus.CONFIRMED,  # an edit keeps the status unless the editor chooses one
        ),
    )


@dataclass
class Desk:
    north: object
    south: object
    a1: object
    a2: object
    claims: dict
    editor: object


@pytest.fixture
def desk(db) -> Desk:
    """Source North, extractor v1, one article: 4 machine claims reviewed (confirmed, dismissed, speaker
    changed, evidence changed) and one claim added by hand.
    Source South, extractor v2, one article: 3 machine claims (one unreviewed, one span edited, one flagged
    unsupported unchanged)."""
    ed = EditorFactory(username="acc-ed")
    north, south = SourceFactory(name="North Gazette"), SourceFactory(name="South Herald")
    a1 = ArticleFactory(source=north, text=TEXT, extractor_version="v1", title="Bridge to reopen")
    a2 = ArticleFactory(source=south, text=TEXT + " (South.)", extractor_version="v2", title="Council budget")
    jane, council = SpeakerFactory(name="Jane Doe"), SpeakerFactory(name="The council")
    c = {}
    c["confirmed"] = machine_claim(a1, "the bridge would reopen in May", speaker=jane)
    c["dismissed"] = machine_claim(a1, "She provided no evidence for this claim", speaker=jane)
    c["speaker"] = machine_claim(a1, "repairs could take a year", speaker=jane)  # wrong: engineers said it
    c["evidence"] = machine_claim(a1, "the budget was balanced", speaker=council)
    claim_confirm(claim=c["confirmed"], user=ed)
    claim_dismiss(claim=c["dismissed"], user=ed)
    c["speaker"] = edit(c["speaker"], ed, speaker=SpeakerFactory(name="Engineers"))
    c["evidence"] = edit(c["evidence"], ed, evidence=Claim.Evidence.NOT_PROVIDED)
    start, end = span(TEXT, "the plan was rushed")
    c["missed"] = claim_create_manual(
        article=a1, user=ed, start=start, end=end, speaker=SpeakerFactory(name="Critics")
    )

    c["new"] = machine_claim(a2, "the bridge would reopen in May", speaker=jane)
    c["span"] = machine_claim(a2, "repairs could take a year", speaker=council)
    c["unsupported"] = machine_claim(a2, "the fares would not rise", speaker=council)
    start, end = span(a2.text, "Engineers say repairs could take a year")
    c["span"] = edit(c["span"], ed, start=start, end=end)
    claim_flag_unsupported(claim=c["unsupported"], user=ed)
    return Desk(north, south, a1, a2, c, ed)
