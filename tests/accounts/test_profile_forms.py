"""The onboarding forms' pieces that hold their own logic."""

import pytest
from django import forms

from accounts.forms import QuickSelect, time_zone_choices, use_quick_select


def test_the_quick_select_escapes_and_marks_the_chosen_option():
    widget = QuickSelect(choices=[("", "---"), ('a"b', "<b>A & B</b>"), ("c", "C")])
    html = widget.render("field", 'a"b', attrs={"id": "id_field"})
    assert html.startswith('<select name="field" id="id_field">')
    assert '<option value="a&quot;b" selected>&lt;b&gt;A &amp; B&lt;/b&gt;</option>' in html
    assert '<option value="c">C</option>' in html


def test_the_quick_select_keeps_the_field_required_attribute_and_groups():
    field = forms.ChoiceField(choices=[("", "---"), ("Europe", [("fr", "France")])])
    use_quick_select(field)
    html = field.widget.render("pays", "fr")
    assert " required" in html
    assert '<optgroup label="Europe"><option value="fr" selected>France</option></optgroup>' in html


def test_the_time_zones_offered_are_iana_region_city_zones_and_utc():
    zones = [value for value, _label in time_zone_choices()]
    assert "America/Montreal" in zones and "Africa/Casablanca" in zones and "UTC" in zones
    assert not [zone for zone in zones if zone.startswith(("Etc/", "SystemV/")) or zone == "EST5EDT"]


@pytest.fixture
def regulation_source(monkeypatch):
    from accounts import services

    monkeypatch.setattr(services, "_regulation_sources", [])
    known = {}
    services.register_occupation_regulation_source(lambda occupation: known.get(occupation.code))
    return known


@pytest.mark.django_db
def test_regulation_is_unknown_until_a_source_knows(regulation_source):
    from accounts.services import occupation_regulation_known
    from tests.accounts.profile_factories import UnitGroupFactory

    occupation = UnitGroupFactory()
    assert occupation_regulation_known(occupation) is None
    assert occupation_regulation_known(None) is None
    regulation_source["21300"] = True
    assert occupation_regulation_known(occupation) is True


@pytest.mark.django_db
def test_a_known_regulation_overrides_the_participant_answer(regulation_source):
    from accounts.forms import OccupationForm
    from tests.accounts.profile_factories import UnitGroupFactory

    UnitGroupFactory()
    regulation_source["21300"] = True
    form = OccupationForm(data={"occupation": "21300", "occupation_regulated": "false"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["occupation_regulated"] is True


@pytest.mark.django_db
def test_an_unknown_regulation_keeps_the_participant_answer(regulation_source):
    from accounts.forms import OccupationForm
    from tests.accounts.profile_factories import UnitGroupFactory

    UnitGroupFactory()
    for answer, expected in (("true", True), ("false", False), ("", None)):
        form = OccupationForm(data={"occupation": "21300", "occupation_regulated": answer})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["occupation_regulated"] is expected


@pytest.mark.django_db
def test_the_country_list_follows_the_language_and_keeps_the_choice(participant):
    from django.utils import translation

    from accounts.forms import SituationForm

    for language, name in (("fr-ca", "Maroc"), ("en", "Morocco")):
        with translation.override(language):
            form = SituationForm(user=participant, initial={"country_of_residence": "MA"})
            html = str(form["country_of_residence"])
        assert f'<option value="MA" selected>{name}</option>' in html
        assert " required" in html
