"""Reported speech from the dependency parse: reporting verbs, "according to", "X's claim that"."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from . import lexicon as lx

_TRIM_LEFT = frozenset({"that", ",", ":", ";", "-", "–", "—"})
_TRIM_RIGHT = frozenset({",", ".", ":", ";", "-", "–", "—", "and", "but", "or"})


@dataclass(slots=True)
class Report:
    """One reporting act found in the parse (mutable while the pipeline works on it)."""

    verb_i: int | None  # token index of the reporting verb (None for "according to")
    cue_span: tuple[int, int] | None
    content: tuple[int, int] | None  # char span of the reported content, None if none found
    subject_i: int | None  # token index of the speaker mention's head
    subject_span: tuple[int, int] | None = None  # char span of the mention, when not a token subtree
    kind: str = "indirect"
    quote: tuple[int, int] | None = None
    evidence: str = "not_stated"
    evidence_cue: tuple[int, int] | None = None
    speaker: str = ""
    speaker_kind: str = "group"
    extra: dict = field(default_factory=dict)


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)


def subject_of(verb: Token, depth: int = 0) -> Token | None:
    """The grammatical subject of a verb, inherited through conj/advcl/xcomp chains."""
    for child in verb.children:
        if child.dep_ in ("nsubj", "csubj"):
            return child
    for child in verb.children:
        if child.dep_ == "agent":
            for grandchild in child.children:
                if grandchild.dep_ == "pobj":
                    return grandchild
    if depth >= 3 or verb.head is verb:
        return None
    if verb.dep_ == "acl" and verb.tag_ in ("VBD", "VBZ") and verb.head.pos_ in ("NOUN", "PROPN"):
        return verb.head  # mis-parse of "A group, X, claimed ...": the finite verb belongs to the noun
    if verb.dep_ in ("conj", "advcl", "xcomp", "acl") and verb.head.pos_ in ("VERB", "AUX"):
        if verb.dep_ == "acl":
            return None
        return subject_of(verb.head, depth + 1)
    if verb.dep_ == "pcomp" and verb.head.lower_ == "as" and verb.head.head.pos_ == "VERB":
        # "quoted X as saying that ...": the speaker is the object of "quoted".
        for child in verb.head.head.children:
            if child.dep_ == "dobj":
                return child
    if verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN"):
        return verb.head
    return None


def _cue_span(verb: Token) -> tuple[int, int]:
    start = verb.idx
    for child in verb.children:
        if child.i < verb.i and child.dep_ in ("aux", "auxpass", "neg") and verb.i - child.i <= 3:
            start = min(start, child.idx)
    if start < verb.idx:
        # Keep an adverb between auxiliary and verb ("has long accused") but never the subject.
        pass
    end = verb.idx + len(verb.text)
    for child in verb.children:
        if child.dep_ == "prt" and child.i == verb.i + 1:
            end = child.idx + len(child.text)
    if verb.i + 1 < len(verb.doc) and verb.doc[verb.i + 1].lower_ == "to" and verb.lemma_ == "point":
        end = verb.doc[verb.i + 1].idx + 2
    return start, end


def trim_span(doc: Doc, first: int, last: int) -> tuple[int, int] | None:
    """Char span of tokens first..last with leading "that" and edge punctuation removed."""
    while first <= last and (doc[first].lower_ in _TRIM_LEFT or doc[first].is_space):
        first += 1
    while last >= first and (doc[last].lower_ in _TRIM_RIGHT or doc[last].is_space):
        last -= 1
    if first > last:
        return None
    return doc[first].idx, doc[last].idx + len(doc[last].text)


def _clause_children(verb: Token) -> list[Token]:
    return [c for c in verb.children if c.dep_ in ("ccomp",) or (c.dep_ == "parataxis" and c.i < verb.i)]


def _trailing_phrases(verb: Token, last: int) -> list[Token]:
    """Prepositional phrases right after the content that still belong to it ("... of dumping fuel in the
    estuary"), but not those saying when or where the words were said ("on Monday", "in a statement")."""
    found = []
    for child in verb.rights:
        if child.i != last + 1 or child.dep_ != "prep":
            continue
        pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
        if pobj is None or pobj.ent_type_ in ("DATE", "TIME") or pobj.lemma_.lower() in lx.VENUE_NOUNS:
            break
        found.append(child)
        last = child.right_edge.i
    return found


def _np_content(verb: Token, lemma: str) -> list[Token]:
    """Object (and its "of"/"as" phrase) of verbs like deny, accuse, describe."""
    objects = [
        c for c in verb.children if c.dep_ in ("dobj", "xcomp") and c.lower_ not in lx.RELATIVE_PRONOUNS
    ]
    if not objects:
        return []
    if lemma in lx.OBJECT_PREP_CONTENT:
        prep = lx.OBJECT_PREP_CONTENT[lemma]
        extra = [
            c
            for c in verb.children
            if c.dep_ in ("prep", "oprd", "ccomp")
            and c.i > objects[0].i
            and (prep is None or c.lower_ == prep or c.dep_ != "prep")
        ]
        if not extra and lemma in lx.PREP_REQUIRED:
            return []
        objects = objects + extra[:1]
    last = max(o.right_edge.i for o in objects)
    return objects + _trailing_phrases(verb, last)


def _content(verb: Token) -> tuple[int, int] | None:
    doc = verb.doc
    lemma = verb.lemma_.lower()
    clauses = [] if lemma in lx.PREP_REQUIRED else _clause_children(verb)
    if not clauses and lemma in lx.NP_CONTENT_VERBS:
        clauses = _np_content(verb, lemma)
    if not clauses and verb.dep_ == "parataxis" and verb.head.i < verb.i:
        # Inverted attribution parsed with the content as head: "X happened, the minister said".
        return trim_span(doc, verb.head.left_edge.i, verb.left_edge.i - 1)
    if not clauses and lemma == "point":
        clauses = [c for c in verb.children if c.dep_ == "ccomp"]
    if not clauses:
        return None
    side = [c for c in clauses if (c.i > verb.i) == (clauses[0].i > verb.i)]
    first = min(c.left_edge.i for c in side)
    last = max(c.right_edge.i for c in side)
    if first <= verb.i <= last:
        return None
    return trim_span(doc, first, last)


def _is_reporting(verb: Token) -> bool:
    lemma = verb.lemma_.lower()
    if lemma not in lx.REPORTING_VERBS or verb.pos_ not in ("VERB", "AUX"):
        return False
    if lemma in lx.PARTICLE_REQUIRED:
        return any(c.dep_ == "prt" and c.lower_ == lx.PARTICLE_REQUIRED[lemma] for c in verb.children)
    return True


def _withheld(verb: Token) -> bool:
    """ "did not say", "declined to say", "without saying": no statement was made."""
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in lx.DECLINE_VERBS | {"fail"}:
        return True
    return verb.dep_ == "pcomp" and verb.head.lower_ == "without"


def _verb_reports(doc: Doc) -> list[Report]:
    reports = []
    for tok in doc:
        if not _is_reporting(tok) or _withheld(tok):
            continue
        subject = subject_of(tok)
        if _is_passive(tok) and (subject is None or subject.dep_ != "pobj"):
            continue  # "is said to", "was told" with no agent: no speaker
        if subject is not None and subject.lower_ in lx.RELATIVE_PRONOUNS and subject.dep_ != "pobj":
            subject = tok.head if tok.dep_ == "relcl" else subject
        reports.append(
            Report(tok.i, _cue_span(tok), _content(tok), subject.i if subject is not None else None)
        )
    return reports


def _according_reports(doc: Doc) -> list[Report]:
    reports = []
    for tok in doc:
        if tok.lower_ != "according" or tok.i + 1 >= len(doc) or doc[tok.i + 1].lower_ != "to":
            continue
        to = doc[tok.i + 1]
        pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
        if pobj is None:
            continue
        source = _source_of_document(pobj)
        phrase_end = max(to.right_edge.i, pobj.right_edge.i)
        sent = tok.sent
        if tok.i <= sent.start + 1:
            content = trim_span(doc, phrase_end + 1, sent.end - 1)
        else:
            content = trim_span(doc, sent.start, tok.i - 1)
        cue = (tok.idx, to.idx + len(to.text))
        report = Report(None, cue, content, (source or pobj).i, extra={"according": True})
        if source is not None and pobj.lemma_.lower() in lx.EVIDENCE_NOUNS:
            # "according to figures released by X": X speaks, and backs it with the figures.
            report.extra["evidence"] = (pobj.left_edge.idx, source.idx + len(source.text))
        reports.append(report)
    return reports


def _source_of_document(noun: Token) -> Token | None:
    """The author in "figures published by X", "a fact-check by X"."""
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ == "by":
            return next((g for g in child.children if g.dep_ == "pobj"), None)
        if child.dep_ == "acl":
            for agent in child.children:
                if agent.dep_ == "agent":
                    return next((g for g in agent.children if g.dep_ == "pobj"), None)
    return None


def _noun_reports(doc: Doc) -> list[Report]:
    """ "X's claim that ...", "the allegation by X that ...", "gave assurances (that) ..." """
    reports = []
    for tok in doc:
        if tok.lemma_.lower() not in lx.CLAIM_NOUNS or tok.pos_ != "NOUN":
            continue
        clause = next(
            (
                c
                for c in tok.children
                if c.dep_ in ("acl", "ccomp", "relcl")
                and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)
            ),
            None,
        )
        speaker = next((c for c in tok.children if c.dep_ == "poss"), None)
        if speaker is None:
            by = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "by"), None)
            speaker = next((g for g in by.children if g.dep_ == "pobj"), None) if by is not None else None
        cue_start = tok.idx
        head = tok.head
        if speaker is None and tok.dep_ in ("dobj", "dative") and head.lemma_.lower() in lx.SUPPORT_VERBS:
            speaker = subject_of(head)
            cue_start = head.idx
            if clause is None:
                clause = next((c for c in head.children if c.dep_ == "ccomp" and c.i > tok.i), None)
        if clause is None or speaker is None:
            continue
        content = trim_span(doc, clause.left_edge.i, clause.right_edge.i)
        reports.append(Report(None, (cue_start, tok.idx + len(tok.text)), content, speaker.i))
    return reports


def find_reports(doc: Doc) -> list[Report]:
    reports = _verb_reports(doc) + _according_reports(doc) + _noun_reports(doc)
    reports.sort(key=lambda r: r.cue_span[0] if r.cue_span else 0)
    return reports
