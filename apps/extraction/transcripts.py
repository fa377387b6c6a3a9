"""Transcripts: "Q: … / A: …" and "NAME: words" turns are direct claims with no cue.

An answer's speaker is the interviewee (the person the text before the first turn names most often
across the article); a "NAME:" turn's speaker is that name. Questions are not claims (reports inside
them are found by the usual rules); reported speech inside an answer is not annotated separately.
"""

from __future__ import annotations

import re

from . import lexicon as lx
from .reported_speech import Report
from .speakers import Resolved, strip_titles

# A turn: a line opening with a short label and a colon followed by words ("A: ", "MARSH: ", "Lena Marsh: ")
_TURN = re.compile(r"^[\"“]?(?P<label>[A-Z][\w.'’ -]{0,38}?):[ \t]+(?=\S)", re.M)
_QUESTION = frozenset(["q", "question", "interviewer"])
_ANSWER = frozenset(["a", "answer"])
_FIRST_PERSON = re.compile(r"\b(I|I'm|I’m|I've|I’ve|me|my|we|our|us)\b")
_MIN_TURNS = 2


def _name_label(label: str) -> bool:
    words = label.split()
    return 1 <= len(words) <= 4 and all(w[:1].isupper() for w in words)


def _turns(text: str) -> list[tuple[str, int, int]]:
    """(label, line start, content start) of every turn line, when the text reads as a transcript."""
    found = []
    for m in _TURN.finditer(text):
        label = m.group("label").strip()
        low = label.lower()
        if low in _QUESTION or low in _ANSWER or _name_label(label):
            found.append((label, m.start(), m.end()))
    qa = [t for t in found if t[0].lower() in _QUESTION | _ANSWER]
    if sum(1 for t in qa if t[0].lower() in _ANSWER) >= 1 and sum(1 for t in qa if t[0].lower() in _QUESTION):
        return qa
    named = [t for t in found if t[0].lower() not in _QUESTION | _ANSWER]
    labels = {t[0].lower() for t in named}
    # "NAME: words" reads as a transcript only when at least two turns share a label or two speakers alternate
    if len(named) >= _MIN_TURNS and (len(labels) < len(named) or len(labels) >= 2):
        return named
    return []


def _turn_end(text: str, start: int, next_turn: int | None) -> int:
    """A turn runs to the end of its paragraph, and on over following paragraphs of the speaker's own
    words (not a bracketed note; after the last turn only while they speak in the first person)."""
    end = text.find("\n", start)
    end = len(text) if end == -1 else end
    limit = next_turn if next_turn is not None else len(text)
    while end < limit:
        nxt = end
        while nxt < len(text) and text[nxt] in "\n \t":
            nxt += 1
        if nxt >= limit:
            break
        para_end = text.find("\n", nxt)
        para_end = len(text) if para_end == -1 else para_end
        para = text[nxt:para_end].strip()
        if para.startswith(("[", "(")) or not para:
            break
        if next_turn is None and not _FIRST_PERSON.search(para):
            break
        end = para_end
    while end > start and text[end - 1] in " \t\n":
        end -= 1
    return end


def _full_name(text: str, surname: str, before: int) -> str:
    """The surname with the capitalised words that precede its first mention before the first turn
    ("Nadia Ferreira spent ..." gives "Nadia Ferreira" even when the parser tagged no PERSON there)."""
    m = re.search(r"((?:[A-Z][\w'’-]+ ){0,2})\b" + re.escape(surname) + r"\b", text[:before])
    if m is None:
        return surname
    return " ".join(strip_titles((m.group(1) + surname).split()))


def _interviewee(art, book, first_turn: int) -> Resolved | None:
    """The person the text before the first turn names and the article names most often."""
    counts = []
    for n, person in enumerate(book.people):
        surname = person.canonical.split()[-1]
        if not re.search(r"\b" + re.escape(surname) + r"\b", art.text[:first_turn]):
            continue
        counts.append((len(re.findall(r"\b" + re.escape(surname) + r"\b", art.text)), -n, person))
    if not counts:
        return None
    counts.sort(key=lambda c: c[:2], reverse=True)
    confident = len(counts) == 1 or counts[0][0] >= 2 * counts[1][0]
    person = counts[0][2]
    surname = person.canonical.split()[-1]
    full = _full_name(art.text, surname, first_turn)  # the intro's mention, as the book may merge kin
    name = full if len(full.split()) > 1 else person.canonical
    given = {m for m in re.findall(r"\b([A-Z][a-z]+) " + re.escape(surname) + r"\b", art.text)}
    if len(given - lx.TITLE_WORDS - {w.capitalize() for w in lx.TITLE_WORDS}) > 1:
        confident = False  # two people of one surname: the answers could be either's
    return _person(name, person, confident)


def _person(name: str, person, confident: bool) -> Resolved:
    aliases = tuple(dict.fromkeys([name, *(person.aliases if person else ())]))
    return Resolved(name, "person", None, None, aliases, named=True, confident=confident, basis="transcript")


def _labelled(book, label: str) -> Resolved:
    """The person a "NAME:" label names: one the article names in full, else the label itself."""
    last = label.split()[-1].lower()
    for person in book.people:
        if person.canonical.split()[-1].lower() == last:
            return _person(person.canonical, person, True)
    name = label.title() if label.isupper() else label
    return _person(name, None, True)


def find_turns(art, book) -> tuple[list[Report], list[tuple[int, int]]]:
    """Reports (speakers set) for the answers of a transcript, and the spans of every answer."""
    text = art.text
    turns = _turns(text)
    if not turns:
        return [], []
    reports, spans = [], []
    qa = turns[0][0].lower() in _QUESTION | _ANSWER
    interviewee = _interviewee(art, book, turns[0][1]) if qa else None
    for n, (label, _line_start, start) in enumerate(turns):
        nxt = turns[n + 1][1] if n + 1 < len(turns) else None
        end = _turn_end(text, start, nxt)
        low = label.lower()
        if low in _QUESTION:
            continue
        body = text[start:end].rstrip()
        if end <= start or body.endswith("?") or len(body.split()) < 2:
            continue
        speaker = interviewee if qa else _labelled(book, label)
        spans.append((start, end))
        if speaker is None:
            continue
        report = Report(None, None, (start, end), None, kind="direct")
        report.speaker, report.speaker_kind = speaker.name, speaker.kind
        report.extra["resolved"] = speaker
        report.extra["transcript"] = True
        reports.append(report)
    return reports, spans
