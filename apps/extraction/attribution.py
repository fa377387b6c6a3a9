"""Put the pieces together for one parsed text: reports + quotes -> claims with speakers and evidence."""

from __future__ import annotations

import bisect
import re

from spacy.tokens import Doc

from . import evidence as ev
from . import lexicon as lx
from .quotes import Quote, find_quotes
from .reported_speech import Report, find_reports, trim_span
from .speaker_names import speakers_match
from .speakers import Resolved, Resolver, SpeakerBook
from .transcripts import find_turns
from .types import ClaimCandidate

_WORD = re.compile(r"[^\W_]+")
_MAX_TAIL_TOKENS = 14
_CONTEXT_SENTENCES = 2
_EVIDENCE_LOOKBACK = 3


class ParsedText:
    """A parsed text with the lookups the rules share."""

    def __init__(self, text: str, doc: Doc) -> None:
        self.text = text
        self.doc = doc
        self.starts = [t.idx for t in doc]
        self.sents = list(doc.sents)
        self.sent_of_token = [0] * len(doc)
        for n, sent in enumerate(self.sents):
            for i in range(sent.start, sent.end):
                self.sent_of_token[i] = n
        self.quotes = find_quotes(text)
        self.quote_mask = [False] * len(doc)
        for q in self.quotes:
            for i in range(self.token_at(q.start), len(doc)):
                if doc[i].idx >= q.end:
                    break
                self.quote_mask[i] = True

    def token_at(self, char: int) -> int:
        """Index of the token containing (or first after) a char offset."""
        i = bisect.bisect_right(self.starts, char) - 1
        return max(i, 0)

    def sent_at(self, char: int) -> int:
        return self.sent_of_token[self.token_at(char)] if len(self.doc) else 0

    def paragraph_at(self, char: int) -> int:
        return self.text.count("\n", 0, char)


# ---- quotes ---------------------------------------------------------------------------------------


def _link_content_quotes(art: ParsedText, reports: list[Report], used: dict[Quote, Report]) -> None:
    """A report whose content is (almost all) one quote is that direct quote; scare quotes stay inside."""
    for report in reports:
        if report.content is None:
            continue
        s, e = report.content
        for q in art.quotes:
            if q.end <= s or q.start >= e:
                continue
            starts_with_quote = q.start <= s + 1
            if (starts_with_quote and q.end >= e - 1) or (s >= q.start and e <= q.end):
                if q in used:
                    report.content = None
                    report.extra["duplicate"] = True
                    break
                report.kind, report.quote, report.content = "direct", (q.start, q.end), (q.start, q.end)
                used[q] = report
                break


def _absorbed(q: Quote, reports: list[Report]) -> bool:
    return any(
        r.kind == "indirect" and r.content and r.content[0] <= q.start and q.end <= r.content[1]
        for r in reports
    )


def _report_by_verb(reports: list[Report]) -> dict[int, Report]:
    return {r.verb_i: r for r in reports if r.verb_i is not None}


def _tail_verb(art: ParsedText, q: Quote, by_verb: dict[int, Report]) -> Report | None:
    doc = art.doc
    first = art.token_at(q.end)
    if first < len(doc) and doc[first].idx < q.end:
        first += 1
    if first >= len(doc):
        return None
    sent = art.sent_of_token[max(art.token_at(q.end - 1), 0)]
    for i in range(first, min(first + _MAX_TAIL_TOKENS, len(doc))):
        if art.quote_mask[i] or art.sent_of_token[i] > sent + 1:
            break
        if doc[i].text in (".", "!", "?") and i > first:
            break
        report = by_verb.get(i)
        if report is not None and _free_for_quote(report, q):
            return report
    return None


def _head_verb(art: ParsedText, q: Quote, by_verb: dict[int, Report]) -> Report | None:
    doc = art.doc
    q_tok = art.token_at(q.start)
    sent = art.sents[art.sent_of_token[q_tok]]
    head_text = art.text[sent.start_char : q.start].rstrip()
    if not head_text and art.sent_of_token[q_tok] > 0 and _after_colon_line(art, q.start):
        # "In a statement, the league said:" ending its paragraph, the quote opening the next one
        sent = art.sents[art.sent_of_token[q_tok] - 1]
        head_text = art.text[sent.start_char : sent.end_char].rstrip()
    if not head_text.endswith((":", ",")):
        return None
    for i in range(q_tok - 1, sent.start - 1, -1):
        if art.quote_mask[i]:
            break
        report = by_verb.get(i)
        if report is not None and _free_for_quote(report, q):
            return report
    _ = doc
    return None


def _after_colon_line(art: ParsedText, start: int) -> bool:
    """The text at start opens a paragraph whose previous paragraph ends with a colon."""
    line_start = art.text.rfind("\n", 0, start) + 1
    if art.text[line_start:start].strip():
        return False
    return art.text[:line_start].rstrip().endswith(":")


def _colon_paragraph(art: ParsedText, report: Report) -> None:
    """ "The governor added:" ending a paragraph, with no quote after it: what was said is the next
    paragraph (one sentence or more of prose, not a label or a list)."""
    if report.content is not None or report.cue_span is None or report.verb_i is None:
        return
    sent = art.sents[art.sent_of_token[report.verb_i]]
    line_end = art.text.find("\n", sent.end_char - 1)
    if line_end == -1 or not art.text[sent.start_char : line_end].rstrip().endswith(":"):
        return
    if any(art.doc[i].pos_ in ("VERB", "AUX") for i in range(report.verb_i + 1, sent.end)):
        return  # "He said it plainly: ..." or a second clause: not a bare attribution
    start = line_end
    while start < len(art.text) and art.text[start].isspace():
        start += 1
    end = art.text.find("\n", start)
    end = len(art.text) if end == -1 else end
    para = art.text[start:end].rstrip()
    if not para or para[0] in "\"“‘'(" or not para.endswith((".", "!", "?")) or len(para.split()) < 4:
        return
    if _TURN_LABEL.match(para):
        return
    report.content = (start, start + len(para.rstrip(".")) if para.endswith(".") else start + len(para))


_TURN_LABEL = re.compile(r"^[A-Z][\w.'’ -]{0,38}?:\s")


def _free_for_quote(report: Report, q: Quote) -> bool:
    if report.quote is not None:
        return False
    if report.content is None:
        return True
    s, e = report.content
    return s < q.end and q.start < e  # its content ran into the quote: the parse took the quote as content


def _standalone(art: ParsedText, q: Quote) -> bool:
    """A quote that is a sentence (or several) of its own, not a phrase inside the writer's sentence."""
    if len(art.text[q.start + 1 : q.end - 1].split()) < 4:
        return False
    before = art.text[: q.start].rstrip(" \t")
    after = art.text[q.end :].lstrip(" \t")
    ok_before = not before or before.endswith(("\n", ".", "!", "?", ":", "”", '"', "’"))
    inner = art.text[q.start + 1 : q.end - 1].rstrip()
    ok_after = (
        not after or after.startswith("\n") or (inner.endswith((".", "!", "?")) and not after[:1].islower())
    )
    return ok_before and ok_after


def _attach_quotes(art: ParsedText, reports: list[Report]) -> list[Report]:
    used: dict[Quote, Report] = {}
    _link_content_quotes(art, reports, used)
    by_verb = _report_by_verb(reports)
    loose: list[Quote] = []
    for q in art.quotes:
        if q in used or _absorbed(q, reports):
            continue
        report = _tail_verb(art, q, by_verb) or _head_verb(art, q, by_verb)
        if report is None:
            loose.append(q)
            continue
        report.kind, report.quote, report.content = "direct", (q.start, q.end), (q.start, q.end)
        used[q] = report
    _merge_split_quotes(art, reports, used, loose)
    labelled = [r for r in (_colon_label(art, q) for q in loose) if r is not None]
    taken = {r.quote for r in labelled}
    loose = [q for q in loose if (q.start, q.end) not in taken]
    return labelled + [_context_report(art, q) for q in loose if _standalone(art, q)]


def _speaker_noun(tok) -> bool:
    """A noun that can name who spoke: not "Her verdict", "The message", "One question"."""
    if tok.pos_ == "PROPN" or tok.ent_type_ in ("PERSON", "ORG", "NORP", "GPE"):
        return True
    if tok.pos_ != "NOUN" or tok.lemma_.lower() in lx.CLAIM_NOUNS | lx.UTTERANCE_NOUNS:
        return False
    if tok.lemma_.lower() in lx.ROLE_NOUNS | lx.ORG_NOUNS:
        return True
    # Any other noun only in the "X on social media:" / "X to reporters:" form of a label.
    definite = tok.left_edge.lower_ == "the"
    return definite and any(c.dep_ == "prep" and c.lower_ in ("on", "to") for c in tok.children)


def _colon_label(art: ParsedText, q: Quote) -> Report | None:
    """A quote after a speaker named with no verb: "The minister on social media: “...”"."""
    doc = art.doc
    head = art.text[: q.start].rstrip(" \t")
    if not head.endswith(":"):
        return None
    colon = art.token_at(len(head) - 1)
    if doc[colon].text != ":":
        return None
    first = colon
    while first > 0 and colon - first < 10:
        prev = doc[first - 1]
        if prev.text in (".", "!", "?", ";") or "\n" in prev.text or "\n" in prev.whitespace_:
            break
        first -= 1
    label = doc[first:colon]
    if not 1 < len(label) <= 9 or any(t.pos_ in ("VERB", "AUX") or art.quote_mask[t.i] for t in label):
        return None  # a sentence of its own ("He put it simply: ...") is not a label; nor is "Q:"
    roots = [t for t in label if not (first <= t.head.i < colon) or t.head.i == t.i]
    if len(roots) != 1 or not label[0].is_title or not _speaker_noun(roots[0]):
        return None
    report = Report(None, None, (q.start, q.end), roots[0].i, kind="direct", quote=(q.start, q.end))
    report.extra["label"] = True
    return report


def _merge_split_quotes(
    art: ParsedText, reports: list[Report], used: dict[Quote, Report], loose: list[Quote]
) -> None:
    """“A,” she said, “B.” and “A,” she said. “B.” are one claim from the first mark to the last."""
    for report in sorted((r for r in reports if r.quote), key=lambda r: r.quote[0]):
        if report.content is None:
            continue
        while True:
            nxt = next((q for q in art.quotes if q.start >= report.content[1]), None)
            if nxt is None or used.get(nxt, report) is not report or not _continues(art, report, nxt):
                break
            report.content = report.quote = (report.content[0], nxt.end)
            used[nxt] = report
            if nxt in loose:
                loose.remove(nxt)


def _continues(art: ParsedText, report: Report, q: Quote) -> bool:
    """Second half of a split quote: same paragraph, right after the attribution."""
    first_end = report.content[1]
    if report.cue_span is None or not (first_end <= report.cue_span[0] < q.start):
        return False
    if art.paragraph_at(first_end) != art.paragraph_at(q.start):
        return False
    before_cue = art.text[first_end : report.cue_span[0]]
    between = art.text[report.cue_span[1] : q.start]
    if any(mark in between + before_cue for mark in '"“”‘'):
        return False
    # The attribution is one sentence that ends where the second half opens (no sentence of the writer's
    # in between); a long one ("“A,” said X, a lawyer who has ... since 1990. “B.”") is fine.
    gap_end = len(art.text[: q.start].rstrip()) - 1
    if gap_end > report.cue_span[1] and art.sent_at(gap_end) != art.sent_at(report.cue_span[0]):
        return False
    if len(before_cue.split()) <= 8 and len(between.split()) <= 14:
        return True
    return len(before_cue.split()) + len(between.split()) <= 45


def _prose(art: ParsedText, char: int) -> bool:
    """False for headlines, bylines, captions and list items (lines that are not sentences)."""
    start = art.text.rfind("\n", 0, char) + 1
    end = art.text.find("\n", char)
    line = art.text[start : end if end != -1 else len(art.text)].strip()
    if line.startswith(("- ", "• ", "* ")):
        return False
    return line.endswith((".", "!", "?", "”", '"', "’", "'", ":", "…", ")")) or len(line.split()) > 25


def _context_report(art: ParsedText, q: Quote) -> Report:
    report = Report(None, None, (q.start, q.end), None, kind="direct", quote=(q.start, q.end))
    report.extra["context"] = True
    return report


# ---- speakers -------------------------------------------------------------------------------------


def _resolve_speakers(art: ParsedText, reports: list[Report], resolver: Resolver) -> list[Report]:
    kept = []
    for report in reports:
        if report.extra.get("context"):
            kept.append(report)
            continue
        if report.subject_i is None or report.content is None:
            continue
        resolved = resolver.resolve(art.doc[report.subject_i])
        if resolved is None:
            continue
        _apply(report, resolved)
        resolver.note(report.subject_i, resolved)
        kept.append(report)
    for report in kept:
        if report.extra.get("context"):
            _resolve_from_context(art, report, kept, resolver)
    return [r for r in kept if r.speaker]


def _apply(report: Report, resolved: Resolved) -> None:
    report.speaker, report.speaker_kind = resolved.name, resolved.kind
    report.extra["resolved"] = resolved


def _resolve_from_context(art: ParsedText, report: Report, reports: list[Report], resolver: Resolver) -> None:
    start, end = report.content
    sent = art.sent_at(start)
    best: tuple[int, Resolved] | None = None
    for other in reports:
        if other is report or not other.speaker or other.content is None or other.extra.get("context"):
            continue
        pos = other.cue_span[0] if other.cue_span else other.content[0]
        if pos < start and art.sent_at(pos) >= sent - _CONTEXT_SENTENCES and (best is None or pos > best[0]):
            best = (pos, other.extra["resolved"])
    for index, resolved in resolver.history:
        pos = art.doc[index].idx
        recent = pos < start and art.sent_at(pos) >= sent - 1
        if recent and resolved.kind == "person" and resolved.named and (best is None or pos > best[0]):
            best = (pos, resolved)
    if best is None:
        end_sent = art.sent_at(end - 1)
        after = [
            r
            for r in reports
            if r.speaker
            and r.content
            and not r.extra.get("context")
            and r.content[0] >= end
            and art.sent_at(r.content[0]) <= end_sent + 1
        ]
        if after:
            best = (after[0].content[0], after[0].extra["resolved"])
    if best is None:
        best = _previous_subject(art, report, resolver)
    if best is not None:
        _apply(report, best[1])


def _previous_subject(art: ParsedText, report: Report, resolver: Resolver) -> tuple[int, Resolved] | None:
    """'She shrugs. “I feel lucky.”': a quote standing after a sentence whose subject is a person (a
    gesture, a pause) in the same paragraph is that person's."""
    sent = art.sent_at(report.content[0])
    if sent == 0:
        return None
    prev = art.sents[sent - 1]
    if art.paragraph_at(prev.start_char) != art.paragraph_at(report.content[0]):
        return None
    if prev.text.rstrip().endswith("?") or any(art.quote_mask[i] for i in range(prev.start, prev.end)):
        return None
    subj = next((c for c in prev.root.children if c.dep_ == "nsubj"), None)
    if subj is None or not (subj.pos_ == "PROPN" or subj.lower_ in ("he", "she")):
        return None
    resolved = resolver.resolve(subj)
    if resolved is None or resolved.kind != "person":
        return None
    return subj.idx, resolved


# ---- evidence -------------------------------------------------------------------------------------


def _content_words(text: str) -> set[str]:
    return {
        w
        for w in (m.group().lower() for m in _WORD.finditer(text))
        if w not in lx.CONTENT_STOPWORDS and len(w) > 2
    }


def _trim_content_before(art: ParsedText, report: Report, cut: int) -> None:
    first = art.token_at(report.content[0])
    last = art.token_at(cut) - 1
    span = trim_span(art.doc, first, last)
    if span is not None:
        report.content = span


def _cue_inside(cue: ev.Cue, report: Report) -> bool:
    return report.content is not None and report.content[0] <= cue.start < report.content[1]


def _attach_evidence(art: ParsedText, reports: list[Report], resolver: Resolver) -> None:
    claims = sorted((r for r in reports if r.content), key=lambda r: r.content[0])
    for cue in ev.find_cues(art.doc):
        if any(q.start < cue.start < q.end for q in art.quotes):
            continue
        holders = [r for r in claims if _cue_inside(cue, r)]
        if cue.inside:  # "its own analysis ... showed": the backing the claim itself reports
            target = min(holders, key=lambda r: r.content[1] - r.content[0]) if holders else None
            if target is not None and target.kind == "indirect" and target.evidence == "not_stated":
                target.evidence, target.evidence_cue = cue.label, (cue.start, cue.end)
            continue
        if holders:
            innermost = min(holders, key=lambda r: r.content[1] - r.content[0])
            phrase = cue.phrase_start
            if phrase is None or innermost.kind == "direct" or phrase <= innermost.content[0]:
                continue  # the words belong to someone's claim, not to the writer
            for holder in holders:
                _trim_content_before(art, holder, phrase)
            # A trailing comment cut out of a claim is about that claim (the outermost one holding it).
            target = max(holders, key=lambda r: r.content[1] - r.content[0])
        else:
            target = _target_claim(art, cue, claims, resolver)
        if target is not None and target.evidence == "not_stated":
            target.evidence, target.evidence_cue = cue.label, (cue.start, cue.end)


def _cue_subject(art: ParsedText, cue: ev.Cue, resolver: Resolver) -> tuple[str | None, bool]:
    """(speaker the cue's subject resolves to, whether the subject is only a description)."""
    if cue.subject_i is None:
        return None, True
    tok = art.doc[cue.subject_i]
    resolved = resolver.resolve(tok)
    descriptive = tok.pos_ == "NOUN" or resolved is None
    return (resolved.name if resolved is not None else None), descriptive


def _target_claim(art: ParsedText, cue: ev.Cue, claims: list[Report], resolver: Resolver) -> Report | None:
    """The claim the evidence words are about, among those up to three sentences back (and later in the
    cue's own sentence): scored by who the cue's subject is, the content words they share, what "it",
    "that" or "the figure" points to, and distance. None when no claim fits clearly."""
    sent = art.sent_at(cue.start)
    link = _CueLink.read(art, cue, resolver, claims)
    anchor = art.doc[cue.anchor_i]
    # "a figure for which she gave no source": words inside a noun's modifier are about that sentence only
    # (unlike "did not respond to requests to explain ...", where the cue starts at the governing verb).
    local = anchor.dep_ in ("acl", "relcl", "amod") and anchor.left_edge.idx <= cue.start
    scored: list[tuple[float, int, Report]] = []
    for claim in claims:
        first, last = _claim_sentences(art, claim)
        if first > sent or (last > sent and claim.content[0] > cue.start):
            continue
        if cue.start < claim.content[0] and claim.content[1] <= cue.end:
            continue  # "has not released the complaint she says she filed": a claim inside the cue's object
        distance = max(sent - last, 0)
        if local and distance > 0:
            continue
        if distance > _EVIDENCE_LOOKBACK:
            # Further back only the subject's own claim about the same matter ("how Hollis knew about the
            # offer of a house" five sentences after his claim about the offer).
            if distance > _EVIDENCE_FAR or not _claimant_is(claim, link.speaker):
                continue
            if len(link.lemmas & _claim_lemmas(art, claim)) < 2:
                continue
        if claim.extra.get("context") and cue.subject_i is not None and not _claimant_is(claim, link.speaker):
            continue  # a quote whose speaker came from context: only its own speaker's words reach it
        score = _attachment_score(art, cue, claim, distance, link)
        if score is not None:
            scored.append((score, claim.content[0], claim))
    if not scored:
        return None
    scored.sort(key=lambda x: (x[0], x[1]), reverse=True)
    return scored[0][2] if scored[0][0] >= _ATTACH_MIN else None


_ATTACH_MIN = 1.0
_RECENCY = (1.5, 1.0, 0.4, 0.1, 0.0, 0.0, 0.0)
_EVIDENCE_FAR = 6
_AMOUNT_NOUNS = frozenset(
    ["figure", "number", "estimate", "total", "amount", "sum", "statistic", "percentage", "rate", "count"]
)
_GENERIC_LEMMAS = (
    lx.SHOW_VERBS
    | lx.SAY_VERBS
    | lx.DECLINE_VERBS
    | lx.RESPOND_VERBS
    | lx.BASIS_NOUNS
    | lx.WITHHOLD_NOUNS
    | frozenset(["be", "have", "do", "not", "know", "request", "ask", "clear", "yet", "fail", "put", "refer"])
)


class _CueLink:
    """What the cue's words say about whom and what: its subject's speaker, the speaker owning the subject
    ("her office", "Salcedo's campaign"), its content lemmas and whether it points at an amount."""

    __slots__ = ("speaker", "descriptive", "subject", "owner", "lemmas", "amount", "acts")

    @classmethod
    def read(cls, art: ParsedText, cue: ev.Cue, resolver: Resolver, claims: list[Report]) -> _CueLink:
        link = cls()
        link.subject = art.doc[cue.subject_i] if cue.subject_i is not None else None
        link.speaker, link.descriptive, link.owner = None, True, None
        speakers = [c.speaker for c in claims] + [_focus(c) for c in claims if _focus(c)]
        if link.subject is not None:
            resolved = resolver.resolve(link.subject)
            recent = _pronoun_claimant(art, cue, link.subject, claims)
            if recent is not None:
                link.speaker = recent.speaker
                resolved = recent.extra.get("resolved") or resolved
            elif resolved is not None and any(_same_speaker(resolved.name, s) for s in speakers):
                link.speaker = resolved.name
            # A name (or a pronoun resolved to one) names a party; a description may only point at one.
            link.descriptive = not (link.subject.pos_ == "PROPN" or (resolved is not None and resolved.named))
            poss = next((c for c in link.subject.children if c.dep_ == "poss"), None)
            if poss is not None:
                owner = resolver.resolve(poss)
                link.owner = owner.name if owner is not None else None
        skip = set(range(link.subject.left_edge.i, link.subject.right_edge.i + 1)) if link.subject else set()
        first, last = art.token_at(cue.start), art.token_at(cue.end - 1)
        words = [art.doc[i] for i in range(first, last + 1) if i not in skip]
        # The cue's own verbs of showing/saying and its evidence nouns say nothing about the topic.
        topical = [
            w for w in words if not (w.pos_ in ("VERB", "AUX") and w.lemma_.lower() in _GENERIC_LEMMAS)
        ]
        link.lemmas = (
            _lemmas(topical) - lx.BASIS_NOUNS - lx.WITHHOLD_NOUNS - {"not", "yet", "clear", "unclear"}
        )
        link.amount = any(t.lemma_.lower() in _AMOUNT_NOUNS for t in words)
        # "the allegation", "that accusation", "this promise": the reporting act the cue names.
        link.acts = {
            lx.CLAIM_NOUN_VERBS[t.lemma_.lower()] for t in words if t.lemma_.lower() in lx.CLAIM_NOUN_VERBS
        }
        return link


_PERSON_PRONOUNS = {"he": "m", "she": "f"}


def _pronoun_claimant(art: ParsedText, cue: ev.Cue, subject, claims: list[Report]) -> Report | None:
    """For "He did not say ...", "It has yet to publish ...": the latest claim before the cue, within the
    window, whose speaker the pronoun can stand for (gender and person/organisation agreeing)."""
    lower = subject.lower_
    if lower not in ("he", "she", "it", "they"):
        return None
    sent = art.sent_at(cue.start)
    best: tuple[int, Report] | None = None
    for claim in claims:
        if claim.extra.get("context") or _nested(claim, claims):
            continue
        pos = claim.cue_span[0] if claim.cue_span else claim.content[0]
        if pos >= cue.start or art.sent_at(pos) < sent - _EVIDENCE_LOOKBACK:
            continue
        resolved = claim.extra.get("resolved")
        kind = resolved.kind if resolved is not None else claim.speaker_kind
        gender = resolved.gender if resolved is not None else ""
        singular = resolved.singular if resolved is not None else True
        if lower in _PERSON_PRONOUNS:
            if kind == "organisation" or not singular or (gender and gender != _PERSON_PRONOUNS[lower]):
                continue
        elif lower == "it" and kind == "person":
            continue
        if best is None or pos > best[0]:
            best = (pos, claim)
    return best[1] if best is not None else None


def _nested(claim: Report, claims: list[Report]) -> bool:
    """An inner report ("X said Y had told her that ..."): its speaker is a party in X's claim."""
    s, e = claim.cue_span or claim.content
    return any(
        o is not claim and o.content[0] <= s and e <= o.content[1] and o.content != claim.content
        for o in claims
    )


def _focus(claim: Report) -> str:
    resolved = claim.extra.get("resolved")
    return resolved.focus if resolved is not None else ""


def _claimant_is(claim: Report, name: str | None) -> bool:
    """The claim's speaker is name, or is a description ("the company") of name, the one last in focus."""
    return _same_speaker(claim.speaker, name) or _same_speaker(_focus(claim), name)


def _same_speaker(a: str | None, b: str | None) -> bool:
    if not (a and b):
        return False
    if a == b or speakers_match(a, b):
        return True
    wa, wb = _content_words(a), _content_words(b)
    return bool(wa and wb) and (wa <= wb or wb <= wa)  # "Brightwater" / "Brightwater Terminals"


def _lemma(tok) -> str | None:
    if tok.pos_ == "NUM":  # number words are stop words to spaCy, but "one in eight" is a topic
        return tok.lower_
    if tok.pos_ not in ("NOUN", "PROPN", "VERB", "ADJ") or tok.is_stop or len(tok.text) < 2:
        return None
    return tok.lemma_.lower()


def _lemmas(tokens) -> set[str]:
    """Content lemmas of tokens; a hyphenated word also gives its parts ("one-in-eight": one, eight)."""
    out: set[str] = set()
    for tok in tokens:
        lemma = _lemma(tok)
        if lemma:
            out.add(lemma)
        if "-" in tok.text:
            out |= {
                p.lower() for p in tok.text.split("-") if len(p) > 2 and p.lower() not in lx.CONTENT_STOPWORDS
            }
    return out


def _claim_lemmas(art: ParsedText, claim: Report) -> set[str]:
    key = (claim.content, "lemmas")
    cached = claim.extra.get("lemmas")
    if cached is not None and cached[0] == key:
        return cached[1]
    first, last = art.token_at(claim.content[0]), art.token_at(claim.content[1] - 1)
    tokens = art.doc[first : last + 1]
    if claim.kind == "direct":  # the quoted words, not the attribution inside a split quote
        tokens = [t for t in tokens if art.quote_mask[t.i]]
    lemmas = _lemmas(tokens)
    claim.extra["lemmas"] = (key, lemmas)
    return lemmas


def _claim_sentences(art: ParsedText, claim: Report) -> tuple[int, int]:
    first, last = art.sent_at(claim.content[0]), art.sent_at(claim.content[1] - 1)
    if claim.cue_span is not None:
        cue_sent = art.sent_at(claim.cue_span[0])
        first, last = min(first, cue_sent), max(last, cue_sent)
    return first, last


def _has_amount(art: ParsedText, claim: Report) -> bool:
    first, last = art.token_at(claim.content[0]), art.token_at(claim.content[1] - 1)
    return any(t.like_num or t.text in ("%", "£", "$", "€") for t in art.doc[first : last + 1])


def _attachment_score(
    art: ParsedText, cue: ev.Cue, claim: Report, distance: int, link: _CueLink
) -> float | None:
    if claim.content[1] <= cue.start or distance:
        score = _RECENCY[distance]
    elif claim.verb_i is not None and claim.verb_i in {t.i for t in art.doc[cue.anchor_i].ancestors}:
        score = _RECENCY[0]  # "Without giving details, the minister said ...": the cue hangs on the report
    else:
        score = 0.3  # a claim later in the sentence ("No one has produced evidence for that, and X said ...")
    described = (
        link.subject is not None
        and link.subject.pos_ == "NOUN"
        and _definite_subject(link.subject)
        and link.subject.lemma_.lower() in _content_words(claim.speaker)
    )
    if described and not _claimant_is(claim, link.speaker):
        score += 2.5  # "The director ... gave no details" after a claim by "the engineering director of ..."
    elif link.speaker is not None or link.owner is not None:
        if _claimant_is(claim, link.speaker) or _claimant_is(claim, link.owner):
            score += 3.0
        elif not link.descriptive:
            named = claim.extra.get("resolved") is not None and claim.extra["resolved"].named
            score -= 4.0 if named else 1.0  # someone else by name: not about this claim
        elif link.subject is not None and (
            not _definite_subject(link.subject)
            or link.subject.lower_ in _content_words(art.text[claim.content[0] : claim.content[1]])
        ):
            score -= 4.0  # "Some supporters have shared a video"; "The bank published" after a claim about it
    elif link.subject is not None:
        if not _definite_subject(link.subject) or link.subject.lower_ in _content_words(
            art.text[claim.content[0] : claim.content[1]]
        ):
            score -= 4.0
        elif not link.descriptive:
            score -= 2.0  # a named party who made no claim here
    shared = link.lemmas & _claim_lemmas(art, claim)
    score += 1.2 * min(len(shared), 3)
    if link.amount and _has_amount(art, claim):
        score += 1.0
    if link.acts and claim.verb_i is not None and art.doc[claim.verb_i].lemma_.lower() in link.acts:
        score += 1.0
    return score


def _definite_subject(tok) -> bool:
    if tok.pos_ in ("PRON", "PROPN"):
        return tok.lower_ not in ("some", "many", "others", "one")
    return any(
        c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in ("the", "this", "that")) for c in tok.children
    )


# ---- output ---------------------------------------------------------------------------------------


_MODALS = frozenset(["will", "would", "could", "might", "may", "should", "shall", "'ll"])


def _hypothetical(verb) -> bool:
    """ "his client would say that ...": a statement not (yet) made."""
    return any(c.dep_ == "aux" and c.lower_ in _MODALS for c in verb.children)


def _candidate(art: ParsedText, report: Report) -> ClaimCandidate | None:
    s, e = report.content
    content = art.text[s:e]
    if len(content.split()) < 2 and report.kind == "indirect":
        return None
    resolved: Resolved | None = report.extra.get("resolved")
    cue = art.text[report.cue_span[0] : report.cue_span[1]] if report.cue_span else None
    ev_span = report.evidence_cue if report.evidence != "not_stated" else None
    return ClaimCandidate(
        content=content,
        content_span=(s, e),
        kind=report.kind,
        cue=cue,
        cue_span=report.cue_span if cue else None,
        speaker=report.speaker,
        speaker_kind=report.speaker_kind,
        speaker_mention=resolved.mention if resolved and not report.extra.get("context") else None,
        speaker_mention_span=resolved.mention_span if resolved and not report.extra.get("context") else None,
        speaker_aliases=resolved.aliases if resolved else (report.speaker,),
        evidence=report.evidence,
        evidence_cue=art.text[ev_span[0] : ev_span[1]] if ev_span else None,
        evidence_span=ev_span,
        speaker_confident=_speaker_confident(report, resolved),
    )


def _speaker_confident(report: Report, resolved: Resolved | None) -> bool:
    """A speaker taken from context (a quote with no attribution) or a resolution the rules could not
    settle is marked uncertain (docs/extraction.md, "Speaker confidence")."""
    if report.extra.get("context") or resolved is None:
        return False
    return resolved.confident


def _close_open_quotes(art: ParsedText, claims: list[Report]) -> None:
    """An indirect claim whose content stops inside a quoted phrase ("described the accusation as “baseless
    and, frankly, a bit desperate”" cut at "“baseless" by the parse) runs to the quote's closing mark."""
    for claim in claims:
        if claim.kind != "indirect" or claim.content is None:
            continue
        start, end = claim.content
        for q in art.quotes:
            if start <= q.start < end < q.end and art.paragraph_at(q.start) == art.paragraph_at(q.end - 1):
                claim.content = (start, q.end)
                break
        else:
            # a phrase in straight single quotes (not paired as quotes: they double as apostrophes)
            for m in _SINGLE_QUOTED.finditer(art.text, max(0, start - 1), min(len(art.text), end + 300)):
                if start <= m.start() < end < m.end():
                    claim.content = (start, m.end())
                    break


# 'a phrase' in straight single quotes within a line: opened before a letter after a space or bracket,
# closed after a letter or stop before a space, punctuation or the end
_SINGLE_QUOTED = re.compile(r"(?<![\w'’])'(?=\w)[^'\n]{1,200}?(?<=[\w.,!?])'(?![\w'])")


def _trim_before_nested(art: ParsedText, claims: list[Report]) -> None:
    """ "X said A, noting that B": A stops before the participle that starts the next report."""
    doc = art.doc
    for inner in claims:
        if inner.verb_i is None or doc[inner.verb_i].tag_ != "VBG" or inner.verb_i == 0:
            continue
        if doc[inner.verb_i - 1].text != ",":
            continue
        for outer in claims:
            if outer is inner or outer.kind != "indirect" or outer.speaker != inner.speaker:
                continue
            if outer.content and outer.content[0] < doc[inner.verb_i].idx < outer.content[1]:
                _trim_content_before(art, outer, doc[inner.verb_i - 1].idx)


def _trim_reasons(art: ParsedText, claims: list[Report]) -> None:
    """ "said A, citing safety concerns": the speaker's reason closing a reported clause is no part of it
    (cut after evidence is read, so a reason that is evidence, "citing the audit", still backs the claim)."""
    for report in claims:
        if report.kind != "indirect" or not report.content:
            continue
        s, e = report.content
        for tok in art.doc[art.token_at(s) : art.token_at(e - 1) + 1]:
            if (
                tok.dep_ == "advcl"
                and tok.tag_ == "VBG"
                and tok.lemma_.lower() in lx.REASON_PARTICIPLES
                and tok.i > 0
                and art.doc[tok.i - 1].text == ","
                and tok.idx > s
                and art.doc[tok.right_edge.i].idx + len(art.doc[tok.right_edge.i].text) >= e - 1
            ):
                _trim_content_before(art, report, art.doc[tok.i - 1].idx)
                break


def _in_answer(report: Report, spans: list[tuple[int, int]]) -> bool:
    at = report.cue_span[0] if report.cue_span else report.content[0] if report.content else -1
    return any(s <= at < e for s, e in spans)


def build_claims(text: str, doc: Doc) -> list[ClaimCandidate]:
    art = ParsedText(text, doc)
    reports = [
        r
        for r in find_reports(doc)
        if not (r.cue_span and any(q.start < r.cue_span[0] < q.end for q in art.quotes))
        and _prose(art, r.cue_span[0] if r.cue_span else 0)
    ]
    reports += [r for r in _attach_quotes(art, reports) if _prose(art, r.content[0])]
    for report in reports:
        _colon_paragraph(art, report)
    book = SpeakerBook(doc, art.quote_mask)
    answers, answer_spans = find_turns(art, book)
    if answer_spans:  # reported speech inside a transcript's answer is not annotated separately
        reports = [r for r in reports if not _in_answer(r, answer_spans)]
    speaker_tokens = frozenset(r.subject_i for r in reports if r.subject_i is not None and r.content)
    resolver = Resolver(doc, book, art.quote_mask, speaker_tokens)
    claims = _resolve_speakers(art, reports, resolver) + answers
    claims = [
        r
        for r in claims
        if not (r.kind == "indirect" and r.verb_i is not None and _hypothetical(art.doc[r.verb_i]))
    ]
    _trim_before_nested(art, claims)
    _close_open_quotes(art, claims)
    for report in claims:
        if "evidence" in report.extra:
            report.evidence, report.evidence_cue = "provided", report.extra["evidence"]
    _attach_evidence(art, claims, resolver)
    _trim_reasons(art, claims)
    out: dict[tuple[int, int], ClaimCandidate] = {}
    for report in sorted(claims, key=lambda r: r.content[0]):
        candidate = _candidate(art, report)
        if candidate is not None and candidate.content_span not in out:
            out[candidate.content_span] = candidate
    return list(out.values())
