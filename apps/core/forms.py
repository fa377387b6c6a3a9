"""The base of our forms."""

from django import forms


class Form(forms.Form):
    """Our forms: labels without the trailing colon."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
