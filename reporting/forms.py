import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Profile, Region
from reporting.selectors import ReportFilters

DEFAULT_WEEKS = 12


class ReportFilterForm(forms.Form):
    start = forms.DateField(label=_("Du"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("Au"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    region = forms.ModelChoiceField(
        label=_("Région"), queryset=Region.objects.order_by("code"), required=False, empty_label=_("Toutes")
    )
    mode = forms.ChoiceField(label=_("Formule"), choices=[("", _("Toutes")), *Profile.Mode.choices], required=False)

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            raise forms.ValidationError(_("La date de début doit précéder la date de fin."), code="period_reversed")
        return data

    def filters(self) -> ReportFilters:
        """The form's filters, or the last 12 weeks everywhere when it is empty or invalid."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        end = data.get("end") or timezone.localdate()
        start = data.get("start") or end - datetime.timedelta(weeks=DEFAULT_WEEKS)
        region = data.get("region")
        return ReportFilters(start=start, end=end, region_id=region.pk if region else None, mode=data.get("mode") or "")
