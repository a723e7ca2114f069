"""The participant's profile, in the five forms of onboarding (reused to edit the profile later)."""

import datetime
import html
import re
import zoneinfo
from functools import cache

from django import forms
from django.core.validators import MaxValueValidator
from django.forms.utils import flatatt
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from accounts.choices import occupation_choices
from accounts.models import Occupation, Profile, Region
from accounts.selectors import occupation_search
from accounts.services import occupation_regulation_known
from integration_portal.forms import SentencePlaceholdersMixin

# A CSQ number is validated for its shape only and stored as typed: 6 to 20 characters, letters
# and digits, with hyphens or spaces inside (the ministry's numbering has changed over the years).
CSQ_NUMBER_PATTERN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9 -]{4,18})[A-Za-z0-9]")
ARRIVAL_DATE_MAX_YEARS = 5
MAX_YEARS_OF_EXPERIENCE = 60
MAX_CHILD_AGE = 25


class QuickSelect(forms.Select):
    """A <select> whose options are written in plain Python rather than through a template (and
    a dict) each: the time zones and the countries are some 850 options, which made the
    situation step several times slower than the rest of the site.

    With `reference_list` (a key of REFERENCE_LISTS), the escaped options are built once per
    process and language and reused: these lists never change while the process runs."""

    reference_list: str | None = None

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, attrs)
        options = self._escaped_options()
        if self.is_required and options and options[0][0] == "":
            final_attrs["required"] = True
        chosen = {str(item) for item in self.format_value(value)}
        parts = [f'<select name="{html.escape(name)}"{flatatt(final_attrs)}>']
        for option_value, escaped_label in options:
            if isinstance(escaped_label, tuple):
                parts.append(f'<optgroup label="{html.escape(option_value)}">')
                parts.extend(self._option(sub_value, sub_label, chosen) for sub_value, sub_label in escaped_label)
                parts.append("</optgroup>")
            else:
                parts.append(self._option(option_value, escaped_label, chosen))
        parts.append("</select>")
        return mark_safe("".join(parts))  # every value and label above is escaped

    def _escaped_options(self) -> tuple:
        if self.reference_list is not None:
            return escaped_reference_list(self.reference_list, get_language() or "")
        return escape_choices(self.choices)

    @staticmethod
    def _option(value: str, escaped_label: str, chosen: set[str]) -> str:
        selected = " selected" if value in chosen else ""
        return f'<option value="{html.escape(value)}"{selected}>{escaped_label}</option>'


def escape_choices(choices) -> tuple:
    """(value as text, escaped label) pairs; a group's label holds a tuple of its pairs."""
    escaped = []
    for value, label in choices:
        if isinstance(label, (list, tuple)):
            escaped.append((str(value), escape_choices(label)))
        else:
            escaped.append(("" if value is None else str(value), html.escape(str(label))))
    return tuple(escaped)


def _country_choices():
    from django_countries import countries

    return [("", gettext("Choisissez…")), *((country.code, country.name) for country in countries)]


REFERENCE_LISTS = {"time_zones": lambda: time_zone_choices(), "countries": _country_choices}


@cache
def escaped_reference_list(key: str, language: str) -> tuple:
    with translation.override(language or None):
        return escape_choices(REFERENCE_LISTS[key]())


def use_quick_select(field: forms.Field, *, reference_list: str | None = None) -> None:
    widget = QuickSelect(attrs=dict(field.widget.attrs))
    widget.is_required = field.required
    field.widget = widget
    if reference_list is not None:
        widget.reference_list = reference_list  # the field's own choices still validate what is posted
    else:
        widget.choices = field.choices


def use_code_as_initial(form: forms.ModelForm, name: str) -> None:
    """The list's values are codes (to_field_name), but a ModelForm's initial value is the primary
    key: without this, the list would show another row (or none) as chosen, and saving would
    change what the person had saved."""
    if isinstance(form.initial.get(name), int) and getattr(form.instance, f"{name}_id", None) == form.initial[name]:
        form.initial[name] = getattr(form.instance, name).code  # loaded with select_related: no query


@cache
def time_zone_choices() -> list[tuple[str, str]]:
    # The IANA zones people recognise (Region/City), and UTC; never a zone outside the IANA list.
    zones = sorted(
        zone
        for zone in zoneinfo.available_timezones()
        if zone == "UTC" or ("/" in zone and not zone.startswith(("Etc/", "SystemV/")))
    )
    return [(zone, zone.replace("_", " ")) for zone in zones]


def years_from(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


class SituationForm(SentencePlaceholdersMixin, forms.ModelForm):
    time_zone = forms.ChoiceField(
        choices=time_zone_choices,
        label=_("Fuseau horaire"),
        help_text=_("Les heures des rencontres et des rappels sont affichées dans ce fuseau."),
        error_messages={
            "invalid_choice": _("Choisissez un fuseau horaire de la liste (par exemple America/Montreal).")
        },
    )

    class Meta:
        model = Profile
        fields = ["stage", "csq_number", "country_of_residence", "city_of_residence", "time_zone", "arrival_date"]
        labels = {
            "stage": _("Où en êtes-vous ?"),
            "csq_number": _("Numéro de CSQ (facultatif)"),
            "country_of_residence": _("Pays où vous habitez"),
            "city_of_residence": _("Ville où vous habitez"),
            "arrival_date": _("Date d'arrivée au Québec (prévue ou réelle)"),
        }
        help_texts = {
            "stage": _("Vous pourrez avancer cette étape plus tard, dans votre profil."),
            "csq_number": _(
                "De 6 à 20 caractères : lettres et chiffres, avec des tirets ou des espaces au besoin "
                "(par exemple Q-2026-123456). Nous le gardons tel que vous l'écrivez."
            ),
            "arrival_date": _("Facultatif. Au plus 5 ans avant ou après aujourd'hui."),
        }
        widgets = {
            "stage": forms.RadioSelect,
            "arrival_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, user, stage_forward_only: bool = False, guess_time_zone: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["country_of_residence"].required = True
        self.fields["time_zone"].initial = user.time_zone
        use_quick_select(self.fields["time_zone"], reference_list="time_zones")
        use_quick_select(self.fields["country_of_residence"], reference_list="countries")
        if guess_time_zone:
            self.fields["time_zone"].widget.attrs["data-guess-time-zone"] = "true"
        self.fields["csq_number"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})
        self.fields["city_of_residence"].widget.attrs["autocomplete"] = "address-level2"
        if stage_forward_only and self.instance.pk:
            # Once onboarded, the stage only moves forward: the plan's past steps stay valid.
            values = list(Profile.Stage.values)
            current = values.index(self.instance.stage) if self.instance.stage in values else 0
            self.fields["stage"].choices = [
                (value, label) for value, label in Profile.Stage.choices if values.index(value) >= current
            ]
            self.fields["stage"].help_text = _("L'étape ne peut qu'avancer.")

    def clean_csq_number(self) -> str:
        value = self.cleaned_data["csq_number"].strip()
        if value and not CSQ_NUMBER_PATTERN.fullmatch(value):
            raise forms.ValidationError(
                _(
                    "Ce numéro n'a pas la forme d'un numéro de CSQ : de 6 à 20 lettres ou chiffres, "
                    "avec des tirets ou des espaces au besoin."
                ),
                code="csq_shape",
            )
        return value

    def clean_arrival_date(self) -> datetime.date | None:
        value = self.cleaned_data["arrival_date"]
        if value is None:
            return value
        today = timezone.localdate()
        if value < years_from(today, -ARRIVAL_DATE_MAX_YEARS):
            raise forms.ValidationError(
                _("Cette date est trop ancienne : indiquez une date d'au plus 5 ans avant aujourd'hui."),
                code="arrival_too_early",
            )
        if value > years_from(today, ARRIVAL_DATE_MAX_YEARS):
            raise forms.ValidationError(
                _("Cette date est trop lointaine : indiquez une date d'au plus 5 ans après aujourd'hui."),
                code="arrival_too_late",
            )
        return value


class SettlementForm(SentencePlaceholdersMixin, forms.ModelForm):
    region = forms.ModelChoiceField(
        label=_("Région où vous prévoyez vous établir"),
        queryset=Region.objects.order_by("code"),
        to_field_name="code",
        required=False,
        empty_label=_("Je ne sais pas encore"),
        help_text=_("Le Québec compte 17 régions administratives."),
        error_messages={"invalid_choice": _("Cette région n'existe pas : choisissez-en une dans la liste.")},
    )

    class Meta:
        model = Profile
        fields = ["region", "municipality"]
        labels = {"municipality": _("Municipalité (si vous la connaissez)")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_code_as_initial(self, "region")


class OccupationForm(SentencePlaceholdersMixin, forms.ModelForm):
    occupation = forms.ModelChoiceField(
        label=_("Votre profession"),
        queryset=Occupation.objects.order_by("code"),
        to_field_name="code",
        required=False,
        empty_label=_("Choisissez une profession"),
        help_text=_("Classification nationale des professions (CNP 2021). Cherchez par nom ou par code."),
        error_messages={"invalid_choice": _("Cette profession n'existe pas : choisissez-en une dans la liste.")},
    )
    occupation_regulated = forms.TypedChoiceField(
        label=_("Votre profession est-elle réglementée au Québec (encadrée par un ordre professionnel) ?"),
        choices=[("true", _("Oui")), ("false", _("Non")), ("", _("Je ne sais pas"))],
        coerce=lambda value: value == "true",
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        help_text=_("Quand nos données le disent, la réponse vient de la profession choisie."),
    )

    class Meta:
        model = Profile
        fields = ["occupation", "years_of_experience", "highest_diploma", "diploma_country", "occupation_regulated"]
        labels = {
            "years_of_experience": _("Années d'expérience dans cette profession"),
            "highest_diploma": _("Diplôme le plus élevé"),
            "diploma_country": _("Pays où vous avez obtenu ce diplôme"),
        }

    def __init__(self, *args, occupation_query: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.occupation_match_count: int | None = None
        use_code_as_initial(self, "occupation")
        use_quick_select(self.fields["occupation"])
        use_quick_select(self.fields["diploma_country"], reference_list="countries")
        self.fields["years_of_experience"].validators.append(MaxValueValidator(MAX_YEARS_OF_EXPERIENCE))
        self.fields["years_of_experience"].widget.attrs.update({"min": 0, "max": MAX_YEARS_OF_EXPERIENCE})
        if self.instance.occupation_regulated is not None:
            self.initial["occupation_regulated"] = "true" if self.instance.occupation_regulated else "false"
        field = self.fields["occupation"]
        if occupation_query and not self.is_bound:
            # The list shows the matches (and the current choice); a post is checked against all.
            matches = occupation_search(query=occupation_query, keep_code=self.initial.get("occupation"))
            field.queryset = matches
            listed = [(occupation.code, field.label_from_instance(occupation)) for occupation in matches]
            self.occupation_match_count = len(listed)
        else:
            listed = occupation_choices()  # every occupation, cached per language and reference version
        # Rendered from these rows: the field's own choices would read the table again.
        field.widget.choices = [("", field.empty_label), *listed]

    def clean(self) -> dict:
        cleaned = super().clean()
        known = occupation_regulation_known(cleaned.get("occupation"))
        if known is not None:
            cleaned["occupation_regulated"] = known
        return cleaned


class LanguagesForm(SentencePlaceholdersMixin, forms.ModelForm):
    class Meta:
        model = Profile
        fields = ["french_level", "english_level"]
        labels = {"french_level": _("Votre niveau de français"), "english_level": _("Votre niveau d'anglais")}
        help_texts = {
            "french_level": _("Selon l'échelle québécoise en 12 niveaux. Une estimation suffit."),
            "english_level": _("Facultatif, sur la même échelle."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["french_level"].required = True
        for name in ("french_level", "english_level"):
            self.fields[name].error_messages["invalid_choice"] = _("Choisissez un niveau de 1 à 12 dans la liste.")


class HouseholdForm(SentencePlaceholdersMixin, forms.ModelForm):
    class Meta:
        model = Profile
        fields = ["household", "children_ages", "mode", "waking_start", "waking_end"]
        labels = {
            "household": _("Vous vous installez"),
            "children_ages": _("Âge des enfants (facultatif)"),
            "mode": _("Comment souhaitez-vous suivre votre parcours ?"),
        }
        help_texts = {
            "children_ages": _("Séparez les âges par des virgules, par exemple : 3, 7, 12."),
            "mode": _(
                "Accompagné : une personne-ressource d'un organisme partenaire vous sera assignée par "
                "l'équipe du ministère."
            ),
        }
        widgets = {
            "household": forms.RadioSelect,
            "mode": forms.RadioSelect,
            "waking_start": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "waking_end": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Interview slots outside these hours (in the person's zone) are listed last; optional here.
        for name in ("waking_start", "waking_end"):
            self.fields[name].required = False
            self.fields[name].help_text = _("Heure de votre fuseau ; par défaut de 8 h à 21 h.")
        self.fields["household"].required = True
        self.fields["household"].choices = Profile.Household.choices
        self.fields["mode"].choices = Profile.Mode.choices

    def clean_waking_start(self):
        return self.cleaned_data["waking_start"] or self.instance.waking_start or Profile.waking_start.field.default

    def clean_waking_end(self):
        return self.cleaned_data["waking_end"] or self.instance.waking_end or Profile.waking_end.field.default

    def clean_children_ages(self) -> str:
        value = self.cleaned_data["children_ages"].strip()
        if not value:
            return ""
        parts = [part.strip() for part in value.replace(";", ",").split(",") if part.strip()]
        if not all(part.isdigit() and int(part) <= MAX_CHILD_AGE for part in parts):
            raise forms.ValidationError(
                _("Indiquez des âges de 0 à %(max)s ans, séparés par des virgules (par exemple : 3, 7, 12)."),
                code="children_ages",
                params={"max": MAX_CHILD_AGE},
            )
        return ", ".join(str(int(part)) for part in parts)

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("household") and cleaned["household"] != Profile.Household.WITH_CHILDREN:
            cleaned["children_ages"] = ""
        start, end = cleaned.get("waking_start"), cleaned.get("waking_end")
        if start and end and end <= start:
            self.add_error("waking_end", _("L'heure de fin doit suivre l'heure de début."))
        return cleaned
