"""The one lexicon: each named stop-word list extends the base, and the name titles are title words."""

from __future__ import annotations

from apps.extraction import lexicon as lx


def test_every_stop_word_list_extends_the_base() -> None:
    for extended in (lx.CONTENT_STOPWORDS, lx.ENGLISH_MARKERS, lx.MATCHER_STOPWORDS):
        assert extended > lx.STOPWORDS


def test_the_lexical_matcher_keeps_negation() -> None:
    assert not {"no", "not"} & lx.MATCHER_STOPWORDS


def test_titles_before_a_name_are_title_words() -> None:
    words = {word for title in lx.TITLES for word in title.split()}
    assert words <= lx.TITLE_WORDS
