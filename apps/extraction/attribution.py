"""Put the pieces together for one parsed text: reports + quotes -> claims with speakers and evidence."""

from __future__ import annotations

import bisect
import re

from spacy.tokens import Doc

from . import evidence as ev
from .quotes import Quote, find_quotes
from .reported import Report, find_reports, trim_span
from .speakers import Resolved, Resolver, SpeakerBook
from .types import ClaimCandidate

_WORD = re.compile(r"[^\W_]+")
_STOPWORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "or",
        "but",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "with",
        "from",
        "by",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "has",
        "had",
        "have",
        "it",
        "its",
        "that",
        "this",
        "he",
        "she",
        "they",
        "his",
        "her",
        "their",
        "how",
        "where",
        "which",
        "who",
        "what",
        "when",
        "did",
        "not",
        "no",
        "had",
        "said",
    ]
)
_MAX_TAIL_TOKENS = 14
_CONTEXT_SENTENCES = 2
_EVIDENCE_LOOKBACK = 4


class Article:
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


def _link_content_quotes(art: Article, reports: list[Report], used: dict[Quote, Report]) -> None:
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


def _tail_verb(art: Article, q: Quote, by_verb: dict[int, Report]) -> Report | None:
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


def _head_verb(art: Article, q: Quote, by_verb: dict[int, Report]) -> Report | None:
    doc = art.doc
    q_tok = art.token_at(q.start)
    sent = art.sents[art.sent_of_token[q_tok]]
    head_text = art.text[sent.start_char : q.start].rstrip()
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


def _free_for_quote(report: Report, q: Quote) -> bool:
    if report.quote is not None:
        return False
    if report.content is None:
        return True
    s, e = report.content
    return s < q.end and q.start < e  # its content ran into the quote: the parse took the quote as content


def _standalone(art: Article, q: Quote) -> bool:
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


def _attach_quotes(art: Article, reports: list[Report]) -> list[Report]:
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
    return [_context_report(art, q) for q in loose if _standalone(art, q)]


def _merge_split_quotes(
    art: Article, reports: list[Report], used: dict[Quote, Report], loose: list[Quote]
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


def _continues(art: Article, report: Report, q: Quote) -> bool:
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
    return len(before_cue.split()) <= 8 and len(between.split()) <= 14


def _prose(art: Article, char: int) -> bool:
    """False for headlines, bylines, captions and list items (lines that are not sentences)."""
    start = art.text.rfind("\n", 0, char) + 1
    end = art.text.find("\n", char)
    line = art.text[start : end if end != -1 else len(art.text)].strip()
    if line.startswith(("- ", "• ", "* ")):
        return False
    return line.endswith((".", "!", "?", "”", '"', "’", "'", ":", "…", ")")) or len(line.split()) > 25


def _context_report(art: Article, q: Quote) -> Report:
    report = Report(None, None, (q.start, q.end), None, kind="direct", quote=(q.start, q.end))
    report.extra["context"] = True
    return report


# ---- speakers -------------------------------------------------------------------------------------


def _resolve_speakers(art: Article, reports: list[Report], resolver: Resolver) -> list[Report]:
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


def _resolve_from_context(art: Article, report: Report, reports: list[Report], resolver: Resolver) -> None:
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
    if best is not None:
        _apply(report, best[1])


# ---- evidence -------------------------------------------------------------------------------------


def _content_words(text: str) -> set[str]:
    return {
        w for w in (m.group().lower() for m in _WORD.finditer(text)) if w not in _STOPWORDS and len(w) > 2
    }


def _trim_content_before(art: Article, report: Report, cut: int) -> None:
    first = art.token_at(report.content[0])
    last = art.token_at(cut) - 1
    span = trim_span(art.doc, first, last)
    if span is not None:
        report.content = span


def _cue_inside(cue: ev.Cue, report: Report) -> bool:
    return report.content is not None and report.content[0] <= cue.start < report.content[1]


def _attach_evidence(art: Article, reports: list[Report], resolver: Resolver) -> None:
    claims = sorted((r for r in reports if r.content), key=lambda r: r.content[0])
    for cue in ev.find_cues(art.doc):
        if any(q.start < cue.start < q.end for q in art.quotes):
            continue
        holders = [r for r in claims if _cue_inside(cue, r)]
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
        if target is not None and target.extra.get("context") and cue.subject_i is not None:
            target = None  # a quote whose speaker came from context is too loose a link
        if target is not None and target.evidence == "not_stated":
            target.evidence, target.evidence_cue = cue.label, (cue.start, cue.end)


def _cue_subject(art: Article, cue: ev.Cue, resolver: Resolver) -> tuple[str | None, bool]:
    """(speaker the cue's subject resolves to, whether the subject is only a description)."""
    if cue.subject_i is None:
        return None, True
    tok = art.doc[cue.subject_i]
    resolved = resolver.resolve(tok)
    descriptive = tok.pos_ == "NOUN" or resolved is None
    return (resolved.name if resolved is not None else None), descriptive


def _target_claim(art: Article, cue: ev.Cue, claims: list[Report], resolver: Resolver) -> Report | None:
    sent = art.sent_at(cue.start)
    speaker, descriptive = _cue_subject(art, cue, resolver)
    same = [
        r
        for r in claims
        if art.sent_at(r.content[0]) == sent
        or (r.cue_span is not None and art.sent_at(r.cue_span[0]) == sent)
    ]
    if speaker is not None and any(r.speaker == speaker for r in same):
        same = [r for r in same if r.speaker == speaker]
    before = [r for r in same if r.content[1] <= cue.start]
    if before:
        return before[-1]
    if same and (speaker is None or descriptive or any(r.speaker == speaker for r in same)):
        return same[0]
    if art.doc[cue.anchor_i].dep_ in ("acl", "relcl", "amod"):
        return None
    return _previous_claim(art, cue, claims, sent, speaker, descriptive)


def _claims_in_sentence(art: Article, claims: list[Report], sent: int) -> list[Report]:
    return [
        r
        for r in claims
        if art.sent_at(r.content[0]) <= sent <= art.sent_at(r.content[1] - 1)
        or (r.cue_span is not None and art.sent_at(r.cue_span[0]) == sent)
    ]


def _best_by_words(art: Article, cue: ev.Cue, here: list[Report]) -> Report:
    cue_words = _content_words(art.text[cue.start : cue.end])
    return max(
        reversed(here), key=lambda r: len(cue_words & _content_words(art.text[r.content[0] : r.content[1]]))
    )


def _previous_claim(
    art: Article, cue: ev.Cue, claims: list[Report], sent: int, speaker: str | None, descriptive: bool
) -> Report | None:
    """A claim in the sentences before: the cue's subject's own, else (for "The company did not...",
    "No evidence was produced") the claim just before, unless the subject is someone else by name."""
    cue_words = _content_words(art.text[cue.start : cue.end])
    if speaker is not None:
        for back in range(1, _EVIDENCE_LOOKBACK + 1):
            here = [r for r in _claims_in_sentence(art, claims, sent - back) if r.speaker == speaker]
            if back > 1:  # further back, the words must show it is the same matter
                here = [r for r in here if cue_words & _content_words(art.text[r.content[0] : r.content[1]])]
            if here:
                return _best_by_words(art, cue, here)
    here = _claims_in_sentence(art, claims, sent - 1) if sent > 0 else []
    if not here:
        return None
    if speaker is not None and not descriptive and any(r.speaker == speaker for r in claims):
        return None  # a named speaker whose own claims are further back: not about this one
    if cue.subject_i is not None:
        subject = art.doc[cue.subject_i]
        if not _definite_subject(subject):
            return None  # "Some supporters have shared a video": not the claimant
        # "The bank published ..." after "the bank had broken no rules": the subject is a party, not the claimant.
        here = [
            r for r in here if subject.lower_ not in _content_words(art.text[r.content[0] : r.content[1]])
        ]
        if not here:
            return None
    return _best_by_words(art, cue, here)


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


def _candidate(art: Article, report: Report) -> ClaimCandidate | None:
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


def _trim_before_nested(art: Article, claims: list[Report]) -> None:
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


def build_claims(text: str, doc: Doc) -> list[ClaimCandidate]:
    art = Article(text, doc)
    reports = [
        r
        for r in find_reports(doc)
        if not (r.cue_span and any(q.start < r.cue_span[0] < q.end for q in art.quotes))
        and _prose(art, r.cue_span[0] if r.cue_span else 0)
    ]
    reports += [r for r in _attach_quotes(art, reports) if _prose(art, r.content[0])]
    book = SpeakerBook(doc, art.quote_mask)
    speaker_tokens = frozenset(r.subject_i for r in reports if r.subject_i is not None and r.content)
    resolver = Resolver(doc, book, art.quote_mask, speaker_tokens)
    claims = _resolve_speakers(art, reports, resolver)
    claims = [
        r
        for r in claims
        if not (r.kind == "indirect" and r.verb_i is not None and _hypothetical(art.doc[r.verb_i]))
    ]
    _trim_before_nested(art, claims)
    for report in claims:
        if "evidence" in report.extra:
            report.evidence, report.evidence_cue = "provided", report.extra["evidence"]
    _attach_evidence(art, claims, resolver)
    out: dict[tuple[int, int], ClaimCandidate] = {}
    for report in sorted(claims, key=lambda r: r.content[0]):
        candidate = _candidate(art, report)
        if candidate is not None and candidate.content_span not in out:
            out[candidate.content_span] = candidate
    return list(out.values())
