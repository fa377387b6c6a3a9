"""Evidence cues in the writer's voice: "provided no evidence", "without citing", "citing figures".

Cues are found from grammatical patterns over the parse (negated verbs of showing/naming/providing,
"without" + gerund, "declined to" + verb, unsupported-adjectives; verbs of citing/showing/publishing
with an evidence noun), then attached to the claim they are about (see ``attach``).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from . import lexicon as lx


@dataclass(frozen=True, slots=True)
class Cue:
    label: str  # "provided" | "not_provided"
    start: int
    end: int
    anchor_i: int  # token the cue hangs on (its verb or adjective)
    subject_i: int | None  # token index of the cue's grammatical subject, if any
    phrase_start: int | None  # char offset of the comma/linker opening a trailing phrase, if it is one

    @property
    def after_comma(self) -> bool:
        """Introduced by a comma or conjunction: a trailing comment on a clause, not part of it."""
        return self.phrase_start is not None


def _negated(tok: Token) -> bool:
    return any(c.dep_ == "neg" for c in tok.children)


def _has_no_object(tok: Token) -> bool:
    for child in tok.children:
        if child.dep_ not in ("dobj", "nsubjpass", "attr", "dative"):
            continue
        if child.lower_ in ("nothing", "none") or any(
            g.dep_ == "det" and g.lower_ == "no" for g in child.children
        ):
            return True
    return False


def _has_wh_clause(tok: Token) -> bool:
    for child in tok.children:
        if child.dep_ in ("ccomp", "dobj", "xcomp", "advcl") and any(
            t.lower_ in lx.WH_WORDS for t in (child.left_edge, child, *child.children) if t.i <= child.i
        ):
            return True
    return False


def _has_object(tok: Token) -> bool:
    return any(c.dep_ in ("dobj", "xcomp", "ccomp", "dative", "prep") for c in tok.children)


def _withholding_verb(tok: Token) -> bool:
    """A verb of showing/naming/explaining used to say something was not given."""
    lemma = tok.lemma_.lower()
    if lemma in lx.SAY_VERBS:
        return _has_wh_clause(tok)
    if lemma in ("explain", "specify", "describe", "detail", "disclose", "reveal"):
        return _has_wh_clause(tok) or _has_object(tok)
    if lemma == "elaborate":
        return True
    if lemma == "make":
        return any(c.lower_ in ("available", "public") for c in tok.subtree)
    if lemma in lx.SHOW_VERBS:
        return _has_object(tok) or lemma == "cite"
    return False


def _start_with_aux(tok: Token) -> int:
    start = tok.i
    for child in tok.children:
        if child.i < tok.i and child.dep_ in ("aux", "neg", "auxpass") and tok.i - child.i <= 3:
            start = min(start, child.i)
    return start


def _span(doc: Doc, first: int, last: int) -> tuple[int, int]:
    """Char span of the cue, ending at the end of its phrase (before a comma that opens another)."""
    for i in range(first + 1, last + 1):
        if doc[i].text in (",", ";", "(", "—", "–"):
            last = i - 1
            break
    while last > first and (doc[last].is_punct or doc[last].is_space):
        last -= 1
    return doc[first].idx, doc[last].idx + len(doc[last].text)


def _cue_subject(tok: Token) -> int | None:
    from .reported import subject_of

    subject = subject_of(tok)
    return subject.i if subject is not None else None


_LINKERS = frozenset({"and", "but", "although", "though", "while", "yet", "whereas", "however"})


def _after_comma(doc: Doc, first: int) -> int | None:
    """Where a trailing phrase opened by the cue starts: ", without ...", ", but did not ...",
    ", although she did not ..." (the comma or linking word), else None."""
    i = first - 1
    steps = 0
    while i >= 0 and steps < 4:
        tok = doc[i]
        if tok.text in (",", ";", "–", "—", "-"):
            return tok.idx
        if tok.lower_ in _LINKERS:
            prev = doc[i - 1] if i > 0 else None
            return prev.idx if prev is not None and prev.text == "," else tok.idx
        if tok.pos_ not in ("PRON", "PROPN", "NOUN", "DET"):
            return None
        i -= 1
        steps += 1
    return None


def _appositive_start(tok: Token) -> int | None:
    """ "..., an unsubstantiated allegation": the adjective sits in a noun phrase set off by a comma."""
    head = tok.head if tok.dep_ == "amod" else tok
    start = head.left_edge.i
    if head.dep_ in ("appos", "npadvmod", "dep") and start > 0 and tok.doc[start - 1].text == ",":
        return tok.doc[start - 1].idx
    return None


def _verb_cue(tok: Token) -> tuple[str, int, int] | None:
    """(label, first token, last token) of a cue anchored on this verb, if it is one."""
    lemma = tok.lemma_.lower()
    if tok.pos_ not in ("VERB", "AUX"):
        return None
    if lemma in lx.SHOW_VERBS and _has_no_object(tok) and not any(c.dep_ == "auxpass" for c in tok.children):
        return "not_provided", _start_with_aux(tok), tok.right_edge.i
    if _negated(tok) and _withholding_verb(tok):
        return "not_provided", _start_with_aux(tok), tok.right_edge.i
    if (
        _negated(tok)
        and lemma in lx.RESPOND_VERBS
        and any(t.lemma_.lower() in lx.BASIS_NOUNS for t in tok.subtree)
    ):
        return "not_provided", _start_with_aux(tok), tok.right_edge.i
    if lemma in lx.DECLINE_VERBS:
        xcomp = next((c for c in tok.children if c.dep_ == "xcomp"), None)
        if (
            xcomp is not None
            and _withholding_verb(xcomp)
            or (xcomp is not None and xcomp.lemma_.lower() in ("name", "identify", "elaborate", "release"))
        ):
            return "not_provided", _start_with_aux(tok), max(tok.right_edge.i, xcomp.right_edge.i)
        return None
    if tok.head.lower_ == "without" and tok.dep_ == "pcomp":
        if lemma in lx.SHOW_VERBS | lx.SAY_VERBS and (_withholding_verb(tok) or lemma in ("name", "cite")):
            return "not_provided", tok.head.i, tok.right_edge.i
        return None
    if _negated(tok):
        return None
    return _provided_cue(tok)


def _evidence_object(tok: Token) -> bool:
    """An evidence noun in the verb's object phrase (scanning right, stopping at the next verb)."""
    doc = tok.doc
    for i in range(tok.i + 1, min(tok.right_edge.i, tok.i + 10) + 1):
        word = doc[i]
        if word.pos_ in ("VERB", "AUX") or word.text in (";", ":"):
            break
        if word.pos_ in ("NOUN", "PROPN") and (
            word.lemma_.lower() in lx.EVIDENCE_NOUNS or word.lower_ in lx.EVIDENCE_NOUNS
        ):
            return True
    return False


def _provided_cue(tok: Token) -> tuple[str, int, int] | None:
    lemma = tok.lemma_.lower()
    if _has_no_object(tok):
        return None
    if lemma == "cite" and any(c.dep_ in ("dobj", "prep") for c in tok.children):
        return "provided", _start_with_aux(tok), tok.right_edge.i
    if lemma == "point" and any(c.dep_ == "prep" and c.lower_ == "to" for c in tok.children):
        if _evidence_object(tok):
            return "provided", _start_with_aux(tok), tok.right_edge.i
        return None
    based_on = lemma == "base" and any(c.dep_ == "prep" and c.lower_ == "on" for c in tok.children)
    if based_on and _evidence_object(tok):
        return "provided", _start_with_aux(tok), tok.right_edge.i
    if lemma in lx.PROVIDE_VERBS and _evidence_object(tok):
        if tok.dep_ in ("acl", "relcl", "amod"):
            return None  # "a table published by the department": describes a noun, not an act
        return "provided", _start_with_aux(tok), tok.right_edge.i
    return None


def find_cues(doc: Doc) -> list[Cue]:
    cues: list[Cue] = []
    for tok in doc:
        lower = tok.lower_
        if lower in lx.UNSUPPORTED_ADJECTIVES:
            cues.append(
                Cue("not_provided", tok.idx, tok.idx + len(tok.text), tok.i, None, _appositive_start(tok))
            )
            continue
        if lower == "no" and tok.dep_ == "det" and tok.head.lemma_.lower() in lx.BASIS_NOUNS:
            cue = _no_evidence_noun(tok)
            if cue is not None:
                cues.append(cue)
            continue
        found = _verb_cue(tok)
        if found is None:
            continue
        label, first, last = found
        start, end = _span(doc, first, last)
        cues.append(Cue(label, start, end, tok.i, _cue_subject(tok), _after_comma(doc, first)))
    return _dedupe(cues)


def _no_evidence_noun(det: Token) -> Cue | None:
    """ "No evidence was produced for the claim", "there is no evidence for ..." """
    noun = det.head
    verb = noun.head
    if noun.dep_ == "nsubjpass" and verb.lemma_.lower() in lx.SHOW_VERBS | lx.PROVIDE_VERBS:
        start, end = _span(det.doc, det.i, verb.right_edge.i)
        return Cue("not_provided", start, end, verb.i, None, None)
    if noun.dep_ == "attr" and verb.lemma_ == "be" and any(c.dep_ == "expl" for c in verb.children):
        start, end = _span(det.doc, det.i, noun.right_edge.i)
        return Cue("not_provided", start, end, verb.i, None, None)
    return None


def _dedupe(cues: list[Cue]) -> list[Cue]:
    """Drop cues nested inside an earlier, longer cue."""
    cues.sort(key=lambda c: (c.start, -c.end))
    kept: list[Cue] = []
    for cue in cues:
        if kept and cue.start < kept[-1].end:
            continue
        kept.append(cue)
    return kept
