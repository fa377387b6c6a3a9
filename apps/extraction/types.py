"""The extractor's output: plain dataclasses, the contract between extraction and claims."""

from __future__ import annotations

from dataclasses import dataclass

KINDS = ("direct", "indirect")
SPEAKER_KINDS = ("person", "organisation", "group")
EVIDENCE_LABELS = ("provided", "not_provided", "not_stated")


@dataclass(frozen=True, slots=True)
class ClaimCandidate:
    content: str
    content_span: tuple[int, int]
    kind: str
    cue: str | None
    cue_span: tuple[int, int] | None
    speaker: str
    speaker_kind: str
    speaker_mention: str | None
    speaker_mention_span: tuple[int, int] | None
    speaker_aliases: tuple[str, ...]
    evidence: str
    evidence_cue: str | None
    evidence_span: tuple[int, int] | None
    # False when the rules could not tell who spoke (a pronoun with two candidates, a role noun tied to no
    # name, a quote whose speaker comes from context): the speaker is then a guess or a vague mention
    speaker_confident: bool = True

    def to_eval_dict(self) -> dict:
        """The claim in the eval JSON schema (see docs/extraction.md)."""
        out: dict = {
            "speaker": self.speaker,
            "content": self.content,
            "content_span": list(self.content_span),
            "kind": self.kind,
            "cue": self.cue,
            "cue_span": list(self.cue_span) if self.cue_span else None,
            "evidence": self.evidence,
            "speaker_confident": self.speaker_confident,
        }
        if self.evidence != "not_stated" and self.evidence_span:
            out["evidence_cue"] = self.evidence_cue
            out["evidence_span"] = list(self.evidence_span)
        return out


@dataclass(frozen=True, slots=True)
class ExtractionResult:
    status: str
    reason: str
    language: str
    claims: tuple[ClaimCandidate, ...]

    @property
    def ok(self) -> bool:
        return self.status == "ok"
