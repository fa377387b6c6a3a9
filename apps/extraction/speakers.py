"""Speaker resolution within one article: names, surnames, titles, pronouns, groups."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Token

from . import lexicon as lx

_POSSESSIVE = re.compile(r"['’]s?$")
_EDGE_PUNCT = ",.;:!?\"“”‘’'()[]"
_STOP_DEPS = frozenset({"appos", "relcl", "acl", "punct", "prep", "cc", "conj"})
_PERSON_FILLERS = frozenset({"and", "&"})


@dataclass(slots=True)
class Person:
    canonical: str
    aliases: list[str] = field(default_factory=list)
    gender: str = ""  # "m", "f" or "" when unknown
    titles: set[str] = field(default_factory=set)


@dataclass(slots=True)
class Resolved:
    name: str
    kind: str  # "person" | "organisation" | "group"
    mention: str | None
    mention_span: tuple[int, int] | None
    aliases: tuple[str, ...]
    gender: str = ""
    named: bool = False  # a proper name (not a description or a pronoun)
    singular: bool = True
    # False when the rules could not tell who is meant (see docs/extraction.md, "Speaker confidence")
    confident: bool = True
    basis: str = ""  # which rule resolved it: name, title, pronoun, role-focus, ... (for evaluation)
    # the name last in focus that an uncertain description may stand for ("the company" after "Brightwater
    # Terminals"): never the speaker, but evidence words about that name may be about this claim
    focus: str = ""


_POST_NOMINALS = frozenset(["kc", "qc", "mp", "mep", "obe", "mbe", "cbe", "jr", "sr", "phd"])


def strip_titles(words: list[str]) -> list[str]:
    """Drop honorifics, job titles and other lower-case words before a name, post-nominals after it."""
    while len(words) > 1 and (words[0].lower().rstrip(".") in lx.TITLE_WORDS or words[0][:1].islower()):
        words = words[1:]
    while len(words) > 1 and words[-1].lower().rstrip(".") in _POST_NOMINALS:
        words = words[:-1]
    return words


def _clean_name(text: str) -> str:
    words = [w.strip(_EDGE_PUNCT) for w in text.split()]
    words = [_POSSESSIVE.sub("", w) if w.endswith(("'s", "’s")) else w for w in words if w]
    return " ".join(strip_titles(words))


class SpeakerBook:
    """What the article says about its people: full names, surnames, titles and genders."""

    def __init__(self, doc: Doc, quote_mask: list[bool]) -> None:
        self.doc = doc
        self.people: list[Person] = []
        self.by_word: dict[str, Person] = {}
        self.by_title: dict[str, Person] = {}
        self.title_holders: dict[str, set[int]] = {}  # title -> ids of the people holding it
        self.person_of_token: dict[int, Person] = {}
        self.org_by_noun: dict[str, str] = {}
        self.orgs: list[tuple[int, str]] = []  # (token index, name) of organisation names outside quotes
        self._read_people(quote_mask)
        self._read_title_genders()
        self._read_court_roles()
        self._read_orgs(quote_mask)

    # ---- building -------------------------------------------------------------------------------
    def _read_people(self, quote_mask: list[bool]) -> None:
        ents = [
            _before_possessive(e)
            for e in self.doc.ents
            if e.label_ == "PERSON"
            and e[0].lower_ not in ("the", "a", "an")
            and any(t.text[:1].isupper() for t in e)  # "van" alone, tagged as a name: a noun
        ]
        ents.sort(key=lambda e: -len(_clean_name(e.text).split()))
        for ent in ents:
            name = _clean_name(_full_name(ent))
            words = name.split()
            if not words or any(w.lower() in _PERSON_FILLERS for w in words):
                if words:
                    self._add_couple(ent, words)
                continue
            person = self.by_word.get(words[-1].lower())
            if person is None and len(words) == 1:
                person = self.by_word.get("first:" + words[0].lower())
            if person is None:
                person = Person(name)
                self.people.append(person)
                self.by_word[words[-1].lower()] = person
                if len(words) > 1:
                    self.by_word.setdefault("first:" + words[0].lower(), person)
            if name not in person.aliases:
                person.aliases.append(name)
            self._read_context(ent, person)
            for tok in ent:
                self.person_of_token[tok.i] = person

    def _read_title_genders(self) -> None:
        """ "Mr Arden's 999 call" where the tagger saw no name: the title still gives Arden's gender."""
        doc = self.doc
        for tok in doc[:-1]:
            word = tok.lower_.rstrip(".")
            gender = "m" if word in lx.MALE_TITLES else "f" if word in lx.FEMALE_TITLES else ""
            nxt = doc[tok.i + 1]
            if not gender or nxt.pos_ != "PROPN" or not tok.text[:1].isupper():
                continue
            person = self.by_word.get(_POSSESSIVE.sub("", nxt.text).lower())
            if person is not None and not person.gender and " and " not in person.canonical:
                person.gender = gender

    def _read_court_roles(self) -> None:
        """Court reports name their roles by convention: "X, prosecuting," or "Opening the case, X said"
        is the prosecutor; "X, defending," or "X, for the defence," the defence barrister; "X denies the
        charge" the defendant. "The prosecutor", "the defendant", "his barrister" then resolve to X."""
        doc = self.doc
        for ent in doc.ents:
            person = self.person_of_token.get(ent.root.i)
            if ent.label_ != "PERSON" or person is None:
                continue
            roles: set[str] = set()
            after = doc[ent.end : ent.end + 5]
            words = [t.lower_ for t in after]
            if words[:2] == [",", "prosecuting"] or words[:4] == [",", "for", "the", "prosecution"]:
                roles.add("prosecutor")
            if words[:2] == [",", "defending"] or words[:4] in (
                [",", "for", "the", "defence"],
                [",", "for", "the", "defense"],
            ):
                roles |= {"barrister", "counsel", "lawyer"}
            root = ent.root
            verb = root.head if root.dep_ == "nsubj" else None
            if verb is not None:
                if any(
                    c.dep_ == "advcl"
                    and c.lemma_.lower() == "open"
                    and any(o.dep_ == "dobj" and o.lemma_.lower() == "case" for o in c.children)
                    for c in verb.children
                ):
                    roles.add("prosecutor")
                if verb.lemma_.lower() == "deny" and any(c.dep_ == "dobj" for c in verb.children):
                    roles.add("defendant")
            for role in roles:
                person.titles.add(role)
                self.by_title[role] = person
                self.title_holders.setdefault(role, set()).add(id(person))

    def _add_couple(self, ent, words: list[str]) -> None:
        name = " ".join(words)
        person = Person(name, [name])
        self.people.append(person)
        self.by_word.setdefault(words[-1].lower(), person)
        for tok in ent:
            self.person_of_token.setdefault(tok.i, person)

    def _read_context(self, ent, person: Person) -> None:
        doc = self.doc
        before = doc[ent.start - 1] if ent.start > 0 else None
        first = ent[0].lower_.rstrip(".")
        for word in (first, before.lower_.rstrip(".") if before is not None else ""):
            if word in lx.MALE_TITLES:
                person.gender = person.gender or "m"
            elif word in lx.FEMALE_TITLES:
                person.gender = person.gender or "f"
        head = ent.root
        # Titles: compounds before the name ("Housing minister Eleanor Whitcombe"), appositions.
        for tok in list(head.children) + [head.head]:
            if tok.i in range(ent.start, ent.end):
                continue
            if (
                tok.dep_ in ("compound", "appos")
                and tok.pos_ in ("NOUN", "PROPN")
                or (tok is head.head and head.dep_ == "appos" and tok.pos_ == "NOUN")
            ):
                self._title(tok.lemma_.lower(), person)
                for sub in tok.children:
                    if sub.dep_ == "compound" and sub.pos_ in ("NOUN", "PROPN"):
                        self._title(sub.lemma_.lower(), person)
        for tok in ent[:-1]:  # "Treasurer Ana Bell" tagged as one name: the title inside it
            if tok.pos_ == "NOUN" or (
                tok.lower_ in lx.TITLE_WORDS and tok.lower_ not in lx.MALE_TITLES | lx.FEMALE_TITLES
            ):
                self._title(tok.lemma_.lower(), person)
        for tok in doc[max(ent.start - 3, 0) : ent.start]:
            if tok.pos_ in ("NOUN", "PROPN") and tok.lower_ in lx.TITLE_WORDS:
                person.titles.add(tok.lower_)
                self.by_title.setdefault(tok.lower_, person)
                self.title_holders.setdefault(tok.lower_, set()).add(id(person))

    def _read_orgs(self, quote_mask: list[bool]) -> None:
        for ent in self.doc.ents:
            if ent.label_ != "ORG" or quote_mask[ent.start]:
                continue
            name = _clean_org(ent.text)
            self.orgs.append((ent.start, name))
            root = ent.root
            related = [
                c
                for c in root.children
                if c.dep_ in ("appos", "compound") and c.i not in range(ent.start, ent.end)
            ]
            if root.dep_ == "appos":
                related.append(root.head)
            for tok in related:
                if tok.pos_ == "NOUN":
                    self.org_by_noun[tok.lemma_.lower()] = name

    def full_org(self, name: str) -> str:
        """ "Caradon" after "Caradon Bank": the fuller name the article gave the organisation."""
        words = name.split()
        for _, other in self.orgs:
            other_words = other.split()
            if len(other_words) > len(words) and other_words[: len(words)] == words:
                return other
        return name

    def org_for(self, tok: Token) -> str | None:
        """ "the union", "the company": the organisation the article named that way."""
        if tok.pos_ != "NOUN" or tok.tag_ == "NNS" or not _definite(tok):
            return None
        if any(c.pos_ == "PROPN" for c in tok.children):
            return None
        lemma = tok.lemma_.lower()
        if lemma not in lx.ORG_NOUNS:
            return None
        if lemma in self.org_by_noun:
            return self.org_by_noun[lemma]
        earlier = [name for i, name in self.orgs if i < tok.i]
        for name in reversed(earlier):
            if lemma in name.lower().split():
                return name
        return None

    def _title(self, word: str, person: Person) -> None:
        if word in lx.ORG_NOUNS:
            return  # "ministry spokeswoman X": the ministry is not X
        person.titles.add(word)
        self.by_title[word] = person
        self.title_holders.setdefault(word, set()).add(id(person))

    # ---- lookups --------------------------------------------------------------------------------
    def person_for(self, tok: Token) -> Person | None:
        person = self.person_of_token.get(tok.i)
        if person is not None:
            return person
        if tok.pos_ == "PROPN":
            word = _POSSESSIVE.sub("", tok.text).lower()
            return self.by_word.get(word) or self.by_word.get("first:" + word)
        return None

    def person_by_court_role(self, tok: Token) -> Person | None:
        """ "a prosecutor told the court" in a court report's first line: the prosecutor it names later."""
        if tok.pos_ != "NOUN" or tok.tag_ == "NNS" or tok.lemma_.lower() not in _COURT_ROLES:
            return None
        if not any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in tok.children):
            return None
        if len(self.title_holders.get(tok.lemma_.lower(), ())) != 1:
            return None
        return self.by_title.get(tok.lemma_.lower())

    def person_by_title(self, tok: Token) -> Person | None:
        """ "the minister", "its chief executive": a named person holding that title, if any."""
        if tok.pos_ != "NOUN" or tok.tag_ == "NNS" or not _definite(tok):
            return None
        title = tok.lemma_.lower()
        if len(self.title_holders.get(title, ())) > 1:
            return None  # two managers named: "the manager" cannot tell which
        return self.by_title.get(title)


_COURT_ROLES = frozenset(["prosecutor"])


def _definite(tok: Token) -> bool:
    return any(
        c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in ("the", "this", "that")) for c in tok.children
    )


def _before_possessive(ent):
    """ "Venn's van" tagged as one name: the person is the possessor."""
    cut = next((t.i for t in ent[1:] if t.tag_ == "POS"), None)
    return ent.doc[ent.start : cut] if cut is not None else ent


def _full_name(ent) -> str:
    """The entity's text, with given names the tagger left outside it ("Gideon" in "Farmer Gideon X")."""
    doc = ent.doc
    start = ent.start
    while start > 0:
        prev = doc[start - 1]
        if prev.pos_ != "PROPN" or prev.dep_ != "compound" or prev.lower_.rstrip(".") in lx.TITLE_WORDS:
            break
        if not (ent.start <= prev.head.i < ent.end):
            break
        start -= 1
    while start < ent.end - 1 and doc[start].pos_ == "NOUN":  # "Treasurer Ana Bell": a job noun, no name
        start += 1
    return doc[start : ent.end].text


_HYPHENS = frozenset({"-", "‑"})


def _joined_by_hyphen(doc: Doc, i: int) -> bool:
    """Token i and token i + 2 are one hyphenated word the tokenizer split ("co-author")."""
    return doc[i + 1].text in _HYPHENS and not doc[i].whitespace_ and not doc[i + 1].whitespace_


def mention_span(tok: Token) -> tuple[int, int]:
    """Char span of the noun phrase headed by tok, cut before appositions and commas."""
    doc = tok.doc
    start = tok.left_edge.i
    end = tok.i
    for right in tok.rights:
        if right.dep_ in ("appos", "punct") or right.lower_ == ",":
            break
        if right.dep_ in ("relcl", "acl", "prep", "amod", "compound", "nummod", "cc", "conj"):
            end = right.right_edge.i
    # Never run past a comma inside the phrase.
    for i in range(tok.i + 1, end + 1):
        if doc[i].text in (",", "(", "—", "–"):
            end = i - 1
            break
    while start < tok.i and doc[start].dep_ in ("cc", "punct"):
        start += 1
    # a hyphenated noun the tokenizer split ("A co-author"): the phrase runs from its first part
    while start >= 2 and _joined_by_hyphen(doc, start - 2):
        start = doc[start - 2].left_edge.i
    if end + 2 < len(doc) and _joined_by_hyphen(doc, end) and doc[end + 2].pos_ in ("NOUN", "PROPN"):
        end += 2
    return doc[start].idx, doc[end].idx + len(doc[end].text)


def np_kind(tok: Token) -> str:
    ent = tok.ent_type_
    if ent in ("ORG", "GPE", "NORP", "FAC"):
        return "organisation"
    if tok.lemma_.lower() in lx.ORG_NOUNS and tok.tag_ != "NNS":
        return "organisation"
    return "group"


def person_result(person: Person, mention: str, span: tuple[int, int]) -> Resolved:
    return Resolved(
        person.canonical, "person", mention, span, tuple(person.aliases), person.gender, named=True
    )


_RIVAL_SENTENCES = 2
_MENTION_DEPS = frozenset({"nsubj", "nsubjpass", "pobj", "appos", "dobj"})


class Resolver:
    """Resolves subject tokens to speakers, in text order, keeping a salience history."""

    def __init__(
        self,
        doc: Doc,
        book: SpeakerBook,
        quote_mask: list[bool],
        speaker_tokens: frozenset[int] = frozenset(),
    ) -> None:
        self.doc = doc
        self.book = book
        self.quote_mask = quote_mask
        self.speaker_tokens = speaker_tokens
        self.history: list[tuple[int, Resolved]] = []  # (token index, resolved) for salient mentions
        self.cache: dict[int, Resolved | None] = {}
        self._starts: list[int] | None = None
        self._scan()

    def _scan(self) -> None:
        """Salient mentions in text order: speakers of reports, named people and organisations."""
        for tok in self.doc:
            is_speaker = tok.i in self.speaker_tokens
            if not is_speaker and (self.quote_mask[tok.i] or tok.dep_ not in ("nsubj", "nsubjpass")):
                continue
            resolved = self.resolve(tok)
            if resolved is None:
                continue
            if (
                is_speaker
                or resolved.kind == "person"
                or (resolved.kind == "organisation" and resolved.named)
            ):
                self.history.append((tok.i, resolved))
            for conj in tok.children:  # "Mr A and Mrs B met ...": each is a possible antecedent
                person = self.book.person_for(conj) if conj.dep_ == "conj" else None
                if person is not None:
                    c_span = (conj.idx, conj.idx + len(conj.text))
                    self.history.append((conj.i, person_result(person, conj.text, c_span)))

    def note(self, tok_i: int, resolved: Resolved) -> None:
        """Record a speaker found by other means (agent, "according to") as salient."""
        if not any(i == tok_i for i, _ in self.history):
            self.history.append((tok_i, resolved))
            self.history.sort(key=lambda item: item[0])

    def resolve(self, tok: Token) -> Resolved | None:
        if tok.i in self.cache:
            return self.cache[tok.i]
        result = self._resolve(tok)
        self.cache[tok.i] = result
        return result

    def _resolve(self, tok: Token) -> Resolved | None:
        lower = tok.lower_
        span = (tok.idx, tok.idx + len(tok.text))
        if lower in lx.SUBJECT_PRONOUNS:
            found = self._pronoun(tok, lx.SUBJECT_PRONOUNS[lower], tok.text, span)
            # Unresolved: keep the pronoun itself, never a link for later pronouns.
            return found or Resolved(
                tok.text,
                "group",
                tok.text,
                span,
                (tok.text,),
                singular=False,
                confident=False,
                basis="pronoun",
            )
        if tok.pos_ == "PRON":
            return None
        owned = _possessor_misparse(tok)
        if owned is not None:  # "The charity's former chairwoman, X," parsed with "charity" as the head
            return self.resolve(owned)
        person = self.book.person_for(tok)
        if person is None and tok.pos_ == "PROPN":  # "Fiona Adeyemi KC" tagged as one organisation
            person = next(
                (
                    p
                    for c in tok.children
                    if c.dep_ == "compound"
                    for p in [self.book.person_of_token.get(c.i)]
                    if p is not None
                ),
                None,
            )
        if person is None:
            person = next(
                (
                    p
                    for c in tok.children
                    if c.dep_ == "appos"
                    for p in [self.book.person_for(c)]
                    if p is not None
                ),
                None,
            )
        basis = "name"
        if person is None:
            person = self.book.person_by_title(tok)
            basis = "title"
        guess = False
        if person is None:
            person = self.book.person_by_court_role(tok)
            basis, guess = "court-role", person is not None
        m_span = mention_span(tok)
        mention = self.doc.text[m_span[0] : m_span[1]]
        if person is not None:
            couple = self._couple(tok, person)
            result = couple or replace(person_result(person, mention, m_span), basis=basis)
            return replace(result, confident=False) if guess else result
        role = self._role_reference(tok, mention, m_span) or self._document_reference(tok, mention, m_span)
        if role is not None:
            return role
        if tok.pos_ not in ("NOUN", "PROPN", "NUM"):
            return None
        appos_org = next((c for c in tok.children if c.dep_ == "appos" and c.pos_ == "PROPN"), None)
        if appos_org is not None and tok.pos_ == "NOUN":
            a_span = mention_span(appos_org)
            name = _clean_org(self.doc.text[a_span[0] : a_span[1]])
            return Resolved(
                name,
                "organisation" if np_kind(tok) == "organisation" or appos_org.ent_type_ == "ORG" else "group",
                mention,
                m_span,
                (name, mention),
                named=True,
                basis="appos",
            )
        org = self.book.org_for(tok)
        if org is not None:
            return Resolved(
                org, "organisation", mention, m_span, (org, mention), named=True, basis="org-noun"
            )
        # only the last organisation in focus: keep the text's words, uncertain
        recent_org = self._recent_org(tok)
        if recent_org is not None:
            return Resolved(
                mention,
                "organisation",
                mention,
                m_span,
                (mention,),
                confident=False,
                basis="org-focus",
                focus=recent_org,
            )
        spoken_for = self._spoken_for(tok)
        if spoken_for is not None:
            return replace(spoken_for, mention=mention, mention_span=m_span, basis="spokesperson")
        name = mention
        named = tok.ent_type_ in ("ORG", "GPE", "NORP") and tok.pos_ == "PROPN"
        if named:
            name = self.book.full_org(_clean_org(mention))
        elif tok.pos_ == "PROPN" and self.book.full_org(_clean_org(mention)) != _clean_org(mention):
            # "Harrowgate" after "Harrowgate Foods": the organisation's first word, not tagged as one
            name = self.book.full_org(_clean_org(mention))
            return Resolved(
                name, "organisation", mention, m_span, (name, mention), named=True, basis="np-named"
            )
        basis = "np-named" if named else _np_basis(tok)
        return Resolved(
            name,
            np_kind(tok),
            mention,
            m_span,
            (name,),
            named=named,
            singular=tok.tag_ in ("NN", "NNP"),
            # "the prosecutor", "a site manager": someone the article may name elsewhere, the rules cannot tell
            confident=basis not in ("np-def", "np-indef"),
            basis=basis,
        )

    def _spoken_for(self, tok: Token) -> Resolved | None:
        """ "A spokesperson for the Department for Transport": the organisation speaks."""
        if tok.lemma_.lower() not in lx.SPOKES_NOUNS:
            return None
        for prep in tok.children:
            if prep.dep_ != "prep" or prep.lower_ not in ("for", "of", "at"):
                continue
            pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if pobj is None:
                continue
            if pobj.ent_type_ in ("ORG", "GPE", "NORP") and pobj.pos_ == "PROPN":
                p_span = mention_span(pobj)
                name = self.book.full_org(_clean_org(self.doc.text[p_span[0] : p_span[1]]))
                return Resolved(name, "organisation", name, p_span, (name,), named=True)
            if pobj.pos_ == "NOUN" and np_kind(pobj) == "organisation":
                org = self.book.org_for(pobj)
                if org is not None:
                    return Resolved(org, "organisation", org, None, (org,), named=True)
                p_span = mention_span(pobj)
                name = self.doc.text[p_span[0] : p_span[1]]
                return Resolved(name, "organisation", name, p_span, (name,))
        return None

    def _couple(self, tok: Token, person: Person) -> Resolved | None:
        """ "Bill and Sandra Pocock": two people speaking together."""
        conj = next((c for c in tok.children if c.dep_ == "conj" and c.pos_ == "PROPN"), None)
        if conj is None or not any(c.lower_ in ("and", "&") for c in tok.children):
            return None
        other = self.book.person_for(conj)
        last = other.canonical.split()[-1] if other else conj.text
        first_words = person.canonical.split()
        name = (
            f"{first_words[0] if len(first_words) > 0 else tok.text} and {other.canonical if other else last}"
        )
        span = (tok.idx, conj.idx + len(conj.text))
        return Resolved(
            name,
            "person",
            self.doc.text[span[0] : span[1]],
            span,
            (name,),
            named=True,
            singular=False,
            basis="couple",
        )

    def _document_reference(self, tok: Token, mention: str, m_span: tuple[int, int]) -> Resolved | None:
        """ "the company's filing", "the release": a document speaks for whoever issued it."""
        if tok.pos_ != "NOUN" or tok.lemma_.lower() not in lx.DOCUMENT_NOUNS:
            return None
        owner = next((c for c in tok.children if c.dep_ == "poss"), None)
        if owner is not None:
            found = self.resolve(owner)
            if found is not None and found.kind != "group":
                return replace(found, mention=mention, mention_span=m_span, singular=True, basis="document")
            return None
        if not any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
            return None
        if any(c.pos_ == "PROPN" or c.dep_ == "prep" for c in tok.children):
            return None
        for index, resolved in reversed(self.history):
            if index < tok.i and resolved.kind == "organisation" and resolved.named:
                # only the nearest organisation: keep the text's words, uncertain
                return Resolved(
                    mention,
                    "organisation",
                    mention,
                    m_span,
                    (mention,),
                    confident=False,
                    basis="document-focus",
                    focus=resolved.name,
                )
        return None

    def _role_reference(self, tok: Token, mention: str, m_span: tuple[int, int]) -> Resolved | None:
        """ "The Rovers boss", "the minister" with no matching title: the person last in focus."""
        if tok.pos_ != "NOUN" or tok.tag_ == "NNS" or tok.lemma_.lower() not in lx.ROLE_NOUNS:
            return None
        if not any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
            return None
        for index, resolved in reversed(self.history):
            if index < tok.i and resolved.kind == "person" and resolved.named:
                # only the person last in focus: keep the text's words, uncertain
                return Resolved(
                    mention,
                    "person",
                    mention,
                    m_span,
                    (mention,),
                    resolved.gender,
                    confident=False,
                    basis="role-focus",
                    focus=resolved.name,
                )
        return None

    def _recent_org(self, tok: Token) -> str | None:
        """A definite company-like description takes the last named organisation that spoke or acted."""
        if (
            tok.pos_ != "NOUN"
            or tok.tag_ == "NNS"
            or not _definite(tok)
            or tok.lemma_.lower() not in lx.ORG_NOUNS
        ):
            return None
        if any(c.dep_ == "poss" or c.pos_ == "PROPN" for c in tok.children):
            return None
        for index, resolved in reversed(self.history):
            if index < tok.i and resolved.kind == "organisation" and resolved.named:
                return resolved.name
        return None

    def _pronoun(self, tok: Token, gender: str, text: str, span: tuple[int, int]) -> Resolved | None:
        for index, resolved in reversed(self.history):
            if index >= tok.i:
                continue
            if index < tok.i - 400:
                break
            if not _compatible(gender, resolved):
                continue
            rival = self._rival(tok, gender, index, resolved)
            if gender in ("m", "f") and not resolved.gender and not rival:
                # only an unambiguous link teaches a gender (a guess would mislead every later pronoun)
                for person in self.book.people:
                    if person.canonical == resolved.name:
                        person.gender = gender
                resolved.gender = gender
            return replace(
                resolved,
                mention=text,
                mention_span=span,
                confident=resolved.confident and not rival,
                basis="pronoun",
            )
        return None

    def _rival(self, tok: Token, gender: str, found_i: int, found: Resolved) -> bool:
        """Another candidate as good as the one the pronoun took: two people of one gender in play (in the
        pronoun's sentence and the two before it). A candidate whose gender the text gave beats one whose
        gender is unknown."""
        sents = self._sent_starts()
        first = tok.sent.start
        n = bisect.bisect_right(sents, first) - 1
        window_start = sents[max(n - _RIVAL_SENTENCES, 0)]
        for index, other in self.history:
            if index < window_start or index >= tok.i or index == found_i:
                continue
            if other.name == found.name or not _compatible(gender, other):
                continue
            if gender in ("m", "f") and found.gender == gender and other.gender != gender:
                continue
            return True
        return False

    def _sent_starts(self) -> list[int]:
        if self._starts is None:
            self._starts = [s.start for s in self.doc.sents]
        return self._starts


def _possessor_misparse(tok: Token) -> Token | None:
    """The noun a possessor was taken for: "The charity's former chairwoman, X, said" parsed with
    "charity" as the subject and "chairwoman" as its conjunct."""
    if tok.pos_ != "NOUN" or not any(c.dep_ == "case" for c in tok.children):
        return None
    return next((c for c in tok.children if c.dep_ == "conj" and c.pos_ == "NOUN" and c.i > tok.i), None)


def _np_basis(tok: Token) -> str:
    if tok.tag_ in ("NNS", "NNPS"):
        return "np-plural"
    if _untagged_name(tok):
        return "np-proper"
    if _definite(tok):
        return "np-def"
    return "np-indef"


def _untagged_name(tok: Token) -> bool:
    """ "Councillor Rhodri Vale" left untagged by the NER: a proper noun with a proper-noun compound, no
    determiner, every word capitalised: a name as written, not a description to resolve."""
    words = [t for t in tok.subtree if t.i <= tok.i]
    if tok.pos_ != "PROPN" or len(words) < 2 or words[0].lower_ in ("the", "a", "an"):
        return False
    return all(t.pos_ == "PROPN" and t.text[:1].isupper() and t.is_alpha for t in words)


def _compatible(gender: str, resolved: Resolved) -> bool:
    if gender in ("m", "f"):
        if resolved.kind == "group":  # "a company spokeswoman ... She"
            return resolved.singular and resolved.gender in ("", gender)
        return resolved.kind == "person" and resolved.gender in ("", gender) and " and " not in resolved.name
    if gender == "n":
        return resolved.kind == "organisation"
    return resolved.kind in ("group", "organisation") or " and " in resolved.name


def _clean_org(mention: str) -> str:
    return mention.strip(_EDGE_PUNCT)
