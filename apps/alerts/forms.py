from django import forms

from .models import DigestSubscription


class DigestForm(forms.ModelForm):
    class Meta:
        model = DigestSubscription
        fields = ["enabled", "send_at", "scope", "size", "email"]
        widgets = {
            "send_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "size": forms.NumberInput(attrs={"min": 1, "max": 50}),
            "scope": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
