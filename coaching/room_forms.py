from django import forms
from django.utils.translation import gettext_lazy as _

from coaching.room_services import SUMMARY_MAX_FOLLOW_UPS


class InterviewSummaryForm(forms.Form):
    text = forms.CharField(
        label=_("Résumé de l'entrevue"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("La personne accompagnée lit ce résumé sur la page de l'entrevue."),
    )
    follow_ups = forms.CharField(
        label=_("Suivis convenus"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Un suivi par ligne (%(count)s au plus, 250 caractères chacun).")
        % {"count": SUMMARY_MAX_FOLLOW_UPS},
    )
    add_to_plan = forms.BooleanField(
        label=_("Ajouter les nouveaux suivis comme tâches au plan d'action de la personne"),
        required=False,
        initial=True,
    )

    def clean_follow_ups(self) -> list[str]:
        items = [line.strip() for line in self.cleaned_data["follow_ups"].splitlines() if line.strip()]
        if len(items) > SUMMARY_MAX_FOLLOW_UPS:
            raise forms.ValidationError(
                _("Au plus %(count)s suivis, un par ligne.") % {"count": SUMMARY_MAX_FOLLOW_UPS}
            )
        if any(len(item) > 250 for item in items):
            raise forms.ValidationError(_("Chaque suivi tient en 250 caractères au plus."))
        return items
