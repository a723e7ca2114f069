from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.choices import occupation_choices, region_choices
from content.models import Language, Organisation, ProfessionalOrder, Theme
from content.selectors import LibraryFilters
from integration_portal.forms import SentencePlaceholdersMixin
from integration_portal.versioned_cache import cached, versions

THEMES_VERSION = "themes"


def theme_choices() -> list[tuple[str, str]]:
    """(slug, name) of every theme in the active language; read again when a theme changes."""
    from django.utils.translation import get_language

    key = f"choices:themes:{versions(THEMES_VERSION)}:{get_language()}"
    return cached(key, lambda: [(theme.slug, str(theme.name)) for theme in Theme.objects.all()], timeout=24 * 3600)


class LibraryFilterForm(SentencePlaceholdersMixin, forms.Form):
    KIND_CHOICES = [("", _("Tous les types")), ("capsule", _("Capsules vidéo")), ("article", _("Articles"))]
    ORDER_CHOICES = [("for_you", _("Pour vous d'abord")), ("recent", _("Les plus récents d'abord"))]

    theme = forms.ChoiceField(label=_("Thème"), required=False)
    kind = forms.ChoiceField(label=_("Type"), choices=KIND_CHOICES, required=False)
    region = forms.ChoiceField(label=_("Région"), required=False)
    occupation = forms.ChoiceField(label=_("Profession"), required=False)
    language = forms.ChoiceField(
        label=_("Langue"), choices=[("", _("Toutes les langues")), *Language.choices], required=False
    )
    order = forms.ChoiceField(label=_("Ordre"), choices=ORDER_CHOICES, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", _("Tous les thèmes")), *theme_choices()]
        self.fields["region"].choices = [("", _("Toutes les régions")), *region_choices()]
        self.fields["occupation"].choices = [("", _("Toutes les professions")), *occupation_choices(max_level=2)]

    def filters(self) -> LibraryFilters:
        if not self.is_bound or not self.is_valid():
            return LibraryFilters()
        data = self.cleaned_data
        return LibraryFilters(
            theme=data["theme"],
            kind=data["kind"],
            region_code=data["region"],
            occupation_code=data["occupation"],
            language=data["language"],
        )

    def sort_order(self, *, default: str) -> str:
        if self.is_bound and self.is_valid() and self.cleaned_data["order"]:
            return self.cleaned_data["order"]
        return default


class SearchForm(forms.Form):
    KIND_CHOICES = [
        ("", _("Tout")),
        ("capsule", _("Capsules vidéo")),
        ("article", _("Articles")),
        ("organisation", _("Organismes partenaires")),
        ("profession", _("Professions réglementées")),
    ]
    q = forms.CharField(
        label=_("Rechercher"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Par exemple : études, logement")}),
    )
    kind = forms.ChoiceField(label=_("Dans"), choices=KIND_CHOICES, required=False)

    def clean_q(self) -> str:
        return " ".join(self.cleaned_data["q"].split())


class OrganisationFilterForm(SentencePlaceholdersMixin, forms.Form):
    region = forms.ChoiceField(label=_("Région"), required=False)
    service = forms.ChoiceField(
        label=_("Service offert"), choices=[("", _("Tous les services")), *Organisation.Service.choices], required=False
    )
    q = forms.CharField(label=_("Nom, ville ou langue"), max_length=100, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", _("Toutes les régions")), *region_choices()]

    def values(self) -> dict:
        if not self.is_bound or not self.is_valid():
            return {"region_code": "", "service": "", "text": ""}
        data = self.cleaned_data
        return {"region_code": data["region"], "service": data["service"], "text": data["q"].strip()}


class ProfessionFilterForm(SentencePlaceholdersMixin, forms.Form):
    q = forms.CharField(label=_("Profession ou ordre"), max_length=100, required=False)
    regime = forms.ChoiceField(
        label=_("Régime"), choices=[("", _("Tous")), *ProfessionalOrder.Regime.choices], required=False
    )

    def values(self) -> dict:
        if not self.is_bound or not self.is_valid():
            return {"text": "", "regime": ""}
        return {"text": self.cleaned_data["q"].strip(), "regime": self.cleaned_data["regime"]}


class OrganisationImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier CSV"),
        help_text=_(
            "Colonnes : name, region_code, municipality, address, phone, website, email, services "
            "(codes séparés par « ; »), languages. UTF-8, 2 Mo au plus."
        ),
    )
