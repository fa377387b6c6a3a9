from django import forms
from django.conf import settings

from apps.claims.models import Claim, Speaker, SpeakerAlias, normalise_name
from apps.claims.services import speaker_for_editor
from apps.core.forms import Form


class VersionedForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class FlagForm(VersionedForm):
    """Flag unsupported: the reason and the rating are optional (the u key flags at once)."""

    rationale = forms.CharField(
        label="Why (published in the ClaimReview)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    rating = forms.TypedChoiceField(
        label="Rating",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "From the status and evidence flag"), *Claim.Rating.choices],
    )


class UndoBulkForm(Form):
    """The claims a bulk decision left, each with the version it left them at: "12:3,13:2"."""

    versions = forms.CharField(max_length=20000)

    def clean_versions(self) -> dict[int, int]:
        pairs = {}
        for part in self.cleaned_data["versions"].split(","):
            pk, _, version = part.strip().partition(":")
            if not (pk.isdigit() and version.isdigit()):
                raise forms.ValidationError("Nothing to undo.")
            pairs[int(pk)] = int(version)
        return pairs


class AdvanceForm(Form):
    advance = forms.BooleanField(label="Next claim after an action", required=False)


class BulkForm(Form):
    ACTIONS = {
        "confirm": Claim.ReviewStatus.CONFIRMED,
        "flag": Claim.ReviewStatus.UNSUPPORTED,
        "dismiss": Claim.ReviewStatus.DISMISSED,
    }
    action = forms.ChoiceField(choices=[(k, k) for k in ACTIONS])
    ids = forms.TypedMultipleChoiceField(
        coerce=int, choices=[], error_messages={"required": "Select some claims first."}
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # any integers; the view loads only claims that exist
        self.fields["ids"].valid_value = lambda value: str(value).isdigit()

    @property
    def status(self) -> str:
        return self.ACTIONS[self.cleaned_data["action"]]


class SpeakerChoiceMixin(Form):
    """Choose a speaker already in the article, or type a name: matched to an existing speaker or created."""

    # Any live speaker validates (the one the editor loaded may have left the article since); the menu
    # lists only the article's speakers, so the page never loads the whole table.
    speaker = forms.ModelChoiceField(
        label="Speaker", required=False, queryset=Speaker.objects.all(), empty_label="— choose —"
    )
    new_speaker = forms.CharField(label="…or another speaker (name)", required=False, max_length=300)
    new_speaker_kind = forms.ChoiceField(
        label="…who is",
        required=False,
        choices=[("", "Guess from the name"), *Speaker.Kind.choices],
    )

    def __init__(self, *args, speakers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["speaker"].choices = [("", "— choose —"), *((s.pk, s.name) for s in speakers)]

    def clean(self):
        data = super().clean()
        if not data.get("speaker") and not (data.get("new_speaker") or "").strip():
            raise forms.ValidationError("Choose a speaker or type a name.")
        return data

    def chosen_speaker(self, user=None) -> Speaker:
        """The speaker chosen, or the one typed: matched or created as the kind chosen (else guessed)."""
        name = (self.cleaned_data.get("new_speaker") or "").strip()
        if not name:
            return self.cleaned_data["speaker"]
        return speaker_for_editor(name=name, kind=self.cleaned_data.get("new_speaker_kind") or "", user=user)


class ClaimEditForm(SpeakerChoiceMixin, VersionedForm):
    start = forms.IntegerField(label="Starts at character", min_value=0)
    end = forms.IntegerField(label="Ends at character", min_value=1)
    cue = forms.CharField(
        label="Cue",
        required=False,
        max_length=200,
        help_text="The words that report the claim (“said”, “told reporters”); found in the text near it.",
    )
    kind = forms.ChoiceField(label="Kind", choices=Claim.Kind.choices)
    evidence = forms.ChoiceField(label="Evidence", choices=Claim.Evidence.choices)
    status = forms.ChoiceField(
        label="Review status",
        required=False,
        choices=[("", "Keep the current status"), *Claim.ReviewStatus.choices],
    )

    field_order = [
        "start",
        "end",
        "speaker",
        "new_speaker",
        "new_speaker_kind",
        "cue",
        "kind",
        "evidence",
        "status",
        "version",
    ]


class AddClaimForm(SpeakerChoiceMixin):
    """Filled from a selection in the article: its offsets are hidden, set by claimtrack.js."""

    SELECT_FIRST = "Select the claim’s words in the article first."
    start = forms.IntegerField(
        min_value=0, widget=forms.HiddenInput, error_messages={"required": SELECT_FIRST}
    )
    end = forms.IntegerField(min_value=1, widget=forms.HiddenInput, error_messages={"required": SELECT_FIRST})
    kind = forms.ChoiceField(label="Kind", choices=Claim.Kind.choices, initial=Claim.Kind.INDIRECT)
    evidence = forms.ChoiceField(
        label="Evidence", choices=Claim.Evidence.choices, initial=Claim.Evidence.NOT_STATED
    )

    field_order = ["start", "end", "speaker", "new_speaker", "kind", "evidence"]


class ArticleTextForm(Form):
    """The text of a failed or skipped article, pasted by an editor (HTML is cleaned to text)."""

    text = forms.CharField(
        label="Paste the article’s text",
        widget=forms.Textarea(attrs={"rows": 8, "aria-describedby": "text-limit"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].widget.attrs.update(
            {
                "data-max-chars": settings.CLAIMTRACK_MAX_EXTRACT_CHARS,
                "data-max-html-chars": settings.CLAIMTRACK_UPLOAD_MAX_BYTES,
            }
        )
        self.text_limit = f"{settings.CLAIMTRACK_MAX_EXTRACT_CHARS:,}"


class NoteForm(Form):
    text = forms.CharField(label="Note", max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))


class EvidenceLinkForm(Form):
    url = forms.URLField(label="URL", max_length=2000, assume_scheme="https")
    title = forms.CharField(label="Title", required=False, max_length=500)
    note = forms.CharField(label="Why it matters", required=False, max_length=2000)


class MergeForm(Form):
    into = forms.CharField(label="Merge into (speaker name or #id)", max_length=300)

    def clean_into(self) -> Speaker:
        value = self.cleaned_data["into"].strip()
        speaker = None
        if value.lstrip("#").isdigit():
            speaker = Speaker.objects.filter(pk=int(value.lstrip("#"))).first()
        else:
            key = normalise_name(value)
            speaker = Speaker.objects.filter(normalised_name=key).first()
            if speaker is None:
                alias = SpeakerAlias.objects.select_related("speaker").filter(normalised_name=key).first()
                speaker = alias.speaker if alias else None
        while speaker is not None and speaker.merged_into_id:
            speaker = speaker.merged_into
        if speaker is None:
            raise forms.ValidationError(f"No speaker called “{value}”.")
        return speaker
