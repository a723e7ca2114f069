from django import forms
from django.utils.translation import gettext_lazy as _

from coaching.availability import parse_slot_key
from coaching.models import AvailabilityException, CoachNote, CoachSettings, WeeklyHours


class SlotForm(forms.Form):
    """One of the slots offered (a radio list in the page); the service checks it is still free."""

    slot = forms.CharField(
        label=_("Plage choisie"), error_messages={"required": _("Choisissez une plage horaire.")}, max_length=30
    )
    reason = forms.CharField(label=_("Motif (facultatif)"), required=False, max_length=500)

    def clean_slot(self):
        starts_at = parse_slot_key(self.cleaned_data["slot"])
        if starts_at is None:
            raise forms.ValidationError(_("Cette plage horaire n'est pas valide : choisissez-en une dans la liste."))
        return starts_at


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Motif (facultatif)"), required=False, max_length=500)


class CoachNoteForm(forms.ModelForm):
    class Meta:
        model = CoachNote
        fields = ["body"]
        labels = {"body": _("Nouvelle note (visible des accompagnateurs seulement)")}
        widgets = {"body": forms.Textarea(attrs={"rows": 3})}


class CoachSettingsForm(forms.ModelForm):
    class Meta:
        model = CoachSettings
        fields = ["time_zone", "interview_minutes", "buffer_minutes"]
        help_texts = {"time_zone": _("Un fuseau IANA, par exemple America/Montreal ou Europe/Paris.")}


class WeeklyHoursForm(forms.ModelForm):
    class Meta:
        model = WeeklyHours
        fields = ["weekday", "start_time", "end_time"]
        widgets = {
            "start_time": forms.TimeInput(attrs={"type": "time"}),
            "end_time": forms.TimeInput(attrs={"type": "time"}),
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start_time") and cleaned.get("end_time") and cleaned["end_time"] <= cleaned["start_time"]:
            raise forms.ValidationError(_("L'heure de fin doit suivre l'heure de début."))
        return cleaned


class AvailabilityExceptionForm(forms.ModelForm):
    class Meta:
        model = AvailabilityException
        fields = ["date", "kind", "start_time", "end_time"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}),
            "start_time": forms.TimeInput(attrs={"type": "time"}),
            "end_time": forms.TimeInput(attrs={"type": "time"}),
        }
        help_texts = {"start_time": _("Laissez les heures vides pour une journée entière d'absence.")}

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if (start is None) != (end is None):
            raise forms.ValidationError(_("Indiquez les deux heures, ou aucune pour une journée entière."))
        if start is None and cleaned.get("kind") == AvailabilityException.Kind.EXTRA:
            raise forms.ValidationError(_("Des heures supplémentaires ont une heure de début et de fin."))
        if start is not None and end <= start:
            raise forms.ValidationError(_("L'heure de fin doit suivre l'heure de début."))
        return cleaned
