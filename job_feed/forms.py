from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from accounts.choices import occupation_choices, region_choices
from integration_portal.forms import SentencePlaceholdersMixin
from job_feed.models import JobOffer
from job_feed.selectors import OfferFilters

POSTED_WITHIN = [
    ("", _("Peu importe")),
    ("1", _("Depuis 24 heures")),
    ("7", _("Depuis 7 jours")),
    ("30", _("Depuis 30 jours")),
]
ORDERS = [("for_you", _("Pour vous")), ("recent", _("Les plus récentes"))]


class OfferFilterForm(SentencePlaceholdersMixin, forms.Form):
    """The filters of the offers page (GET). Invalid fields are reported and ignored, never a 500."""

    q = forms.CharField(label=_("Mots-clés"), max_length=100, required=False)
    region = forms.ChoiceField(label=_("Région"), required=False)
    category = forms.ChoiceField(label=_("Famille de professions"), required=False)
    cnp = forms.CharField(
        label=_("Code CNP"),
        max_length=5,
        required=False,
        help_text=_("Le code de la profession, ou ses premiers chiffres (ex. 313 ou 31301)."),
        validators=[RegexValidator(r"^[0-9]{1,5}$", _("Écrivez de 1 à 5 chiffres, par exemple 31301."))],
    )
    employment_type = forms.ChoiceField(
        label=_("Type d'emploi"), required=False, choices=[("", _("Tous"))] + list(JobOffer.EmploymentType.choices)
    )
    posted_within = forms.ChoiceField(label=_("Publiée"), required=False, choices=POSTED_WITHIN)
    abroad = forms.BooleanField(label=_("Ouvertes aux candidatures de l'étranger"), required=False)
    sort = forms.ChoiceField(label=_("Trier par"), required=False, choices=ORDERS)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", _("Toutes les régions")), *region_choices()]
        self.fields["category"].choices = [("", _("Toutes les familles")), *occupation_choices(level=1)]

    def _valid(self, name: str):
        if not self.is_bound:
            return self.initial.get(name, "")
        self.is_valid()
        return self.cleaned_data.get(name) if name not in self.errors else None

    def filters(self) -> OfferFilters:
        occupation = self._valid("cnp") or self._valid("category") or ""
        days = self._valid("posted_within")
        return OfferFilters(
            region_code=self._valid("region") or "",
            occupation=occupation,
            employment_type=self._valid("employment_type") or "",
            posted_within_days=int(days) if days else None,
            text=(self._valid("q") or "").strip(),
            open_to_abroad=bool(self._valid("abroad")),
        )

    def sort_order(self, *, default: str) -> str:
        return self._valid("sort") or default
