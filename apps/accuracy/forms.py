from django import forms

from .selectors import CASE_KINDS, Slice


class CasesForm(forms.Form):
    """The slice and kind of a worst-cases list, from the query string of a link on the accuracy page."""

    kind = forms.ChoiceField(choices=[(k, v[0]) for k, v in CASE_KINDS.items()])
    source = forms.RegexField(regex=r"^(\d+|none)$", required=False, max_length=20)
    version = forms.CharField(required=False, max_length=40)
    date_from = forms.DateField(required=False)
    date_to = forms.DateField(required=False)

    def __init__(self, params, *args, **kwargs):
        # the links say from/to; "from" is a Python keyword, so the fields are date_from/date_to
        data = params.copy()
        for short, name in (("from", "date_from"), ("to", "date_to")):
            if short in data:
                data[name] = data[short]
        data.setdefault("kind", "dismissed")
        super().__init__(data, *args, **kwargs)

    def slice(self) -> Slice:
        data = self.cleaned_data
        version = data.get("version") if "version" in self.data else None
        return Slice(
            source=data.get("source") or "",
            version=None if version is None else ("" if version == "none" else version),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )
