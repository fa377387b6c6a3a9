"""A desk's decisions written for the triage tests: varied claims, labelled by a policy the model is not told.

The desk checks claims about health, public money and crime (with or without figures) and accusations of
wrongdoing; it dismisses sport, weather, event listings and opinions, figures or not. 5 % of the labels are
flipped (editors disagree). The prior likes every figure and so ranks sport scores and rainfall high: a model
that learns this desk's policy must beat it. Claims come in at random times, so newest first ranks at chance.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from apps.claims.models import Claim, Speaker
from tests.factories import ArticleFactory, EditorFactory

PLACES = ["Leeds", "Bristol", "Cardiff", "Norwich", "Derby", "Exeter", "York", "Dundee", "Bath", "Hull"]
TEAMS = ["the Rovers", "United", "the Tigers", "City", "the Saints"]

WORTH = [  # (template, evidence weights) the desk checks
    "waiting times at {place} hospital rose to {n} weeks",
    "the hospital in {place} had cut {n} beds since the spring",
    "nurses in {place} were leaving because of low pay",
    "the council had spent £{n} million on consultants",
    "the budget for {place} schools was cut by a third",
    "the health trust had hidden the real waiting lists",
    "burglaries in {place} doubled last year",
    "police in {place} had covered up the crime figures",
    "the mayor of {place} had misled residents about the contract",
    "the minister lied about the cost of the new hospital",
    "ambulance response times in {place} were the worst in the country",
    "fraud at the {place} housing office cost taxpayers £{n}m",
]
NOT_WORTH = [
    "{team} scored {n} goals this season",
    "the stadium in {place} would hold {n} fans next season",
    "{team} played brilliantly in the second half",
    "it rained for {n} days in a row in {place}",
    "the summer in {place} was the hottest on record",
    "temperatures would reach {n} degrees at the weekend",
    "the {place} food festival would open on Saturday with {n} stalls",
    "the library in {place} would host a book fair in June",
    "I think the parade was a great success",
    "we are proud of our volunteers in {place}",
    "the new bridge in {place} looks beautiful",
    "the concert drew {n} people to the park",
]
SPEAKERS = [
    ("Alice Martin", Speaker.Kind.PERSON),
    ("Tom Reyes", Speaker.Kind.PERSON),
    ("Priya Shah", Speaker.Kind.PERSON),
    ("the city council", Speaker.Kind.ORGANISATION),
    ("the health trust", Speaker.Kind.ORGANISATION),
    ("Dan Okafor", Speaker.Kind.PERSON),
]
EVIDENCE = [Claim.Evidence.NOT_STATED] * 6 + [Claim.Evidence.NOT_PROVIDED] * 2 + [Claim.Evidence.PROVIDED] * 2


def build(
    *,
    decisions: int = 600,
    seed: int = 7,
    worth_share: float = 0.3,
    noise: float = 0.05,
    start=None,
    invert: bool = False,
    editor=None,
) -> list[Claim]:
    """Write `decisions` reviewed claims, decided one a minute from `start` (default: 30 days ago), and
    return them in decision order. `invert` labels them by the opposite policy (a desk that changed its mind)."""
    rng = random.Random(seed)
    editor = editor or EditorFactory()
    speakers = [Speaker.objects.get_or_create(name=n, defaults={"kind": k})[0] for n, k in SPEAKERS]
    articles = [ArticleFactory() for _ in range(max(1, decisions // 25))]
    start = start or timezone.now() - timedelta(days=30)
    rows = []
    for i in range(decisions):
        worth = rng.random() < worth_share
        template = rng.choice(WORTH if worth else NOT_WORTH)
        content = template.format(place=rng.choice(PLACES), team=rng.choice(TEAMS), n=rng.randint(2, 900))
        label = worth != (rng.random() < noise)
        if invert:
            label = not label
        status = (
            rng.choice([Claim.ReviewStatus.CONFIRMED, Claim.ReviewStatus.UNSUPPORTED])
            if label
            else Claim.ReviewStatus.DISMISSED
        )
        article = articles[i % len(articles)]
        rows.append(
            Claim(
                article=article,
                speaker=rng.choice(speakers),
                content=content,
                start=10 * (i // len(articles)),
                end=10 * (i // len(articles)) + 5,
                cue=rng.choice(["said", "said", "claimed", "told reporters"]),
                evidence=rng.choice(EVIDENCE),
                review_status=status,
                reviewed_by=editor,
                reviewed_at=start + timedelta(minutes=i),
            )
        )
    made = Claim.objects.bulk_create(rows)
    # arrival times at random within the period: newest first knows nothing of the labels
    for claim in made:
        claim.created_at = start - timedelta(minutes=rng.randint(0, 60 * 24 * 30))
    Claim.objects.bulk_update(made, ["created_at"])
    return made
