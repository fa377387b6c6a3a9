"""Claim frames: two claims are the same only when what they say agrees where both say it. The examples are
the issue's own ("2.4 million" against "4.2 million", "Acme will buy Borel" against "Borel will buy Acme")."""

import pytest

from apps.similarity.frames import claims_compare, frame_of, frames_of


def verdict(a: str, b: str):
    return claims_compare(a, frame_of(a), b, frame_of(b))


@pytest.mark.parametrize(
    ("a", "b", "why"),
    [
        (
            "2.4 million people waited more than 18 weeks for treatment.",
            "4.2 million people waited more than 18 weeks for treatment.",
            "other figure: 126 days, 2.4m vs 126 days, 4.2m",
        ),
        ("Acme will buy Borel.", "Borel will buy Acme.", "roles swapped"),
        ("He will seek re-election.", "He will not seek re-election.", "opposite polarity"),
        ("It is the hottest day on the national record.", "It is the hottest day on the regional record.",
         "other scope: national vs regional"),
        ("All patients will be offered the drug.", "Children only will be offered the drug.",
         "other scope: all vs some"),
        ("Either party can call the vote.", "One party can call the vote.", "other scope: all vs some"),
        ("Inflation reached 6 percent in 2022.", "Inflation reached 6 percent in 2024.", "other time: 2022 vs 2024"),
        ("The election will be held next May.", "The election will be held next October.", "other time"),
        ("The council has closed the library.", "The council will close the library.",
         "other modality: has happened vs will happen"),
        ("The army shelled the hospital.", "The army shelled the school.", "other object: hospital vs school"),
        ("Rents rose by 9 percent.", "Rents fell by 9 percent.", "opposite direction"),
        ("Teachers in England will get a 6.5% pay rise.", "Teachers across the country will get a 6.5% pay rise.",
         "other scope: england vs national"),
        ("Unemployment among young people is 15 percent.", "Unemployment among older people is 15 percent.",
         "other object: young vs old"),
        ("Pfizer sued Moderna over the patent.", "Moderna sued Pfizer over the patent.", "roles swapped"),
    ],
)  # fmt: skip
def test_near_misses_are_told_apart_and_say_why(a, b, why):
    v = verdict(a, b)
    assert not v.same
    assert v.conflict.startswith(why), v.conflict


@pytest.mark.parametrize(
    ("a", "b", "matched"),
    [
        ("The scheme cost £9m.", "The scheme cost £9 million.", "same figures: 9m"),
        ("Exports have doubled.", "Exports have grown two times over.", "same figures: 2"),
        ("Half of all teachers quit.", "Fifty percent of teachers quit.", "same figures: 50"),
        ("Borel will be bought by Acme.", "Acme will buy Borel.", "same actor: acme"),
        ("Lee beat Park in the final.", "Park lost to Lee in the final.", "same words"),
        (
            "Troops regained control of the port after a month of fighting.",
            "The army took back the harbour town following four weeks of combat.",
            "same figures: 30 days",
        ),
        (
            "The NHS treated 1.2 million patients in January.",
            "In January the health service treated 1.2m patients.",
            "same figures: 1.2m",
        ),
        (
            "The club would not comment on the transfer.",
            "The club declined to comment on the transfer.",
            "same actor: club",
        ),
        (
            "Pfizer sued Moderna over the patent.",
            "Moderna was sued by Pfizer over the patent.",
            "same actor: pfizer",
        ),
        (
            "The mayor promised to build 10,000 homes by 2028.",
            "By 2028 the mayor will have built ten thousand homes, he pledged.",
            "same figures: 10,000",
        ),
    ],
)
def test_rewordings_agree_and_say_what_matched(a, b, matched):
    v = verdict(a, b)
    assert v.same, v.conflict
    assert any(m.startswith(matched) for m in v.matched), v.matched


def test_frames_are_read_once_per_text():
    frame_of.cache_clear()
    frame_of("The ferry was carrying 120 passengers when it sank.")
    frame_of("The ferry was carrying 120 passengers when it sank.")
    assert frame_of.cache_info().hits == 1


def test_without_the_spacy_model_the_guard_still_checks(settings):
    from apps.extraction.pipeline import _load

    settings.CLAIMTRACK_SPACY_MODEL = "no_such_spacy_model"
    _load.cache_clear()
    try:
        a, b = "Rents rose by 9 percent.", "Rents fell by 9 percent."
        fa, fb = frames_of([a, b])
    finally:
        _load.cache_clear()
    assert fa["unread"] and fb["unread"]
    assert claims_compare(a, fa, b, fb).conflict == "opposite direction"
    assert claims_compare(a, fa, "Rents went up by 9 percent.", fb).same


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("The birth rate has declined for the sixth year running.", "The birth rate has fallen for six years."),
        ("The national debt is the highest it has ever been.", "The country has never owed more money."),
        ("It is the biggest fall in house prices in the world.", "Nowhere on earth have house prices dropped further."),
        ("The refinery is no longer polluting the river.", "The river is not being polluted by the refinery any more."),
        ("Child poverty has fallen in every region.", "All regions have seen fewer children growing up poor."),
    ],
)  # fmt: skip
def test_records_falls_and_phrasal_verbs_are_read_the_right_way(a, b):
    """ "declined" alone is a fall ("declined to" denies); "never ... more" and "nowhere ... further" are records;
    "no longer" and "not ... any more" deny alike; "growing up" moves nothing."""
    assert verdict(a, b).same, verdict(a, b)


def test_a_near_miss_still_differs_after_those_readings():
    assert not verdict("The company declined to comment.", "The company commented.").same
    assert not verdict(
        "The refinery is no longer polluting the river.", "The refinery is still polluting the river."
    ).same


def by_words(a: str, b: str):
    return claims_compare(a, frame_of(a), b, frame_of(b), by_words=True)


@pytest.mark.parametrize(
    ("a", "b", "why"),
    [
        ("The regulator approved the merger of the two airlines.", "Parliament approved the treaty.",
         "other subject: airline, merger, regulator vs parliament, treaty"),
        ("The minister resigned over the scandal.", "The minister was aware of the leak.",
         "another claim about minister: scandal vs aware, leak"),
        ("The firm has cut jobs.", "Last year the company made money.", "another claim about firm = company"),
    ],
)  # fmt: skip
def test_word_overlap_candidates_about_other_things_are_not_linked(a, b, why):
    """Word overlap compares letters: a shared verb or one shared noun can score like a rewording. Embeddings are
    not held to this (they compare meanings)."""
    assert by_words(a, b).conflict.startswith(why)
    assert verdict(a, b).same


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "Troops regained control of the port.",
            "The army took back the harbour.",
        ),  # synonyms are shared things
        (
            "Inflation reached 6 percent in 2022.",
            "In 2022 prices rose at an annual rate of 6%.",
        ),  # figures agree
        ("Rents in the capital rose.", "The cost of renting in the capital climbed."),  # two things shared
    ],
)
def test_word_overlap_rewordings_sharing_synonyms_or_figures_still_match(a, b):
    assert by_words(a, b).same, by_words(a, b)


def test_the_unit_of_a_rate_is_not_another_object():
    """ "per head", "per worker": the unit a figure is counted in, not what the claim is about."""
    assert verdict(
        "The city has the highest murder rate in the state.",
        "No other city in the state has more murders per head.",
    ).same
    assert not verdict("The army shelled the hospital.", "The army shelled the school.").same
