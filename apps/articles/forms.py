from django import forms
from django.conf import settings

from apps.sources.models import Source

from .cleaning import looks_like_html
from .services import (
    SubmissionError,
    article_submit_file,
    article_submit_text,
    article_submit_url,
    article_text_check_length,
)


class SubmitArticleForm(forms.Form):
    """One form for the three ways an editor hands us an article: a URL, pasted text, or a file."""

    url = forms.URLField(
        label="Article URL",
        required=False,
        max_length=2000,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://…"}),
    )
    text = forms.CharField(
        label="…or paste the article text", required=False, widget=forms.Textarea(attrs={"rows": 10})
    )
    title = forms.CharField(label="Title (optional)", required=False, max_length=1000)
    file = forms.FileField(label="…or upload a .txt or .html file", required=False)
    source = forms.ModelChoiceField(queryset=Source.objects.all(), required=False, label="Source (optional)")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # claimtrack.js refuses an over-long paste before it uploads (HTML may be longer: it is cleaned first);
        # not the maxlength attribute, which would cut a paste short without a word
        self.fields["text"].widget.attrs.update(
            {
                "data-max-chars": settings.CLAIMTRACK_MAX_EXTRACT_CHARS,
                "data-max-html-chars": settings.CLAIMTRACK_UPLOAD_MAX_BYTES,
                "aria-describedby": "text-limit",
            }
        )
        self.text_limit = f"{settings.CLAIMTRACK_MAX_EXTRACT_CHARS:,}"

    def clean_text(self) -> str:
        text = self.cleaned_data.get("text") or ""
        if text and not looks_like_html(text):  # HTML is measured once cleaned, by the service
            try:
                article_text_check_length(text.replace("\r\n", "\n"))
            except SubmissionError as exc:
                raise forms.ValidationError(str(exc)) from None
        return text

    def clean(self):
        data = super().clean()
        given = [name for name in ("url", "text", "file") if data.get(name)]
        if len(given) == 0 and not self.errors:
            raise forms.ValidationError("Give a URL, paste the text, or choose a file.")
        if len(given) > 1:
            raise forms.ValidationError("Give only one of: a URL, pasted text, or a file.")
        upload = data.get("file")
        if upload and upload.size > settings.CLAIMTRACK_UPLOAD_MAX_BYTES:
            limit = settings.CLAIMTRACK_UPLOAD_MAX_BYTES // (1024 * 1024)
            self.add_error("file", f"The file is larger than the {limit} MB limit.")
        return data


def submit_from_form(form: SubmitArticleForm, *, user):
    """Call the submission service the form's data asks for."""
    data = form.cleaned_data
    if data.get("url"):
        return article_submit_url(
            url=data["url"], source=data.get("source"), user=user, title=data.get("title", "")
        )
    if data.get("file"):
        return article_submit_file(upload=data["file"], user=user, title=data.get("title", ""))
    return article_submit_text(
        text=data["text"], title=data.get("title", ""), user=user, source=data.get("source")
    )
