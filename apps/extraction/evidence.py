"""Evidence cues in the writer's voice: "provided no evidence", "without citing", "citing figures".

Cues are found from grammatical patterns over the parse (negated verbs of showing/naming/providing,
"without" + gerund, "declined to" + verb, unsupported-adjectives; verbs of citing/showing/publishing
with an evidence noun), then attached to the claim they are about (see ``attach``).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from . import lexicon as lx
from .reported_speech import subject_of


@dataclass(frozen=True, slots=True)
class Cue:
    label: str  # "provided" | "not_provided"
    start: int
    end: int
    anchor_i: int  # token the cue hangs on (its verb or adjective)
    subject_i: int | None  # token index of the cue's grammatical subject, if any
    phrase_start: int | None  # char offset of the comma/linker opening a trailing phrase, if it is one
    inside: bool = False  # words inside the claim that the writer reports as its backing ("its own study")


def _negated(tok: Token) -> bool:
    return any(c.dep_ == "neg" for c in tok.children)


def _has_no_object(tok: Token) -> bool:
    for child in tok.children:
        if child.dep_ not in ("dobj", "nsubjpass", "attr", "dative"):
            continue
        if child.lower_ in ("nothing", "none") or any(
            (g.dep_ == "det" and g.lower_ == "no")
            or (
                g.dep_ in ("amod", "det")
                and g.lower_ in ("little", "scant")
                and child.lemma_.lower() in _BACKING
            )
            for g in child.children
        ):
            return True
    return False


def _has_wh_clause(tok: Token) -> bool:
    """ "did not say how he knew", and the bare "has not said where" / "did not say how many"."""
    for child in tok.children:
        if child.dep_ in ("advmod", "dobj") and child.i > tok.i and child.lower_ in lx.WH_WORDS:
            return True
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


def _relative_aside(tok: Token) -> int | None:
    """ "..., a figure for which she gave no source": the cue sits in a relative clause on a noun phrase
    set off by a comma (the writer's aside on the claim before it)."""
    verb = tok
    for _ in range(3):
        if verb.dep_ in ("relcl", "acl"):
            noun = verb.head
            if noun.pos_ not in ("NOUN", "PROPN") or noun.left_edge.i == 0:
                return None
            before = noun.doc[noun.left_edge.i - 1]
            return before.idx if before.text in (",", "–", "—") else None
        if verb.dep_ not in ("xcomp", "conj") or verb.head.i == verb.i:
            return None
        verb = verb.head
    return None


def _appositive_start(tok: Token) -> int | None:
    """ "..., an unsubstantiated allegation": the adjective sits in a noun phrase set off by a comma."""
    head = tok.head if tok.dep_ == "amod" else tok
    start = head.left_edge.i
    if head.dep_ in ("appos", "npadvmod", "dep") and start > 0 and tok.doc[start - 1].text == ",":
        return tok.doc[start - 1].idx
    return None


def _denied_subject(tok: Token) -> Token | None:
    """ "No one has produced ...", "Nobody has identified ...", "None of them showed ...", "Neither she nor
    her office has produced ..."."""
    for child in tok.children:
        if child.dep_ not in ("nsubj", "nsubjpass"):
            continue
        if child.lower_ in lx.NOBODY_WORDS or any(
            (g.dep_ == "det" and g.lower_ == "no") or (g.dep_ == "preconj" and g.lower_ == "neither")
            for g in child.children
        ):
            return child
    return None


def _withheld(tok: Token) -> tuple[int, Token | None] | None:
    """Whether the text says the act of this verb did not happen: (first token of the cue, the token that
    carries the actor when it is not the verb's own subject), else None. Negation ("did not name"), a
    denied subject ("No one has produced"), refusal or failure ("declined to", "failed to", "has yet to"),
    or a request left unanswered ("did not respond to requests to explain")."""
    if _negated(tok):
        return _start_with_aux(tok), None
    denied = _denied_subject(tok)
    if denied is not None:
        return denied.left_edge.i, None
    head = tok.head
    if tok.dep_ == "xcomp" and head.i != tok.i:
        if head.lemma_.lower() in lx.REFUSE_VERBS and not _negated(head):
            return _start_with_aux(head), head
        if head.lemma_.lower() in ("have", "be") and any(c.lower_ == "yet" for c in head.children):
            return _start_with_aux(head), head
    if tok.dep_ == "acl" and head.lower_ in lx.REQUEST_NOUNS and head.dep_ == "pobj":
        verb = head.head.head
        if verb.lemma_.lower() in lx.RESPOND_VERBS and _negated(verb):
            return _start_with_aux(verb), verb
    return None


def _unanswered_question(respond: Token) -> bool:
    """ "did not respond when asked where the number came from": the question asked was one of backing
    (a wh-clause other than when/whether, or an act of showing: "when asked to share the data")."""
    for asked in respond.children:
        if asked.dep_ != "advcl" or asked.lemma_.lower() != "ask":
            continue
        if _has_wh_clause(asked) or any(c.dep_ == "xcomp" and _evidence_act(c) for c in asked.children):
            return True
    return False


def _passive_other(tok: Token) -> bool:
    """A negated passive whose subject is neither backing material nor a claim being checked ("the claim
    could not be verified", "the data has not been released" stay cues)."""
    if not any(c.dep_ == "auxpass" for c in tok.children):
        return False
    if tok.lemma_.lower() in ("verify", "corroborate", "substantiate", "prove", "confirm", "source"):
        return False
    subject = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
    if subject is None:
        return False
    lemma = subject.lemma_.lower()
    return not (_is_artefact(subject) or lemma in lx.BASIS_NOUNS | lx.WITHHOLD_NOUNS | _AMOUNTS)


def _evidence_act(tok: Token) -> bool:
    """A verb of showing, explaining, backing up, naming, sourcing or publishing (what can be withheld)."""
    lemma = tok.lemma_.lower()
    if lemma == "put":  # "did not put a figure on it", "put no evidence before the jury"
        return any(_is_artefact(n) or n.lemma_.lower() in _AMOUNTS for n in _object_heads(tok))
    if lemma in ("refer", "direct"):
        return any(_is_artefact(n) for n in _object_heads(tok))
    if lemma in ("source", "corroborate", "verify", "justify"):
        return True
    if lemma == "confirm":  # "the figure could not be confirmed" (an active "did not confirm" is a report)
        return any(c.dep_ == "auxpass" for c in tok.children)
    if lemma in ("include", "contain"):  # "its statement did not include any figures"
        return any(
            _is_artefact(n) or n.lemma_.lower() in lx.BASIS_NOUNS | lx.WITHHOLD_NOUNS
            for n in _object_heads(tok)
        )
    return _withholding_verb(tok)


_AMOUNTS = frozenset(["figure", "number", "estimate", "total", "amount", "sum", "price", "cost", "date"])


def _verb_cue(tok: Token) -> tuple[str, int, int, Token | None] | None:
    """(label, first token, last token, actor token or None) of a cue anchored on this verb, if any."""
    lemma = tok.lemma_.lower()
    if tok.pos_ not in ("VERB", "AUX"):
        return None
    if lemma in lx.SHOW_VERBS and _has_no_object(tok) and not any(c.dep_ == "auxpass" for c in tok.children):
        return "not_provided", _start_with_aux(tok), tok.right_edge.i, None
    withheld = _withheld(tok)
    if withheld is not None:
        first, actor = withheld
        if _passive_other(tok):
            return None  # "the view is not shared by all": not something withheld from the reader
        if _evidence_act(tok) or _provided_cue(tok, done=False) is not None:  # "did not point to any study"
            return "not_provided", first, tok.right_edge.i, actor
        if (
            _negated(tok)
            and lemma in lx.RESPOND_VERBS
            and any(t.lemma_.lower() in lx.BASIS_NOUNS for t in tok.subtree)
        ):
            return "not_provided", first, tok.right_edge.i, None
        if _negated(tok) and lemma in lx.RESPOND_VERBS and _unanswered_question(tok):
            return "not_provided", first, tok.right_edge.i, None
        if lemma in lx.DECLINE_VERBS:
            return None
        return None
    if lemma in lx.DECLINE_VERBS:
        xcomp = next((c for c in tok.children if c.dep_ == "xcomp"), None)
        if xcomp is not None and xcomp.lemma_.lower() in ("name", "identify", "elaborate", "release"):
            return "not_provided", _start_with_aux(tok), max(tok.right_edge.i, xcomp.right_edge.i), None
        return None
    if tok.head.lower_ == "without" and tok.dep_ == "pcomp":
        if (
            (lemma in lx.SHOW_VERBS | lx.SAY_VERBS and (_withholding_verb(tok) or lemma in ("name", "cite")))
            or _evidence_act(tok)
            or _provided_cue(tok, done=False) is not None
        ):  # "without putting a figure on it", "without pointing to any study"
            return "not_provided", tok.head.i, tok.right_edge.i, None
        return None
    found = _provided_cue(tok)
    return (*found, None) if found is not None else None


# Artefacts that can also be commentary or a message of one's own: offered/given, they are not shown.
_SOFT_ARTEFACTS = frozenset(
    [
        "analysis",
        "message",
        "messages",
        "model",
        "review",
        "assessment",
        "evaluation",
        "note",
        "notes",
        "research",
    ]
)


def _is_artefact(noun: Token) -> bool:
    if noun.pos_ not in ("NOUN", "PROPN"):
        return False
    lemma, lower = noun.lemma_.lower(), noun.lower_
    if lemma in ("evidence",) and noun.head.lemma_.lower() == "give":
        return False  # "gave evidence" in court is testimony, not a document
    return bool({lemma, lower} & (lx.EVIDENCE_NOUNS | lx.ARTEFACT_NOUNS))


def _object_heads(tok: Token) -> list[Token]:
    """Head nouns of the verb's object phrases (direct and indirect objects, "to"/"through"/"on"
    phrases), with their conjuncts and "of" chains ("a copy of his letter", "a folder of emails")."""
    heads: list[Token] = []
    for child in tok.children:
        if child.dep_ in ("dobj", "dative", "oprd", "attr", "pobj"):
            heads.append(child)
        elif child.dep_ == "pcomp":  # "on [booking] data": a noun compound parsed as a gerund
            heads += [g for g in child.children if g.dep_ == "dobj"]
        elif child.dep_ == "prep" and child.lower_ in (
            "to",
            "through",
            "on",
            "at",
            "with",
            "before",
            "from",
            "in",
        ):
            heads += [g for g in child.children if g.dep_ == "pobj"]
            heads += [d for g in child.children if g.dep_ == "pcomp" for d in g.children if d.dep_ == "dobj"]
    out: list[Token] = []
    todo = list(heads)
    while todo and len(out) < 12:
        noun = todo.pop(0)
        out.append(noun)
        for g in noun.children:
            if g.dep_ == "conj" and g.pos_ in ("NOUN", "PROPN"):
                todo.append(g)
            elif g.dep_ == "prep" and g.lower_ in ("of", "from", "in"):
                todo += [p for p in g.children if p.dep_ == "pobj"]
    return out


def _evidence_object(tok: Token) -> bool:
    """An artefact among the verb's objects (or, failing a parse of them, just after the verb)."""
    if any(_is_artefact(n) for n in _object_heads(tok)):
        return True
    doc = tok.doc
    for i in range(tok.i + 1, min(tok.right_edge.i, tok.i + 10) + 1):
        word = doc[i]
        if (word.pos_ in ("VERB", "AUX") and word.dep_ not in ("amod", "compound")) or word.text in (
            ";",
            ":",
        ):
            break
        if _is_artefact(word):
            return True
    # "through the site's inspection register": the parser took the head of the noun compound that ends
    # the phrase for a verb
    after = tok.right_edge.i + 1
    return (
        after < len(doc)
        and doc[after].pos_ == "VERB"
        and doc[after - 1].pos_ == "NOUN"
        and doc[after].lower_ in lx.ARTEFACT_NOUNS | lx.EVIDENCE_NOUNS
    )


def _shown_to_someone(tok: Token) -> bool:
    """ "played it for reporters", "showed them to the jury": a pronoun object shown to an audience."""
    pronoun = any(c.dep_ == "dobj" and c.lower_ in ("it", "them", "this", "these") for c in tok.children)
    audience = any(
        c.dep_ == "dative"
        or (c.dep_ == "prep" and c.lower_ in ("to", "for") and any(g.dep_ == "pobj" for g in c.children))
        for c in tok.children
    )
    return pronoun and audience


def _provided_cue(tok: Token, done: bool = True) -> tuple[str, int, int] | None:
    """A verb presenting something checkable ("showed reporters a receipt", "pointed to page 9 of the
    audit"); with done=False the same pattern is looked for under a negation or refusal."""
    lemma = tok.lemma_.lower()
    if _has_no_object(tok):
        return None
    if done and _not_done(tok):
        return None
    first = _start_with_aux(tok)
    purpose = any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
    if tok.dep_ in ("xcomp", "advcl") and tok.head.pos_ == "VERB" and purpose and tok.head.i < tok.i:
        first = _start_with_aux(tok.head)  # "held up his phone to show the room a freeze-frame"
    if lemma == "cite":  # figures, a named study or source, data: not "citing the importance of ..."
        direct = [c for c in tok.children if c.dep_ in ("dobj", "pobj")]
        if any(_is_artefact(n) for n in _object_heads(tok)) or any(_names_a_source(n) for n in direct):
            return "provided", first, tok.right_edge.i
        return None
    particles = lx.ARTEFACT_PARTICLES.get(lemma)
    if particles is not None:
        # The particle on the verb or, as the parser often has it, on its object ("based [its estimate on]").
        marks = [
            t
            for t in tok.subtree
            if t.lower_ in particles and t.dep_ in ("prt", "prep") and tok.i in (t.head.i, t.head.head.i)
        ]
        if not marks:
            return None
        behind = [n for m in marks for n in _object_heads(m)]  # "on flight-tracking data"
        # "referred to her remarks" mentions; "referred the jury to exhibit 31", "to page 9 of" present.
        audience = any(c.dep_ in ("dobj", "dative") for c in tok.children)
        if (
            lemma == "refer"
            and not audience
            and not any(_is_artefact(n) and _names_a_source(n) for n in behind)
        ):
            return None
        if (
            _evidence_object(tok)
            or any(_is_artefact(n) for n in behind)
            or (lemma == "point" and _cites_a_number(tok))
        ):
            return "provided", first, tok.right_edge.i
        return None
    if lemma == "make":  # "has made the data freely available"
        if any(c.lower_ in ("available", "public") for c in tok.subtree) and _evidence_object(tok):
            return "provided", first, tok.right_edge.i
        return None
    if lemma in lx.PROVIDE_VERBS | lx.PRESENT_VERBS:
        if tok.dep_ == "amod" or (tok.dep_ == "relcl" and not _names_someone(tok.head)):
            return None  # "a table published by the department": describes a noun, not an act
        if tok.dep_ == "acl":
            # "had the recording played to the jury", also when the participle hangs on the end of an
            # "of" chain ("had the recording of the 999 call played to the jury")
            owner, chain = tok.head, [tok.head]
            while owner.dep_ == "pobj" and owner.head.dep_ == "prep" and owner.head.lower_ == "of":
                owner = owner.head.head
                chain.append(owner)
            if (
                owner.dep_ == "dobj"
                and owner.head.lemma_.lower() in ("have", "get")
                and any(_is_artefact(n) for n in chain)
            ):
                return "provided", _start_with_aux(owner.head), tok.right_edge.i
            return None
        if lemma in ("send", "email", "write", "issue") and _new_utterance(tok):
            return None  # "sent a letter to the committee opposing ...": the medium of a statement
        if lemma in ("offer", "give") and not any(
            _is_artefact(n) and n.lemma_.lower() not in _SOFT_ARTEFACTS for n in _object_heads(tok)
        ):
            return None  # "offering analysis of the race", "to offer an affirmative message"
        if _evidence_object(tok) or (
            lemma in ("play", "show", "hand", "forward", "send") and _shown_to_someone(tok)
        ):
            return "provided", first, tok.right_edge.i
    return None


def _new_utterance(tok: Token) -> bool:
    """ "sent a letter", "sent a clear message": an utterance made by sending, not a document shown."""
    return any(
        c.dep_ in ("dobj", "dative")
        and c.lemma_.lower() in lx.UTTERANCE_NOUNS
        and any(d.dep_ == "det" and d.lower_ in ("a", "an") for d in c.children)
        for c in tok.children
    )


def _names_someone(noun: Token) -> bool:
    """ "Ms Ode, who showed reporters the receipts, said ...": a relative clause on a named party is an act."""
    return noun.pos_ == "PROPN" or noun.ent_type_ in ("PERSON", "ORG")


_BACKING = frozenset(["evidence", "proof", "detail", "details", "support", "substantiation", "information"])


def _not_done(tok: Token) -> bool:
    """An act planned, asked for or hypothetical, not done: "plans to make the records available",
    "asked the police to show them the video", "would publish a list"."""
    if any(c.dep_ == "aux" and c.lower_ in _MODALS for c in tok.children):
        return True
    return tok.dep_ == "xcomp" and tok.head.lemma_.lower() in lx.UNDONE_VERBS


_MODALS = frozenset(["will", "would", "could", "might", "may", "should", "shall", "'ll", "can"])


def _names_a_source(noun: Token) -> bool:
    """A cited thing that is checkable: a source noun, a figure, a name ("citing the Fed", "a 2019 poll")."""
    if noun.lemma_.lower() in lx.BASIS_NOUNS or noun.pos_ == "PROPN" or noun.like_num:
        return True
    return any(
        c.like_num or c.pos_ == "PROPN" for c in noun.children if c.dep_ in ("nummod", "compound", "poss")
    )


def _cites_a_number(tok: Token) -> bool:
    """ "pointing to a core capital ratio of 17.2 per cent": a figure pointed to is a figure cited."""
    return any(t.like_num for n in _object_heads(tok) for t in n.subtree)


def _unclear_cue(adj: Token) -> tuple[int, int, int | None] | None:
    """ "It was not clear how she knew", "it is unclear where the figure came from": (first, last,
    subject of the clause) when the clause asks how the speaker knew or where a figure came from."""
    lower = adj.lower_
    if lower == "clear":
        if not (_negated(adj) or _negated(adj.head)):
            return None
    elif lower != "unclear":
        return None
    verb_holder = adj.head if adj.dep_ == "acomp" else adj
    for clause in (*adj.children, *verb_holder.children):
        if clause.dep_ not in ("ccomp", "advcl", "xcomp") or clause.i < adj.i:
            continue
        if not any(
            t.lower_ in ("how", "where", "why", "what", "which", "who")
            for t in clause.subtree
            if t.i < clause.i
        ):
            continue
        subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        lemma = clause.lemma_.lower()
        knows = lemma in lx.KNOW_VERBS or any(t.lemma_.lower() in lx.BASIS_NOUNS for t in clause.subtree)
        origin = (
            lemma == "come"
            and subject is not None
            and (
                subject.lemma_.lower() in _AMOUNTS | lx.BASIS_NOUNS | lx.CLAIM_NOUNS or _is_artefact(subject)
            )
        )
        if not (knows or origin):
            continue
        first = adj.i
        if lower == "clear":  # from "not": "not clear how she knew"
            first = min(
                c.i for c in (adj, *adj.children, *verb_holder.children) if c.i == adj.i or c.dep_ == "neg"
            )
        return first, clause.right_edge.i, (subject.i if subject is not None and knows else None)
    return None


def _own_study_cue(verb: Token) -> tuple[int, int] | None:
    """ "(X said) its own analysis of ticket data showed ...": the speaker's own study as the subject of a
    verb of finding, inside reported speech. (first, last) token of "its own analysis ... showed"."""
    if verb.lemma_.lower() not in lx.FINDING_VERBS or verb.dep_ not in ("ccomp", "conj"):
        return None
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None or not _is_artefact(subject):
        return None
    own = any(c.dep_ == "amod" and c.lower_ == "own" for c in subject.children)
    poss = any(
        c.dep_ == "poss" and c.lower_ in ("its", "their", "our", "his", "her", "my") for c in subject.children
    )
    if not (own or poss):
        return None
    return subject.left_edge.i, verb.i


def _prep_cue(tok: Token) -> Cue | None:
    """ "claimed, without evidence, that ...": without + a noun of backing (the gerund form is a verb cue).
    ("according to its annual report" is the attribution itself: the document speaks for its issuer.)"""
    doc = tok.doc
    pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return None
    lemma = pobj.lemma_.lower()
    if tok.lower_ == "without":
        if lemma not in lx.BASIS_NOUNS | lx.WITHHOLD_NOUNS:
            return None
        # "without evidence for the claim", but not the clause the parser may hang on the noun.
        last = max([pobj.i] + [c.right_edge.i for c in pobj.rights if c.dep_ == "prep"])
        start, end = _span(doc, tok.i, last)
        return Cue("not_provided", start, end, pobj.i, None, _after_comma(doc, tok.i))
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
        if lower == "no" and tok.dep_ == "det":
            cue = _no_evidence_noun(tok)
            if cue is not None:
                cues.append(cue)
            continue
        if lower in ("clear", "unclear") and tok.pos_ == "ADJ":
            unclear = _unclear_cue(tok)
            if unclear is not None:
                first, last, subject = unclear
                start, end = _span(doc, first, last)
                cues.append(Cue("not_provided", start, end, tok.i, subject, _after_comma(doc, first)))
            continue
        if lower == "without" and tok.pos_ == "ADP":
            prep = _prep_cue(tok)
            if prep is not None:
                cues.append(prep)
            continue
        own = _own_study_cue(tok)
        if own is not None:
            start, end = doc[own[0]].idx, doc[own[1]].idx + len(doc[own[1]].text)
            cues.append(Cue("provided", start, end, tok.i, None, None, inside=True))
            continue
        found = _verb_cue(tok)
        if found is None:
            continue
        label, first, last, actor = found
        start, end = _span(doc, first, last)
        subject = _cue_subject(actor) if actor is not None else _cue_subject(tok)
        if subject is not None and (
            doc[subject].lower_ in lx.NOBODY_WORDS or _denied_subject(doc[subject].head)
        ):
            subject = None  # "No one has produced evidence for that": about the claim, not a claimant's act
        if tok.lemma_.lower() in ("verify", "corroborate") and label == "not_provided":
            subject = None  # "The Gazette could not verify the claim": the checker, not a claimant
        phrase = _after_comma(doc, first)
        if phrase is None:
            phrase = _relative_aside(tok)
        cues.append(Cue(label, start, end, tok.i, subject, phrase))
    return _dedupe(cues)


def _no_evidence_noun(det: Token) -> Cue | None:
    """ "No evidence was produced for the claim", "No loan agreement has been put before the court",
    "there is no evidence for ..." """
    noun = det.head
    verb = noun.head
    lemma = noun.lemma_.lower()
    basis = lemma in lx.BASIS_NOUNS
    if not (basis or lemma in lx.WITHHOLD_NOUNS or _is_artefact(noun)):
        return None
    showing = lx.SHOW_VERBS | lx.PROVIDE_VERBS | lx.PRESENT_VERBS | {"put", "place", "file", "lodge"}
    if noun.dep_ == "nsubjpass" and verb.lemma_.lower() in showing:
        if verb.lemma_.lower() == "make" and not basis:
            return None  # "no record was made": not a matter of backing a claim
        start, end = _span(det.doc, det.i, verb.right_edge.i)
        return Cue("not_provided", start, end, verb.i, None, None)
    if basis and noun.dep_ == "nsubj" and verb.lemma_.lower() in ("emerge", "surface", "exist", "appear"):
        start, end = _span(det.doc, det.i, verb.right_edge.i)  # "No evidence has emerged to support it"
        return Cue("not_provided", start, end, verb.i, None, None)
    if basis and noun.dep_ == "pobj" and verb.lower_ == "with":  # "said, with no evidence, that ..."
        start, end = _span(det.doc, verb.i, noun.right_edge.i)
        return Cue("not_provided", start, end, noun.i, None, _after_comma(det.doc, verb.i))
    checkable = basis or lemma in lx.EVIDENCE_NOUNS  # "there is no data to support that"
    if (
        checkable
        and noun.dep_ == "attr"
        and verb.lemma_ == "be"
        and any(c.dep_ == "expl" for c in verb.children)
    ):
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
