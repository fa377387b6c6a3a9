"""The offset map a text correction moves claims by: unchanged words are found, changed ones are not."""

import random

import pytest

from apps.claims.textmap import TextMap

OLD = (
    "Finance minister Carla Benedetti said the deficit would halve by 2028. She gave no evidence.\n"
    "Mon day that NHS waiting lists fell, the minister said.\n"
    "Opposition leader Tomas Greer said the figures were invented."
)


def _moved(old, new, words):
    start = old.index(words)
    span = TextMap(old, new).move(start, start + len(words))
    return new[span[0] : span[1]] if span else None


@pytest.mark.parametrize(
    "words", ["the deficit would halve by 2028", "NHS waiting lists fell", "the figures were invented"]
)
def test_unchanged_words_are_found_after_edits_before_inside_other_lines_and_after(words):
    new = "UPDATED: " + OLD.replace("Mon day", "Monday").replace("She gave", "She has given") + "\nMore."
    assert _moved(OLD, new, words) == words


@pytest.mark.parametrize(
    ("words", "new"),
    [
        ("the deficit would halve by 2028", OLD.replace("2028", "2029")),
        ("Mon day that NHS", OLD.replace("Mon day", "Monday")),
        ("the figures were invented", OLD.replace("figures were", "figures, he said, were")),
    ],
)
def test_words_the_correction_changed_are_not_found(words, new):
    assert _moved(OLD, new, words) is None


def test_a_span_across_lines_moves_when_both_lines_are_unchanged():
    words = "evidence.\nMon day"
    assert _moved(OLD, "Intro.\n" + OLD, words) == words


def test_every_mapped_block_is_the_same_characters_in_both_texts_on_a_long_text():
    rng = random.Random(7)
    old = "\n\n".join(" ".join(f"w{rng.randint(0, 3000)}" for _ in range(80)) for _ in range(300))
    new = old.replace("w17 ", "w17x ", 3).replace(" ", "  ", 50)
    text_map = TextMap(old, new)
    assert all(old[a:b] == new[c : c + b - a] for a, b, c in text_map.blocks)
    assert sum(b - a for a, b, _ in text_map.blocks) > 0.9 * len(old)
