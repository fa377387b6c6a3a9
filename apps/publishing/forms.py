from datetime import timedelta

from django import forms
from django.utils import timezone

from apps.core.forms import Form

from .selectors import MONTH, WEEK, DashboardRange

MAX_DAYS = 366 * 5
MAX_WEEKS = 104


class DashboardRangeForm(Form):
    date_from = forms.DateField(
        label="From", required=False, widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label="To", required=False, widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    interval = forms.ChoiceField(
        label="Group by", required=False, choices=[(MONTH, "Month"), (WEEK, "Week")], initial=MONTH
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end:
            if start > end:
                raise forms.ValidationError("The start date is after the end date.")
            if (end - start).days > MAX_DAYS:
                raise forms.ValidationError("Choose a range of at most five years.")
            if data.get("interval") == WEEK and (end - start).days > MAX_WEEKS * 7:
                raise forms.ValidationError("Group by month for ranges longer than two years.")
        return data

    def range(self) -> DashboardRange:
        """The range asked for; the last twelve months by month when the form is empty or invalid."""
        today = timezone.localdate()
        default = DashboardRange(date_from=(today - timedelta(days=364)).replace(day=1), date_to=today)
        if not self.is_valid():
            return default
        data = self.cleaned_data
        end = data.get("date_to") or today
        interval = data.get("interval") or MONTH
        start = data.get("date_from") or (
            end - timedelta(weeks=12) if interval == WEEK else (end - timedelta(days=364)).replace(day=1)
        )
        if start > end:
            return default
        return DashboardRange(date_from=start, date_to=end, interval=interval)
