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


def _opens_quote(tok: Token) -> bool:
    first = tok.left_edge
    return first.is_quote or (first.i > 0 and first.doc[first.i - 1].is_quote)


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)


_GERUND_PREPS = frozenset(["by", "after", "while", "in"])


def subject_of(verb: Token, depth: int = 0) -> Token | None:
    """The grammatical subject of a verb, inherited through conj/advcl/xcomp chains."""
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
    if len(subjects) > 1:  # "“A. Total trouble,” said X": a noun inside the quote is not the speaker
        subjects = [c for c in subjects if not _quote_between(c, verb)] or subjects
    for child in subjects:
        return _named_apposition(verb, child) or child
    for child in verb.children:
        if child.dep_ == "agent":
            for grandchild in child.children:
                if grandchild.dep_ == "pobj":
                    return grandchild
    interrupted = _interrupted_subject(verb)
    if interrupted is not None:
        return interrupted
    if depth >= 3 or verb.head.i == verb.i:
        return None
    outer = _outer_reporter(verb)
    if outer is not None:
        return subject_of(outer, depth + 1)
    if verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.lemma_.lower() in lx.UTTERANCE_NOUNS:
        return _issuer(verb.head, depth)
    if verb.dep_ == "acl" and verb.tag_ in ("VBD", "VBZ") and verb.head.pos_ in ("NOUN", "PROPN"):
        return verb.head  # mis-parse of "A group, X, claimed ...": the finite verb belongs to the noun
    if verb.dep_ in ("conj", "advcl", "xcomp", "acl") and verb.head.pos_ in ("VERB", "AUX"):
        if verb.dep_ == "acl":
            return None
        return subject_of(verb.head, depth + 1)
    if (
        verb.dep_ == "pcomp"
        and verb.head.lower_ in _GERUND_PREPS
        and verb.head.head.pos_ in ("VERB", "AUX")
        and _is_speech_act(verb)
    ):
        # "responded by saying (that) ...", "began by arguing ...": the speaker is the subject of the verb
        return subject_of(verb.head.head, depth + 1)
    if verb.dep_ == "pcomp" and verb.head.lower_ == "as" and verb.head.head.pos_ == "VERB":
        # "quoted X as saying that ...": the speaker is the object of "quoted".
        for child in verb.head.head.children:
            if child.dep_ == "dobj":
                return child
    if verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN"):
        return verb.head
    return None


def _quote_between(tok: Token, verb: Token) -> bool:
    lo, hi = sorted((tok.i, verb.i))
    return any(t.text in _QUOTE_MARKS for t in tok.doc[lo + 1 : hi])


_QUOTE_MARKS = frozenset({'"', "“", "”", "‘", "’", "''"})


def _named_apposition(verb: Token, subj: Token) -> Token | None:
    """ "A co-author, Dr NAME of the Institute, said" / "the witness, NAME, conceded" parsed without the
    apposition (a hyphenated noun breaks the parse): a common-noun subject, then a comma-set segment right
    before the verb that opens with a person's name; the name is the speaker."""
    doc = verb.doc
    if subj.pos_ != "NOUN" or subj.i >= verb.i or any(c.dep_ == "appos" for c in subj.children):
        return None
    end = verb.i - 1
    if end <= subj.i or doc[end].text != ",":
        return None
    start = end - 1
    while start > subj.i and doc[start].text != ",":
        if doc[start].pos_ in ("VERB", "AUX"):
            return None
        start -= 1
    if start <= subj.i:
        return None
    first = start + 1
    while first < end and doc[first].lower_.rstrip(".") in lx.TITLE_WORDS:
        first += 1
    ent = next((e for e in doc.ents if e.start == first and e.label_ == "PERSON"), None)
    if ent is None or ent.end > end:
        return None
    return ent.root


def _interrupted_subject(verb: Token) -> Token | None:
    """ "Alden, asked whether she would run, said ...": the subject parsed as the interrupting
    participle's; it is the subject of the verb after it."""
    doc = verb.doc
    for child in verb.children:
        if child.dep_ != "advcl" or child.i > verb.i or child.tag_ not in ("VBN", "VBG", "VBD"):
            continue
        subj = next((c for c in child.children if c.dep_ == "nsubj" and c.i < child.i), None)
        if subj is None or not any(t.text == "," for t in doc[subj.i + 1 : child.i]):
            continue
        if any(t.text == "," for t in doc[child.right_edge.i + 1 : verb.i]):
            return subj
    # the same sentence parsed the other way round: "said" as the clause of "asked"
    head = verb.head
    if (
        verb.dep_ == "ccomp"
        and head.i < verb.i
        and head.tag_ in ("VBN", "VBD")
        and head.lemma_.lower() in ("ask", "question", "press")
        and verb.i > 0
        and doc[verb.i - 1].text == ","
    ):
        subj = next((c for c in head.children if c.dep_ == "nsubj" and c.i < head.i), None)
        if subj is not None and any(t.text == "," for t in doc[subj.i + 1 : head.i]):
            return subj
    return None


def _outer_reporter(verb: Token) -> Token | None:
    """ "told MPs that A and said B": "said" is parsed as a conjunct inside A, but it is the speaker's second
    reporting act; the reporting verb whose clause it sits in (None when there is none)."""
    if not _is_speech_act(verb) or _own_subject(verb):
        return None
    if verb.dep_ != "conj" and not (verb.dep_ == "advcl" and verb.tag_ == "VBG"):
        return None  # "said A, noting that B": the participle is the speaker's too
    head = verb.head
    if head.dep_ in ("ccomp", "parataxis") and _is_reporting(head.head):
        return head.head
    return None


def _issuer(noun: Token, depth: int) -> Token | None:
    """Who issued "a statement saying ...": its possessor, its "from"/"by" author, else the subject of the
    verb it is the object of ("issued a statement saying", "in a post saying")."""
    for child in noun.children:
        if child.dep_ == "poss":
            return child
        if child.dep_ == "prep" and child.lower_ in ("from", "by"):
            pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if pobj is not None:
                return pobj
    head = noun.head
    if noun.dep_ == "pobj" and head.dep_ == "prep":
        head = head.head
    if head.pos_ in ("VERB", "AUX") and head.i != noun.i:
        return subject_of(head, depth + 1)
    return None


def _own_subject(verb: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl") for c in verb.children)


def _is_speech_act(verb: Token) -> bool:
    return verb.pos_ in ("VERB", "AUX") and verb.lemma_.lower() in lx.REPORTING_VERBS | lx.DIRECTIVE_VERBS


def _cue_span(verb: Token) -> tuple[int, int]:
    start = verb.idx
    for child in verb.children:
        if child.i < verb.i and child.dep_ in ("aux", "auxpass", "neg") and verb.i - child.i <= 3:
            start = min(start, child.idx)
    end = verb.idx + len(verb.text)
    for child in verb.children:
        if child.dep_ == "prt" and child.i == verb.i + 1:
            end = child.idx + len(child.text)
    if verb.i + 1 < len(verb.doc) and verb.doc[verb.i + 1].lower_ == "to" and verb.lemma_ == "point":
        end = verb.doc[verb.i + 1].idx + 2
    if _put_to(verb) and verb.i + 2 < len(verb.doc) and verb.doc[verb.i + 2].lower_ == "to":
        end = verb.doc[verb.i + 2].idx + 2  # "put it to"
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
        if child.left_edge.i == last + 1 and child.dep_ == "advcl" and verb.lemma_.lower() == "accuse":
            found.append(child)  # "accused X of planning to raise rents if re-elected"
            last = child.right_edge.i
            continue
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
    if not objects and lemma == "call":
        # "called the rent rise "a tax ..."" parsed as two object predicates.
        predicates = [c for c in verb.children if c.dep_ == "oprd" and c.i > verb.i]
        return predicates if len(predicates) == 2 else []
    if not objects:
        return []
    if lemma in lx.OBJECT_PREP_CONTENT:
        preps = lx.OBJECT_PREP_CONTENT[lemma]
        extra = [
            c
            for c in verb.children
            if c.dep_ in ("prep", "oprd", "ccomp")
            and c.i > objects[0].i
            and (preps is None or c.lower_ in preps or c.dep_ != "prep")
        ]
        if not extra:
            # The parser often hangs the phrase on the object: "dismissed [the reports as "rubbish"]",
            # "blamed [the weather for the delay]", "called [the plan "a false economy"]".
            extra = [
                c
                for c in objects[0].subtree
                if c.i > objects[0].i
                and objects[0].i in (c.head.i, c.head.head.i)
                and (
                    (c.dep_ == "prep" and preps is not None and c.lower_ in preps)
                    or (c.dep_ == "appos" and preps is None and _opens_quote(c))
                )
            ]
            if extra:
                # the phrase rides on the first object; a later object the parser split off (an
                # apposition after a dash: "of encouraging uprisings – so-called "colour revolutions" –
                # that ...") still continues the content
                head = objects[0]
                objects, extra = [head, *(o for o in objects[1:] if o.left_edge.i > head.right_edge.i)], []
            elif lemma in lx.PREP_REQUIRED:
                return []
        objects = objects + extra[:1]
    last = max(o.right_edge.i for o in objects)
    return objects + _trailing_phrases(verb, last)


def _content(verb: Token) -> tuple[int, int] | None:
    doc = verb.doc
    lemma = verb.lemma_.lower()
    clauses = [] if lemma in lx.PREP_REQUIRED else _clause_children(verb)
    if not clauses and lemma in lx.NP_CONTENT_VERBS:
        if lemma == "defend" and _participle_report(verb) is not None:
            return None  # "defended the plans, saying ...": what was said follows "saying"
        clauses = _np_content(verb, lemma)
    around = None
    if not clauses and verb.dep_ == "parataxis" and not _parenthetical(verb):
        around = _runs_round(verb)
    if around is not None:
        return around
    if not clauses and verb.dep_ == "parataxis" and verb.head.i < verb.i and not _parenthetical(verb):
        # Inverted attribution parsed with the content as head: "X happened, the minister said"; "A, but
        # B, the source added" hangs on the last conjunct and reports the whole sentence before it.
        head = verb.head
        while head.dep_ == "conj" and head.head.i < head.i and head.head.sent == verb.sent:
            head = head.head
        return trim_span(doc, head.left_edge.i, _before_attribution(verb))
    if not clauses and verb.dep_ == "parataxis" and _parenthetical(verb):
        # "The first they heard of it, one councillor said, was from a newspaper": the attribution sits
        # inside the reported sentence, which runs round it (as in a split quote).
        head = verb.head
        before = [c for c in head.children if c.i < verb.left_edge.i]
        short = verb.left_edge.i - head.left_edge.i <= _SHORT_ADVERBIAL
        if short and all(c.dep_ in _ADJUNCT_DEPS for c in before):
            # "In return, she said, X had ...": only a short fronted adverbial before the attribution
            after = verb.right_edge.i + 1
            return trim_span(doc, after + (doc[after].text == ","), head.right_edge.i)
        return trim_span(doc, head.left_edge.i, head.right_edge.i)
    if clauses and _fronted_fragment(verb):
        # "The problem now, she told me, is that ...": the clause after the attribution lacks the subject
        # the parser left before it; the reported sentence runs round the attribution.
        return trim_span(doc, verb.sent.start, verb.sent.end - 1)
    if not clauses and lemma == "point":
        clauses = [c for c in verb.children if c.dep_ == "ccomp"]
    if not clauses:
        clauses = _misparsed_clause(verb, lemma)
    if not clauses:
        return None
    side = [c for c in clauses if (c.i > verb.i) == (clauses[0].i > verb.i)]
    first = min(c.left_edge.i for c in side)
    last = max(c.right_edge.i for c in side)
    if first <= verb.i <= last:
        return None
    if first < verb.i and verb.dep_ == "conj" and verb.head.i < first and _closes_sentence(verb):
        # "A, but B, the source added.": an inverted attribution closing the sentence reports all of it
        first = verb.head.left_edge.i
    if first > verb.i:
        last = _content_end(verb, side, last)
    return _close_quote(doc, trim_span(doc, first, last))


_QUOTE_CHARS = '"“”'


def _close_quote(doc: Doc, span: tuple[int, int] | None) -> tuple[int, int] | None:
    """Take in the closing mark the parser hung elsewhere: called the delay "inexcusable"."""
    if span is None:
        return None
    text = doc.text
    s, e = span
    inner = text[s:e]
    if sum(inner.count(q) for q in _QUOTE_CHARS) % 2 == 1 and e < len(text) and text[e] in '"”':
        return s, e + 1
    return span


def _before_attribution(verb: Token) -> int:
    return verb.left_edge.i - 1


_ATTRIBUTION_TAIL_DEPS = frozenset(["prep", "npadvmod", "advmod", "dobj", "dative", "punct"])


def _closes_sentence(verb: Token) -> bool:
    """The verb and its subject end the sentence, set off by a comma: "..., the source added."."""
    doc = verb.doc
    subj = next((c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i), None)
    if subj is None or subj.left_edge.i == 0 or doc[subj.left_edge.i - 1].text != ",":
        return False
    return all(t.is_punct for t in doc[verb.right_edge.i + 1 : verb.sent.end]) and not any(
        c.i > verb.i and not c.is_punct for c in verb.children
    )


def _runs_round(verb: Token) -> tuple[int, int] | None:
    """ "Though the change was smooth, he said, replacing her would be bitter" / "The difference now, he
    told me, is ...": an attribution set off by commas that the parser hung on a fragment of the sentence;
    the reported sentence is the whole sentence round it (as in a split quote)."""
    doc, sent = verb.doc, verb.sent
    if any(q in sent.text for q in "\"“”‘’'"):
        return None  # quotes round an attribution are split quotes, paired by their own rule
    subj = next((c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i), None)
    if subj is None or subj.left_edge.i - 1 <= sent.start + 1 or doc[subj.left_edge.i - 1].text != ",":
        return None
    if any(c.i > verb.i and c.dep_ not in _ATTRIBUTION_TAIL_DEPS for c in verb.children):
        return None
    tail = [c for c in verb.children if c.i > verb.i and c.dep_ != "punct"]
    close = max([c.right_edge.i for c in tail], default=verb.i) + 1
    if close >= sent.end or doc[close].text != ",":
        return None
    rest = [t for t in doc[close + 1 : sent.end] if not t.is_punct]
    if len(rest) < 2 or rest[0].pos_ == "CCONJ" or rest[0].lower_ in lx.REPORTING_VERBS:
        return None
    if verb.head.pos_ in ("VERB", "AUX") and verb.head.i < verb.i:
        return None  # "X happened, the minister said, ...": the inverted attribution's own rule
    return trim_span(doc, sent.start, sent.end - 1)


def _fronted_fragment(verb: Token) -> bool:
    doc = verb.doc
    subj = next((c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i), None)
    if subj is None or subj.left_edge.i == 0 or doc[subj.left_edge.i - 1].text != ",":
        return False
    if not any(c.dep_ == "dep" and c.i < subj.i and c.pos_ in ("NOUN", "PROPN") for c in verb.children):
        return False
    after = [
        c for c in verb.children if c.i > verb.i and c.dep_ in ("ccomp", "conj") and c.pos_ in ("VERB", "AUX")
    ]
    return any(
        not _own_subject(c) and doc[c.left_edge.i - 1].text == "," and not c.left_edge.is_punct for c in after
    )


def _parenthetical(verb: Token) -> bool:
    """An attribution set off by commas inside the sentence it reports ("A, she said, B")."""
    head, doc = verb.head, verb.doc
    left, right = verb.left_edge.i, verb.right_edge.i
    while right > verb.i and doc[right].text in ('"', "“"):
        right -= 1  # "It was, she said, “...”": the opening mark hung on the verb
    if not (head.left_edge.i < left and right < head.right_edge.i):
        return False
    before = doc[left - 1] if doc[left].text != "," else doc[left]
    after = doc[right] if doc[right].text == "," else (doc[right + 1] if right + 1 < len(doc) else None)
    return before.text == "," and after is not None and after.text == "," and subject_of(verb) is not None


def _participle_report(verb: Token) -> Token | None:
    """A ", saying ..." participle of this verb that reports something of its own."""
    for child in verb.children:
        if (
            child.dep_ == "advcl"
            and child.tag_ == "VBG"
            and child.i > verb.i
            and child.lemma_.lower() in lx.REPORTING_VERBS
            and any(g.dep_ == "ccomp" for g in child.children)
        ):
            return child
    return None


def _misparsed_clause(verb: Token, lemma: str) -> list[Token]:
    """Clauses the parser hung elsewhere: "argued for months [that ...]" attached to "months", and "said
    [the railway] cost taxpayers £1bn" with the clause's subject taken as the verb's object."""
    for child in verb.rights:
        if child.dep_ in ("dobj", "dative") and (
            lemma in ("tell", "assure", "remind", "warn") or _put_to(verb)
        ):
            # "told councillors [that overtime was ...]" with the clause hung on the listener, "put it [that
            # ...] to her" with the clause hung on "it".
            for clause in child.rights:
                if clause.dep_ in ("acl", "relcl", "ccomp") and any(
                    g.dep_ == "mark" and g.lower_ == "that" and g.pos_ == "SCONJ" for g in clause.children
                ):
                    return [clause]
        if child.dep_ == "prep":
            for tok in child.subtree:
                if tok.dep_ == "mark" and tok.lower_ == "that" and tok.pos_ == "SCONJ":
                    clause = tok.head
                    if clause.dep_ in ("relcl", "acl", "ccomp") and clause.i > tok.i:
                        return [clause]
    if lemma in lx.CLAUSE_ONLY_VERBS:
        obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i), None)
        if obj is None or obj.pos_ in ("PRON", "NUM") or obj.lower_ in ("nothing", "something", "anything"):
            return []
        if obj.lemma_.lower() in ("word", "thing", "prayer", "goodbye", "hello", "sorry", "yes", "no"):
            return []
        tail = [c for c in verb.rights if c.i > obj.i and c.dep_ not in ("punct", "cc", "conj", "advcl")]
        if obj.right_edge.i - obj.left_edge.i >= 2 or tail or any(c.dep_ == "appos" for c in obj.children):
            return [obj] + tail
    return []


def _content_end(verb: Token, side: list[Token], last: int) -> int:
    """Cut the writer's words and the speaker's next act off the end of a reported clause:
    "A and said B" / "A and blamed B" (a second reporting act), ", though the department disputes ..."
    (a concession of the writer's)."""
    doc = verb.doc
    for root in side:
        for child in root.children:
            if child.i <= root.i or child.i > last:
                continue
            second_act = child.dep_ == "conj" or (
                child.dep_ == "advcl" and child.tag_ == "VBG" and doc[child.left_edge.i - 1].text == ","
            )
            if second_act and _is_speech_act(child) and not _own_subject(child):
                cc = [
                    c
                    for c in root.children
                    if (c.dep_ == "cc" or c.text in (",", ";")) and root.i < c.i < child.i
                ]
                cut = min((c.i for c in cc), default=child.i)
                cut = min(cut, child.left_edge.i)
                last = min(last, cut - 1)
            elif child.dep_ == "advcl" and _writers_concession(verb, child):
                cut = child.left_edge.i
                if cut > 0 and doc[cut - 1].text in (",", ";", "—", "–"):
                    cut -= 1
                last = min(last, cut - 1)
    return last


def _writers_concession(verb: Token, clause: Token) -> bool:
    mark = next((c for c in clause.children if c.dep_ == "mark"), None)
    if mark is None or mark.lower_ not in lx.CONCESSIVE_MARKS:
        return False
    if clause.left_edge.i == 0 or verb.doc[clause.left_edge.i - 1].text not in (",", ";", "—", "–"):
        return False
    if not _own_subject(clause):
        return False
    # The writer's aside: a rival's reply ("though the department disputes that number"), or present tense
    # beside a past report.
    if clause.lemma_.lower() in lx.REPORTING_VERBS:
        return True
    return clause.tag_ in ("VBZ", "VBP") and verb.tag_ in ("VBD", "VBN")


def _put_to(verb: Token) -> bool:
    """ "put it to the witness that ...": counsel asserting something to the one questioned."""
    return (
        verb.lemma_.lower() == "put"
        and verb.pos_ == "VERB"
        and any(c.dep_ == "dobj" and c.lower_ == "it" for c in verb.children)
        and any(c.dep_ == "prep" and c.lower_ == "to" and c.i > verb.i for c in verb.children)
    )


def _quotes_a_document(verb: Token) -> bool:
    """ "quoting figures from the electoral commission": a document or data cited, not a person's words."""
    if any(c.dep_ == "prep" and c.lower_ == "as" for c in verb.subtree):
        return False
    artefacts = lx.EVIDENCE_NOUNS | lx.ARTEFACT_NOUNS
    return any(
        c.dep_ == "dobj" and (c.lemma_.lower() in artefacts or c.lower_ in artefacts) for c in verb.children
    )


def _is_reporting(verb: Token) -> bool:
    lemma = verb.lemma_.lower()
    if _put_to(verb):
        return True
    if lemma == "quote" and _quotes_a_document(verb):
        return False
    if lemma not in lx.REPORTING_VERBS or verb.pos_ not in ("VERB", "AUX"):
        return False
    if lemma in lx.PARTICLE_REQUIRED:
        return any(c.dep_ == "prt" and c.lower_ == lx.PARTICLE_REQUIRED[lemma] for c in verb.children)
    return True


def _withheld(verb: Token, depth: int = 0) -> bool:
    """ "did not say", "declined to say", "without saying": no statement was made."""
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in lx.DECLINE_VERBS | {"fail"}:
        return True
    if verb.dep_ == "pcomp" and verb.head.lower_ == "without":
        return True
    # "did not name the officials or say when ...", "declined to name them or say ...": the negation or
    # refusal reaches every conjunct that shares its subject (a bare verb, or one joined by "or"/"nor").
    if verb.dep_ == "conj" and depth < 3 and not _own_subject(verb):
        head = verb.head
        joined = {c.lower_ for c in head.children if c.dep_ == "cc" and head.i < c.i < verb.i}
        if (verb.tag_ == "VB" or joined & {"or", "nor"}) and _withheld(head, depth + 1):
            return True
    return False


def _verb_reports(doc: Doc) -> list[Report]:
    reports = []
    for tok in doc:
        if not _is_reporting(tok) or _withheld(tok):
            continue
        subject = subject_of(tok)
        if subject is None and not _is_passive(tok):
            subject = _fronted_speaker(tok)
        if _is_passive(tok) and (subject is None or subject.dep_ != "pobj"):
            continue  # "is said to", "was told" with no agent: no speaker
        if subject is not None and subject.lower_ in lx.RELATIVE_PRONOUNS and subject.dep_ != "pobj":
            subject = tok.head if tok.dep_ == "relcl" else subject
        report = Report(tok.i, _cue_span(tok), _content(tok), subject.i if subject is not None else None)
        _own_figures(doc, report)
        reports.append(report)
    return reports


def _evidence_noun(tok: Token) -> bool:
    return tok.lemma_.lower() in lx.EVIDENCE_NOUNS or tok.lower_ in lx.EVIDENCE_NOUNS  # "data" -> "datum"


def _publisher(noun: Token) -> tuple[Token, Token] | None:
    """(relative clause, its subject) in "data it published", "figures the council released"."""
    for child in noun.children:
        if child.dep_ == "relcl" and child.i > noun.i:
            subj = next(
                (g for g in child.children if g.dep_ == "nsubj" and g.lower_ not in ("that", "which")), None
            )
            if subj is not None:
                return child, subj
    return None


def _own_figures(doc: Doc, report: Report) -> None:
    """'X said A, according to figures it published': the figures back the claim and are no part of it."""
    if report.content is None:
        return
    s, e = report.content
    for tok in doc:
        if tok.idx < s or tok.idx >= e or tok.lower_ != "according" or tok.i + 1 >= len(doc):
            continue
        pobj = next((c for c in doc[tok.i + 1].children if c.dep_ == "pobj"), None)
        found = _publisher(pobj) if pobj is not None and _evidence_noun(pobj) else None
        if found is None or found[1].pos_ != "PRON" or doc[tok.i - 1].text != ",":
            continue
        end_tok = doc[tok.right_edge.i]
        if end_tok.idx + len(end_tok.text) < e - 1:
            continue  # not at the end of the content
        before = doc[tok.i - 2]
        report.content = (s, before.idx + len(before.text))
        report.extra["evidence"] = (pobj.left_edge.idx, end_tok.idx + len(end_tok.text))
        return


_MAX_ROLE_TOKENS = 4
_SHORT_ADVERBIAL = 4  # tokens, with its comma
_ADJUNCT_DEPS = frozenset(["prep", "advmod", "npadvmod", "advcl", "punct", "cc", "intj"])
_POST_NOMINALS = frozenset(["kc", "qc", "mp", "mep"])


def _fronted_speaker(verb: Token) -> Token | None:
    """A name set off by commas right before a verb the parser left without a subject, after a fronted
    phrase and before an optional role ("Opening the case, NAME KC, prosecuting, said ...")."""
    doc = verb.doc
    j = verb.i - 1
    if j <= verb.sent.start or doc[j].text != ",":
        return None
    for k in range(j - 1, max(verb.sent.start, j - _MAX_ROLE_TOKENS - 2), -1):
        tok = doc[k]
        if tok.ent_type_ in ("PERSON", "ORG") and doc[k + 1].text == ",":
            ent = next((e for e in doc.ents if e.start <= k < e.end), None)
            if ent is not None and ent.start > verb.sent.start and doc[ent.start - 1].text == ",":
                if len(ent) > 1 and ent[-1].lower_.rstrip(".") in _POST_NOMINALS:
                    return ent[-2]  # "NAME KC" tagged as one organisation: the name's last word
                return ent.root
            return None
        if tok.text in (",", ".", ";", ":") and k != j - 1 and doc[k + 1].text != ",":
            continue
        if tok.pos_ in ("VERB", "AUX") and tok.tag_ != "VBG":
            return None
    return None


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
        published = _publisher(pobj) if source is None and _evidence_noun(pobj) else None
        if published is not None:
            if any(_is_reporting(a) for a in tok.ancestors):
                continue  # "X said A, according to figures it published": X's claim carries the figures
            source = published[1]  # "according to data it published": the publisher speaks
        phrase_end = max(to.right_edge.i, pobj.right_edge.i)
        sent = tok.sent
        if tok.i <= sent.start + 1:
            content = trim_span(doc, phrase_end + 1, sent.end - 1)
        else:
            content = trim_span(doc, sent.start, tok.i - 1)
        cue = (tok.idx, to.idx + len(to.text))
        report = Report(None, cue, content, (source or pobj).i, extra={"according": True})
        if published is not None:
            end = doc[published[0].right_edge.i]
            report.extra["evidence"] = (pobj.left_edge.idx, end.idx + len(end.text))
        elif source is not None and pobj.lemma_.lower() in lx.EVIDENCE_NOUNS:
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
