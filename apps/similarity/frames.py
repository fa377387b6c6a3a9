"""What a claim says, read from a small spaCy parse (the extractor's pipeline, apps.extraction get_nlp): its
frame. Two claims that read alike are the same claim only when their frames agree wherever both state a part:

- roles: who does what to whom ("Acme will buy Borel" is not "Borel will buy Acme"; a passive, or a verb
  that turns the roles round, "lost to", "got the backing of", "sold"/"bought", is read the right way round);
- figures, with their scale and units ("£9m" = "£9 million", "18 weeks" = "126 days", "doubled" = "two
  times", "half" = "50 percent"): one claim's figures must be among the other's;
- polarity ("not", "never", "no longer", "denied", "refused", "banned") and modality (done: "has", "did";
  future: "will", "is to", "plans to"; possible: "may", "could", "is expected to");
- time: years, months, weekdays, "last"/"next"/"this" year, month, week...;
- scope: where (world, continent, national, regional, local, "the north") and how many ("all", "every",
  "both", "either" against "only", "some", "one");
- the direction of a change ("rose" against "fell", "faster" against "slower"), in the claim's main clause;
- the rest of the sentence: the same sentence about another object or actor ("the army shelled the
  hospital" / "... the school") differs in a noun or two and nothing else.

A frame is a plain dict (JSON), made once when a claim is indexed (ClaimEmbedding.frame) and compared in
microseconds. `frames_compare` says what matched and, when the frames disagree, why.
"""

from __future__ import annotations

import functools
import logging
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from . import guard
from .backends import same_word

logger = logging.getLogger(__name__)

FRAME_VERSION = 2

_REPORTING = {
    "say",
    "claim",
    "tell",
    "insist",
    "state",
    "announce",
    "argue",
    "add",
    "warn",
    "suggest",
    "show",
    "pledge",
    "promise",
    "vow",
    "predict",
    "estimate",
    "believe",
    "think",
    "report",
    "confirm",
    "reveal",
    "find",
}
# the subject of these verbs receives the action; the doer follows "from", "of", "by", "to" or is a possessive
_RECEIVING = {"win", "get", "receive", "come", "lose", "face", "suffer", "gain", "earn", "draw", "attract",
              "obtain", "accept", "have", "become"}  # fmt: skip
_CONVERSE = [{"buy", "sell"}, {"acquire", "sell"}, {"lend", "borrow"}, {"beat", "lose"}, {"defeat", "lose"},
             {"give", "receive"}, {"give", "get"}, {"lend", "receive"}, {"teach", "learn"}]  # fmt: skip
_FUTURE_VERBS = {
    "plan",
    "intend",
    "aim",
    "set",
    "go",
    "due",
    "promise",
    "pledge",
    "vow",
    "prepare",
    "seek",
    "expect",
    "schedule",
}
_POSSIBLE_VERBS = {"likely", "consider", "hope", "want", "propose", "threaten", "may"}
_FUTURE_AUX = {"will", "shall", "'ll", "wo", "would"}
_POSSIBLE_AUX = {"may", "might", "could"}
_NEGATIONS = {"not", "n't", "never", "no", "none", "nobody", "nothing", "neither", "nor", "cannot", "nowhere"}
_NEGATIVE_VERBS = {"deny", "refuse", "reject", "fail", "decline", "ban", "forbid", "prohibit", "abolish",
                   "scrap", "rule", "block", "veto", "bar"}  # fmt: skip
_NEGATIVE_PARTICLE = {"rule": "out"}  # "ruled out" (but not "ruled")
# these deny only what follows them ("declined to comment", "failed to pay"); alone they tell of a fall
# ("the birth rate has declined", "the bank failed")
_NEGATIVE_WITH_INFINITIVE = {"decline", "fail"}
# a negation that, with a comparative in the clause, states a record the other way round ("never owed more",
# "nowhere have prices dropped further", "no day has been hotter"); "not higher" still denies
_RECORD_NEGATIONS = {"never", "nowhere", "no", "none", "nobody", "nothing", "neither"}
_AXES = {  # word -> (axis, sign): two claims conflict when they move the same thing the opposite way
    **{w: ("change", 1) for w in ["rise", "rose", "risen", "increase", "grow", "gain", "raise", "double", "triple", "soar", "surge", "climb", "jump", "expand", "boost", "up", "improve", "recover"]},
    **{w: ("change", -1) for w in ["fall", "fell", "fallen", "drop", "decrease", "decline", "cut", "reduce", "halve", "shrink", "shrank", "lose", "plunge", "slump", "down", "worsen", "deteriorate", "lower"]},
    **{w: ("amount", 1) for w in ["more", "higher", "highest", "bigger", "biggest", "larger", "largest", "most", "above", "longer", "longest", "wetter"]},
    **{w: ("amount", -1) for w in ["less", "fewer", "lower", "lowest", "smaller", "smallest", "least", "below", "shorter", "shortest", "drier"]},
    **{w: ("speed", 1) for w in ["faster", "quicker", "quickly", "fast", "rapidly"]},
    **{w: ("speed", -1) for w in ["slower", "slowly", "slow"]},
    **{w: ("quality", 1) for w in ["better", "best", "good"]},
    **{w: ("quality", -1) for w in ["worse", "worst", "bad"]},
    **{w: ("stance", 1) for w in ["support", "back", "favour", "for", "endorse"]},
    **{w: ("stance", -1) for w in ["oppose", "against", "reject"]},
}  # fmt: skip
_GEO = {
    "world": "world", "global": "world", "worldwide": "world", "earth": "world", "international": "world",
    "globally": "world", "europe": "continent", "european": "continent", "continent": "continent",
    "continental": "continent", "africa": "continent", "asia": "continent", "national": "national",
    "nationwide": "national", "country": "national", "nation": "national", "countrywide": "national",
    "regional": "regional", "region": "regional", "province": "province", "provincial": "province",
    "state": "state", "statewide": "state", "county": "county", "local": "local", "citywide": "city",
    "north": "north", "south": "south", "east": "east", "west": "west", "northern": "north",
    "southern": "south", "eastern": "east", "western": "west", "city": "city", "town": "town",
    "village": "village", "district": "district", "borough": "borough", "capital": "capital",
}  # fmt: skip
# these name a scope only as the place a claim holds ("in the country", "the nation's"), not as its subject
_GEO_NOUNS = {"world", "earth", "europe", "africa", "asia", "continent", "country", "nation", "region",
              "province", "state", "county", "city", "town", "village", "district", "borough", "capital",
              "north", "south", "east", "west"}  # fmt: skip
_ALL = {"all", "every", "each", "everyone", "everybody", "both", "either", "whole", "entire"}
_SOME = {"only", "some", "solely", "exclusively", "just", "one", "several", "few", "part"}
_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_SEASONS = {"spring", "summer", "autumn", "winter"}
_TIME_UNITS = {"year", "month", "week", "quarter", "decade", "century", "day", "spring", "summer", "autumn",
               "winter", "weekend", "term", "season"}  # fmt: skip
_REL = {"last": "last", "past": "last", "previous": "last", "next": "next", "coming": "next", "this": "this",
        "current": "this"}  # fmt: skip
_GENERIC = {"people", "number", "level", "time", "year", "month", "week", "day", "thing", "way", "percent",
            "cent", "per", "lot", "part", "rate", "side", "first", "ever", "record", "history"}  # fmt: skip
# words that are part of a figure, compared as figures and not as words
_FIGURE_WORDS = {"half", "halves", "quarter", "quarters", "third", "thirds", "percent", "cent", "times",
                 "twice", "double", "dozen", "hundred", "thousand", "million", "billion", "trillion"}  # fmt: skip
_FRACTIONS = [  # phrases read as figures
    (re.compile(r"\b(?:a|one) (?:year|twelve months) and a half\b"), " 18 months "),
    (re.compile(r"\bby (?:a |one )?half\b"), " 0.5 times "),
    (re.compile(r"\b(?:a|one) half\b|\bhalf of\b|\bhalf\b(?! an? )"), " 50 percent "),
    (re.compile(r"\btwo[- ]thirds\b"), " 66.7 percent "),
    (re.compile(r"\b(?:a|one)[- ]third\b"), " 33.3 percent "),
    (re.compile(r"\bthree[- ]quarters\b"), " 75 percent "),
    (re.compile(r"\b(?:a|one)[- ]quarter of\b"), " 25 percent of "),
    (re.compile(r"\b(?:doubled|twice|twofold|two-fold|two times|double)\b"), " 2 times "),
    (re.compile(r"\b(?:tripled|threefold|three times|treble[d]?)\b"), " 3 times "),
    (re.compile(r"\b(?:halved)\b"), " 0.5 times "),
    (re.compile(r"\ba (day|week|month|year|decade|fortnight)\b(?! (?:ago|later|earlier))"), r" 1 \1 "),
    (re.compile(r"\bper cent\b"), " percent "),
]
_SYNONYMS = {  # nouns that name the same thing, for the "other object" rule of the word-overlap matcher
    frozenset(s.split())
    for s in (
        "troop army soldier force military",
        "port harbour harbor",
        "firm company business",
        "job post",
        "home house household family",
        "car vehicle",
        "plant factory",
        "boss chief executive",
        "talk negotiation",
        "child kid",
        "worker employee staff",
        "patient people person",
        "medicine drug",
        "stadium ground",
        "ferry boat ship",
    )
}


def _setting_model():
    # spaCy loads when the first frame is read (in the worker), not when a page imports this module
    from apps.extraction.apps import config_from_settings
    from apps.extraction.pipeline import get_nlp

    return get_nlp(config_from_settings())


@functools.lru_cache(maxsize=4096)
def frame_of(text: str) -> dict:
    """The frame of one claim text (cached by text in this process)."""
    return frames_of([text])[0]


def frames_of(texts: list[str]) -> list[dict]:
    """The frames of several texts, parsed in one batch. Without the spaCy model (a broken install) each
    frame is marked unread and the matcher falls back to the word-list guard."""
    from apps.extraction.pipeline import ModelNotInstalled

    try:
        nlp = _setting_model()
    except ModelNotInstalled:
        logger.warning("Similarity: the spaCy model is not installed; claim frames are not read")
        return [{"v": FRAME_VERSION, "unread": True} for _ in texts]
    return [_frame(text, doc) for text, doc in zip(texts, nlp.pipe(texts, batch_size=32), strict=True)]


# --- Reading a frame --------------------------------------------------------------------------------


def _main_verbs(doc) -> list:
    """The verbs of the main clause: the root (the reported clause after "said"), then its xcomp chain."""
    sent = next(iter(doc.sents))
    root = sent.root
    if root.lemma_.lower() in _REPORTING:
        reported = [c for c in root.children if c.dep_ == "ccomp"]
        if reported:
            root = reported[0]
    chain = [root]
    while True:
        nxt = [c for c in chain[-1].children if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX", "ADJ")]
        if not nxt:
            break
        chain.append(nxt[0])
    return chain


def _clause(doc, chain) -> list:
    """The tokens of the main clause: the root's subtree without adverbial clauses ("after the law was
    repealed") and without the reporting verb."""
    root = chain[0]
    out, stack = [], [root]
    while stack:
        tok = stack.pop()
        out.append(tok)
        stack.extend(
            c
            for c in tok.children
            if c.dep_ != "advcl" and not (c.dep_ == "prep" and c.lower_ == "according")
        )
    return sorted(out, key=lambda t: t.i)


def _phrase(tok) -> set[str]:
    return {
        t.lemma_.lower()
        for t in tok.subtree
        if t.pos_ in ("NOUN", "PROPN") and t.lemma_.lower() not in _GENERIC
    }


def _roles(chain, clause) -> tuple[set[str], set[str]]:
    """(the doer's words, the words of everything else the clause names)."""
    children = [c for v in chain for c in v.children]
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in children)
    subjects = [c for c in children if c.dep_ in ("nsubj", "nsubjpass")]
    agent_tok = None
    if passive:
        by = [c for c in children if c.dep_ == "agent"]
        agent_tok = next((g for b in by for g in b.children if g.dep_ == "pobj"), None)
    elif chain[-1].lemma_.lower() in _RECEIVING or chain[0].lemma_.lower() in _RECEIVING:
        for tok in clause:
            if tok.dep_ == "pobj" and tok.head.lemma_.lower() in ("from", "of", "by", "to"):
                agent_tok = tok
                break
            if tok.dep_ == "poss" and tok.pos_ in ("NOUN", "PROPN"):
                agent_tok = tok
                break
    elif subjects:
        agent_tok = subjects[0]
    agent = _phrase(agent_tok) if agent_tok is not None else set()
    inside = {t.i for t in agent_tok.subtree} if agent_tok is not None else set()
    others = {
        t.lemma_.lower()
        for t in clause
        if t.i not in inside and t.pos_ in ("NOUN", "PROPN") and t.lemma_.lower() not in _GENERIC
    }
    if (
        agent
        and not passive
        and (chain[-1].lemma_.lower() in _RECEIVING or chain[0].lemma_.lower() in _RECEIVING)
    ):
        others |= {s.lemma_.lower() for s in subjects}
    return agent, others - agent


def _modality(chain) -> str:
    lemmas = [v.lemma_.lower() for v in chain]
    auxes = [c for v in chain for c in v.children if c.dep_ in ("aux", "auxpass")]
    aux_words = {a.lower_ for a in auxes}
    if aux_words & _POSSIBLE_AUX or (
        len(chain) > 1 and any(lemma in _POSSIBLE_VERBS for lemma in lemmas[:-1])
    ):
        return "possible"
    if aux_words & _FUTURE_AUX:
        if "would" in aux_words and any(c.dep_ == "neg" for v in chain for c in v.children):
            return ""  # "would not comment": a refusal, not a forecast
        return "future"
    if len(chain) > 1 and (lemmas[0] in _FUTURE_VERBS or lemmas[0] == "be"):
        return "future"  # "plans to", "is set to", "is to be acquired"
    if any(a.lemma_ == "have" for a in auxes) or chain[0].tag_ == "VBD":
        return "done"
    if any(a.tag_ == "VBD" for a in auxes):  # "was closed", "were cut"
        return "done"
    return ""


_NOT_COMPARATIVE = {
    "other",
    "former",
    "under",
    "over",
    "proper",
    "eager",
    "bitter",
    "clever",
    "sober",
    "latter",
}


def _negation_phrase(tok) -> bool:
    """ "longer" of "no longer", "more" of "not any more": part of a negation, not a comparison."""
    before = tok.doc[tok.i - 1].lower_ if tok.i else ""
    return (tok.lower_, before) in (("longer", "no"), ("more", "any"), ("more", "no"))


def _comparative(tok) -> bool:
    """Comparatives and superlatives ("hotter", "highest"): the small model tags some of them JJ."""
    word = tok.lower_
    if _negation_phrase(tok):
        return False
    if tok.tag_ in ("JJR", "RBR", "JJS", "RBS"):
        return True
    if word in ("further", "farther", "furthest", "farthest"):
        return True
    return tok.pos_ == "ADJ" and word.endswith(("er", "est")) and word not in _NOT_COMPARATIVE


def _negated(chain, clause) -> bool:
    count = 0
    record = any(_comparative(t) for t in clause)
    comparative = record or any(t.lower_ in ("ever", "as") for t in clause)
    for tok in clause:
        word = tok.lower_
        if word in _NEGATIONS or (word == "longer" and tok.i and tok.doc[tok.i - 1].lower_ == "no"):
            if word == "no" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "other":
                continue
            if word == "never" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "before":
                continue  # "never before have lists been this long": a record, not a denial
            if word != "longer" and (
                (comparative and tok.dep_ != "neg") or (record and word in _RECORD_NEGATIONS)
            ):
                continue  # "no day has been hotter", "has never owed more": a superlative, not a denial
            if word != "longer":
                count += 1
        elif tok.pos_ == "VERB" and tok.lemma_.lower() in _NEGATIVE_VERBS:
            lemma = tok.lemma_.lower()
            particle = _NEGATIVE_PARTICLE.get(lemma)
            if lemma in _NEGATIVE_WITH_INFINITIVE and not any(c.dep_ == "xcomp" for c in tok.children):
                continue
            if particle is None or any(c.lower_ == particle for c in tok.children):
                count += 1
    return count % 2 == 1


# "up"/"down" after one of these is a direction ("prices went up", "pushed costs down"); after another verb it
# is part of the verb ("growing up", "set up", "gave up"), and such a verb moves nothing
_MOVING = {"go", "come", "move", "shoot", "push", "drive", "force", "put", "bring", "send", "creep", "edge",
           "tick", "inch", "jump", "climb", "head", "be", "turn", "trend", "level", "scale", "mark", "step",
           "ramp", "slow", "wind", "run"}  # fmt: skip


def _phrasal(tok) -> bool:
    """A verb with an "up"/"down" particle that makes another verb ("grow up", "set up"), or that particle."""
    if tok.dep_ == "prt" and tok.lower_ in ("up", "down"):
        return tok.head.lemma_.lower() not in _MOVING
    return any(c.dep_ == "prt" and c.lower_ in ("up", "down") for c in tok.children) and (
        tok.lemma_.lower() not in _MOVING
    )


def _direction(clause) -> dict[str, int]:
    axes: dict[str, int] = {}
    for tok in clause:
        if _phrasal(tok) or _negation_phrase(tok):
            continue
        for word in {tok.lower_, tok.lemma_.lower()}:
            if word in _AXES:
                axis, sign = _AXES[word]
                if axis == "stance" and tok.dep_ == "prep" and word == "for":
                    continue  # "voted for" is stance, "for repairs" is not: only count verbs/adjs
                axes[axis] = axes.get(axis, 0) + sign
                break
    return {axis: (s > 0) - (s < 0) for axis, s in axes.items() if s}


def _times(doc) -> tuple[set[str], set[str], set[str]]:
    """(years, months/weekdays/seasons, relative times like "last:year")."""
    years, named, rel = set(), set(), set()
    toks = list(doc)
    for i, tok in enumerate(toks):
        w = tok.lower_
        if re.fullmatch(r"(19|20)\d\d", w) and tok.tag_ == "CD":
            years.add(w)
        elif (
            (w in _MONTHS and (tok.tag_ == "NNP" or tok.ent_type_ == "DATE") and w != "may")
            or (w == "may" and tok.tag_ != "MD")
            or w in _WEEKDAYS
            or (w in _SEASONS and tok.ent_type_ == "DATE")
        ):
            named.add(w)
        if w in _REL and i + 1 < len(toks):
            unit = toks[i + 1].lower_
            if unit in _MONTHS or unit in _SEASONS:
                named.add(unit)
                rel.add(f"{_REL[w]}:year")
            elif unit.rstrip("s") in _TIME_UNITS and not (w == "past" and i > 0 and toks[i - 1].like_num):
                rel.add(f"{_REL[w]}:{unit.rstrip('s')}")
    return years, named, rel


_PLACE_ALIASES = {"britain": "uk", "united kingdom": "uk", "british": "uk", "england": "england",
                  "united states": "us", "america": "us", "usa": "us", "u.s.": "us", "american": "us"}  # fmt: skip
_WHERE = {"in", "across", "throughout", "within", "inside", "outside", "around", "over", "on"}


def _scope(clause) -> tuple[set[str], str]:
    geo = {
        _GEO[t.lower_]
        for t in clause
        if t.lower_ in _GEO
        and (t.lower_ not in _GEO_NOUNS or t.head.lower_ in _WHERE or t.dep_ == "poss" or t.pos_ == "ADJ")
    }
    for tok in clause:  # "in London", "across Wales": where the claim holds
        if tok.ent_type_ in ("GPE", "LOC") and tok.ent_iob_ == "B" and tok.head.lower_ in _WHERE:
            name = tok.doc[tok.i : tok.i + 1].text.lower()
            ent = next((e for e in tok.doc.ents if e.start == tok.i), None)
            if ent is not None:
                name = ent.text.lower().removeprefix("the ")
            geo.add(_GEO.get(name) or _PLACE_ALIASES.get(name, name))
    words = {t.lower_ for t in clause}
    amount = ""
    if words & _SOME and not (
        words & {"one"}
        and not (words & (_SOME - {"one"}))
        and not any(t.lower_ == "one" and t.dep_ in ("nummod", "det") for t in clause)
    ):
        amount = "some"
    elif words & _ALL:
        amount = "all"
    return geo, amount


def figures_read(text: str) -> list[tuple[float, str]]:
    """The figures of a text as (value, unit): unit "days" for a duration ("18 weeks" -> 126), else ""."""
    low = text.lower().replace("’", "'")
    for pattern, repl in _FRACTIONS:
        low = pattern.sub(repl, low)
    tokens = guard._tokens(low)
    values = guard._read_numbers(tokens)
    plain = set(guard._read_numbers([t for t in tokens if t not in guard._DAYS]))
    out = []
    for v in values:
        if 1900 <= v <= 2100 and float(v).is_integer() and re.search(rf"\b{int(v)}\b", text):
            continue  # a year: compared as a time
        out.append((v, "" if v in plain else "days"))
    return out


def _frame(text: str, doc) -> dict:
    chain = _main_verbs(doc)
    clause = _clause(doc, chain)
    agent, others = _roles(chain, clause)
    years, named, rel = _times(doc)
    geo, amount = _scope(clause)
    content = {
        _PLACE_ALIASES.get(t.lemma_.lower(), t.lemma_.lower()): t.pos_
        for t in doc
        if t.pos_ in ("NOUN", "PROPN", "ADJ", "VERB", "ADV")
        and not t.is_stop
        and t.lemma_.isalpha()
        and not (t.tag_ in ("JJS", "RBS") or (_comparative(t) and t.dep_ != "amod"))
        and len(t.lower_) > 1
        and t.lower_ not in ("m", "bn", "mn", "tn", "k")
        and t.lower_ not in _MONTHS
        and t.lower_ not in _WEEKDAYS
        and t.ent_type_ not in ("DATE", "TIME")
        and t.lower_ not in ("today", "now", "currently")
        and not t.like_num
        and t.lower_ not in _FIGURE_WORDS
        and t.head.lower_ != "per"  # "per head", "per worker": the unit of a rate, not a thing
    }
    return {
        "v": FRAME_VERSION,
        "verb": chain[-1].lemma_.lower(),
        "verb0": chain[0].lemma_.lower(),
        "agent": sorted(agent),
        "others": sorted(others),
        "figures": [[v, u] for v, u in figures_read(text)],
        "negated": _negated(chain, clause),
        "modality": _modality(chain),
        "years": sorted(years),
        "named": sorted(named),
        "rel": sorted(rel),
        "geo": sorted(geo),
        "amount": amount,
        "direction": _direction(clause),
        "content": content,
    }


# --- Comparing two frames -----------------------------------------------------------------------


@dataclass
class Verdict:
    conflict: str = ""  # why the two claims differ ("" when nothing tells them apart)
    matched: list[str] = field(default_factory=list)  # what the two claims agree on

    @property
    def same(self) -> bool:
        return not self.conflict


def figure_label(value: float, unit: str = "") -> str:
    """126.0 days -> "126 days"; 2400000 -> "2.4m"."""
    for scale, suffix in ((1e12, "tn"), (1e9, "bn"), (1e6, "m")):
        if abs(value) >= scale and value % (scale / 100) == 0:
            return f"{value / scale:g}{suffix}"
    text = f"{value:.4g}" if value < 1e4 else f"{value:,.0f}"
    return f"{text} days" if unit == "days" else text


def _close(a: float, b: float, unit: str) -> bool:
    tolerance = 0.1 if unit == "days" else 0.005
    return abs(a - b) <= tolerance * max(abs(a), abs(b), 1e-9)


def _covered(small: list, big: list) -> bool:
    return all(any(_close(v, w, u) for w, _ in big) for v, u in small)


def _words(items: Iterable[str]) -> str:
    return ", ".join(sorted(items)) or "nothing"


def _times_label(times: set[str]) -> str:
    return _words(x.replace(":", " ") for x in times)


def _synonyms(a: set[str], b: set[str], similar) -> bool:
    if any(len(a & s) and len(b & s) for s in _SYNONYMS):
        return True
    if {same_word(x) for x in a} & {same_word(y) for y in b} - {""}:  # the word overlap's list
        return True
    for short, long in ((a, b), (b, a)):  # "nhs" / "health service"
        for x in short:
            initials = {w[0] for w in long}
            if 2 <= len(x) <= 5 and len(long) >= len(x) - 1 and initials <= set(x):
                return True
    for x in a:  # "china" / "chinese", "europe" / "european"
        for y in b:
            n = len(os.path.commonprefix([x, y]))
            if n >= 4 and n >= 0.6 * min(len(x), len(y)):
                return True
    return bool(similar and similar(" ".join(sorted(a)), " ".join(sorted(b))))


# verbs that say little of their own ("went down" / "went through", "made money" / "made cuts"): sharing one
# is not sharing what the claims say
_LIGHT_VERBS = {"be", "have", "go", "come", "get", "make", "take", "do", "give", "put", "see", "become"}


def _other_things(fa: dict, fb: dict, *, anchored: bool) -> str:
    """Why two claims found by word overlap are about other things ("" when they are not). Token-set ratio
    compares letters: one shared verb, or one shared noun, can score as high as a rewording. Unless the claims
    agree on a figure, a date, a time or a place that both state, they are other claims when
    - they name things and none of them is the same (or a synonym): they share at most a verb ("The
      regulator approved the merger" / "Parliament approved the treaty");
    - they share few things and nothing else: another verb, and other things besides ("The minister resigned
      over the scandal" / "The minister was aware of the leak").
    Embeddings compare meanings, not letters, and do not need this."""
    if anchored:
        return ""
    nounish = ("NOUN", "PROPN", "ADJ")
    rest_a = {w for w, pos in fa["content"].items() if pos in nounish}
    rest_b = {w for w, pos in fb["content"].items() if pos in nounish}
    shared = rest_a & rest_b
    rest_a, rest_b = rest_a - shared, rest_b - shared
    for x in sorted(rest_a):  # a synonym is a thing in common ("firm" / "company")
        y = next((y for y in sorted(rest_b) if _synonyms({x}, {y}, None)), None)
        if y is not None:
            shared.add(f"{x} = {y}")
            rest_a.discard(x)
            rest_b.discard(y)
    if not (rest_a and rest_b) or _synonyms(rest_a, rest_b, None):
        return ""
    if not shared:
        return f"other subject: {_words(rest_a)} vs {_words(rest_b)}"
    verbs_a, verbs_b = {fa["verb"], fa["verb0"]} - _LIGHT_VERBS, {fb["verb"], fb["verb0"]} - _LIGHT_VERBS
    if len(shared) == 1 and not (verbs_a & verbs_b):
        return f"another claim about {_words(shared)}: {_words(rest_a)} vs {_words(rest_b)}"
    return ""


_ANCHORS = ("same figures", "same year", "same date", "same time", "same scope")


def frames_compare(fa: dict, fb: dict, *, similar=None, by_words: bool = False) -> Verdict:
    """Whether two frames say the same thing. `similar(a, b)` (optional, from the embedding model) tells
    whether two words or phrases mean the same, for the "other object" rule; `by_words`: the candidate was
    found by word overlap, so the frames also check that the claims are about the same things."""
    v = Verdict()
    # figures
    a_fig, b_fig = fa["figures"], fb["figures"]
    if a_fig and b_fig:
        if not (_covered(a_fig, b_fig) or _covered(b_fig, a_fig)):
            shown_a = _words(figure_label(x, u) for x, u in a_fig)
            shown_b = _words(figure_label(x, u) for x, u in b_fig)
            v.conflict = f"other figure: {shown_a} vs {shown_b}"
            return v
        v.matched.append("same figures: " + _words(figure_label(x, u) for x, u in a_fig))
    # time
    for key, what in (("years", "year"), ("named", "date"), ("rel", "time")):
        a_t, b_t = set(fa[key]), set(fb[key])
        if a_t and b_t:
            if not (a_t & b_t):
                v.conflict = f"other time: {_times_label(a_t)} vs {_times_label(b_t)}"
                return v
            v.matched.append(f"same {what}: " + _times_label(a_t & b_t))
    # polarity
    if fa["negated"] != fb["negated"]:
        v.conflict = "opposite polarity: one denies what the other asserts"
        return v
    # modality
    ma, mb = fa["modality"], fb["modality"]
    if ma and mb and ma != mb:
        names = {"done": "has happened", "future": "will happen", "possible": "may happen"}
        v.conflict = f"other modality: {names[ma]} vs {names[mb]}"
        return v
    if ma and ma == mb:
        v.matched.append({"done": "both say it has happened", "future": "both say it will happen",
                          "possible": "both say it may happen"}[ma])  # fmt: skip
    # direction
    da, db = fa["direction"], fb["direction"]
    for axis in set(da) & set(db):
        if da[axis] != db[axis]:
            v.conflict = "opposite direction" + ("" if axis == "change" else f" ({axis})")
            return v
    sa, sb = sum(da.values()), sum(db.values())
    if sa and sb and (sa > 0) != (sb > 0) and not set(da) & set(db):
        v.conflict = "opposite direction"
        return v
    if sa and sb:
        v.matched.append("same direction")
    # scope
    ga, gb = set(fa["geo"]), set(fb["geo"])
    if ga and gb and (ga - gb) and (gb - ga) and not _synonyms(ga - gb, gb - ga, None):
        v.conflict = f"other scope: {_words(ga)} vs {_words(gb)}"
        return v
    if ga and gb:
        v.matched.append("same scope: " + _words(ga & gb))
    qa, qb = fa["amount"], fb["amount"]
    if qa and qb and qa != qb:
        v.conflict = f"other scope: {qa} vs {qb}"
        return v
    # roles
    conv = any({fa["verb"], fb["verb"]} == pair or {fa["verb0"], fb["verb0"]} == pair for pair in _CONVERSE)
    a_ag, b_ag = set(fa["agent"]), set(fb["agent"])
    a_ot, b_ot = set(fa["others"]), set(fb["others"])
    if conv:
        b_ag, b_ot = (b_ot & a_ag) or b_ag, b_ag | (b_ot - a_ag)
    same_verb = conv or fa["verb"] == fb["verb"] or fa["verb0"] == fb["verb0"] and fa["verb0"] != "be"
    if a_ag and b_ag and same_verb:
        if not (a_ag & b_ag) and (a_ag & b_ot) and (b_ag & a_ot):
            v.conflict = (
                f"roles swapped: {_words(a_ag)} acts on {_words(b_ag)} in one, the reverse in the other"
            )
            return v
        if a_ag & b_ag:
            v.matched.append("same actor: " + _words(a_ag & b_ag))
        elif _synonyms(a_ag, b_ag, similar):
            v.matched.append(f"same actor: {_words(a_ag)} = {_words(b_ag)}")  # "troops" / "the army"
    ca, cb = fa["content"], fb["content"]
    only_a, only_b = set(ca) - set(cb) - set(_GEO), set(cb) - set(ca) - set(_GEO)
    common = set(ca) & set(cb)
    nounish = ("NOUN", "PROPN", "ADJ")
    if by_words and (why := _other_things(fa, fb, anchored=any(m.startswith(_ANCHORS) for m in v.matched))):
        v.conflict = why
        return v
    # the same sentence about another object or actor
    if (
        only_a and only_b and len(common) >= 2 and len(only_a) <= 3 and len(only_b) <= 3
        and all(ca[w] in nounish for w in only_a) and all(cb[w] in nounish for w in only_b)
        and not _synonyms(only_a, only_b, similar)
    ):  # fmt: skip
        v.conflict = f"other object: {_words(only_a)} vs {_words(only_b)}"
        return v
    if common:
        v.matched.append("same words: " + _words(w for w in common if ca[w] in nounish))
    return v


def claims_compare(
    a_text: str, fa: dict, b_text: str, fb: dict, *, similar=None, by_words: bool = False
) -> Verdict:
    """The matcher's check of a candidate pair: the frames, then the guard's word lists (directions such as
    "spent"/"saved", "voted for"/"against" that the frames do not read). An unread frame: the guard alone."""
    if fa.get("unread") or fb.get("unread"):
        return Verdict(conflict=guard.conflict(a_text, b_text))
    verdict = frames_compare(fa, fb, similar=similar, by_words=by_words)
    if verdict.same and guard.conflict(a_text, b_text) == "opposite direction":
        verdict.conflict = "opposite direction"
    return verdict


# Word overlap scores a rewording low when its words change ("four weeks" for "a month"); two claims whose
# frames agree on figures, a year, a date, a time, a place or the actor (the same, or a synonym, with the same
# verb) get this much more each (at most twice). Chosen on the tune half of tests/similarity/hard_pairs.json
# (0.06: the smallest that gains what 0.07 and 0.08 gain there); the embeddings need no help.
AGREEMENT_BONUS = 0.06
_STRONG = ("same figures", "same year", "same date", "same time", "same scope", "same actor")


def agreement_bonus(verdict: Verdict) -> float:
    if not verdict.same:
        return 0.0
    return AGREEMENT_BONUS * min(2, sum(m.startswith(_STRONG) for m in verdict.matched))
