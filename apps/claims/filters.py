"""The review queue's filter as a form: it reads a querystring (the queue's, its CSV export's) into
`selectors.QueueFilters`, and renders the queue's filter bar. Invalid fields are ignored, not errors."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join

from apps.core.forms import Form
from apps.sources.models import Source

from .models import Claim
from .selectors import SORT_WORTH, QueueFilters


class QuickSelect(forms.Select):
    """A <select> written with format_html (every attribute, value and label escaped) rather than a template
    per option: Django's renders select_option.html and attrs.html for each one (9,000 function calls for 20
    sources, a fifth of the queue page's); the filter bar draws four of these on every page."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option["value"], flatatt(option["attrs"]), option["label"])
                for _group, choices, _index in widget["optgroups"]
                for option in choices
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', widget["name"], flatatt(widget["attrs"]), options
        )


class QueueFilterForm(Form):
    q = forms.CharField(
        label="Search claims",
        required=False,
        max_length=200,
        widget=forms.SearchInput(attrs={"placeholder": "Search claim text…  ( / )", "autocomplete": "off"}),
    )
    status = forms.ChoiceField(
        label="Review status",
        required=False,
        choices=[("", "All"), *Claim.ReviewStatus.choices],
        widget=forms.RadioSelect,
    )
    evidence = forms.ChoiceField(
        label="Evidence",
        required=False,
        choices=[("", "Any evidence"), *Claim.Evidence.choices],
        widget=QuickSelect,
    )
    kind = forms.ChoiceField(
        label="Kind",
        required=False,
        choices=[("", "Direct and indirect"), *Claim.Kind.choices],
        widget=QuickSelect,
    )
    source = forms.ModelChoiceField(
        label="Source",
        required=False,
        queryset=Source.objects.order_by("name"),
        empty_label="All sources",
        widget=QuickSelect,
    )
    speaker = forms.CharField(
        label="Speaker",
        required=False,
        max_length=300,
        widget=forms.TextInput(attrs={"placeholder": "Name", "autocomplete": "off"}),
    )
    date_from = forms.DateField(
        label="Added from", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(label="to", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    speaker_uncertain = forms.BooleanField(label="Speaker uncertain", required=False)
    sort = forms.ChoiceField(
        label="Order",
        required=False,
        choices=[("", "Newest articles first"), (SORT_WORTH, "Worth checking first")],
        widget=QuickSelect,
    )
    min_score = forms.IntegerField(
        label="Score at least",
        required=False,
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs={"placeholder": "0-100", "inputmode": "numeric"}),
    )

    def filters(self) -> QueueFilters:
        """The filters the form asks for; invalid fields are ignored rather than failing the page."""
        self.is_valid()
        data = self.cleaned_data  # holds only the fields that are valid
        source = data.get("source")
        return QueueFilters(
            status=data.get("status") or "",
            evidence=data.get("evidence") or "",
            kind=data.get("kind") or "",
            source_id=source.pk if source else None,
            speaker=(data.get("speaker") or "").strip(),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            q=(data.get("q") or "").strip(),
            speaker_uncertain=bool(data.get("speaker_uncertain")),
            min_score=data.get("min_score"),
            sort=data.get("sort") or "",
        )
