import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Profile, Region, User
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
        # The ministry's days are Québec's, whoever reads (and the default report is built ahead).
        end = data.get("end") or timezone.localdate(timezone=timezone.get_default_timezone())
        start = data.get("start") or end - datetime.timedelta(weeks=DEFAULT_WEEKS)
        region = data.get("region")
        return ReportFilters(start=start, end=end, region_id=region.pk if region else None, mode=data.get("mode") or "")


class TrailFilterForm(forms.Form):
    staff = forms.ModelChoiceField(
        label=_("Membre du personnel"),
        queryset=User.objects.filter(role__in=[User.Role.COACH, User.Role.MINISTRY_ADMIN]).order_by("email"),
        required=False,
        empty_label=_("Tous"),
    )
    model = forms.ChoiceField(label=_("Élément"), required=False)
    start = forms.DateField(label=_("Du"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("Au"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        from reporting.trail import trail_models_by_key

        super().__init__(*args, **kwargs)
        self.fields["model"].choices = [("", _("Tous"))] + [
            (key, model.pgh_tracked_model._meta.verbose_name_plural) for key, model in trail_models_by_key().items()
        ]

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            raise forms.ValidationError(_("La date de début doit précéder la date de fin."), code="period_reversed")
        return data

    def filters(self) -> dict:
        """Keyword arguments for trail.trail_entries (none when the form is empty or invalid)."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        zone = timezone.get_default_timezone()
        bounds = {}
        if data.get("start"):
            bounds["start"] = timezone.make_aware(datetime.datetime.combine(data["start"], datetime.time.min), zone)
        if data.get("end"):
            next_day = data["end"] + datetime.timedelta(days=1)
            bounds["end"] = timezone.make_aware(datetime.datetime.combine(next_day, datetime.time.min), zone)
        staff = data.get("staff")
        return {"staff_id": staff.pk if staff else None, "model_key": data.get("model") or "", **bounds}
