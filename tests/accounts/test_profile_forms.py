"""The onboarding forms' pieces that hold their own logic."""

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
