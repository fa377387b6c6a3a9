"""Whether two speaker names are the same speaker, as the scorer (../shared/eval/score.py) compares them:
case-insensitively with titles and a leading article ignored, a one-word name matching the other's last
word, and a predicted name containing the gold speaker's last word. The rules use it to tell one speaker's
claims from another's, evaluation.py to score speakers."""

from __future__ import annotations

import re
import unicodedata

from .lexicon import TITLE_WORDS

_DETERMINERS = frozenset({"the", "a", "an"})


def words(text: object) -> list[str]:
    """The words of a name or cue, case-folded, with curly apostrophes straightened and "'s" dropped."""
    if not isinstance(text, str):
        return []
    text = unicodedata.normalize("NFKC", text).casefold().replace("\u2019", "'").replace("\u2018", "'")
    text = re.sub(r"'s\b", "", text)
    return re.findall(r"[^\W_]+(?:[-'][^\W_]+)*", text)


def _speaker_tokens(name: object) -> list[str]:
    tokens = words(name)
    while tokens and (tokens[0] in TITLE_WORDS or tokens[0] in _DETERMINERS):
        tokens = tokens[1:]
    return tokens


def speakers_match(gold: object, pred: object) -> bool:
    """Same speaker; a gold noun phrase with an apposition ("Rep. Jane Doe (D-Mo.)", "The club's manager,
    David Feder") is compared by the name before it, or after a description, as score.py does."""
    if not isinstance(gold, str):
        return _names_match(gold, pred)
    parts = [part for part in re.split(r"[,()]", gold) if _speaker_tokens(part)]
    if not parts:
        return _names_match(gold, pred)
    if _names_match(parts[0], pred):
        return True
    described = re.search(r"['\u2019]s\b", parts[0]) or words(parts[0])[:1] in (["the"], ["a"], ["an"])
    return bool(described) and len(parts) > 1 and _names_match(parts[1], pred)


def _names_match(gold: object, pred: object) -> bool:
    g, p = _speaker_tokens(gold), _speaker_tokens(pred)
    if not g and not p:
        return words(gold) == words(pred)
    if not g or not p:
        return False
    return g == p or (len(g) == 1 and g[0] == p[-1]) or (len(p) == 1 and p[0] == g[-1]) or g[-1] in p
