"""Versioned cache keys (integration_portal.versioned_cache), the cached choice lists
(accounts.choices) and the cached filter forms ({% cached_crispy %}), issue 16."""

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_form
from django.http import QueryDict
from django.test import RequestFactory

from accounts.choices import region_choices
from accounts.models import Region
from accounts.templatetags.portal_forms import cached_crispy
from integration_portal import versioned_cache
from job_feed.forms import OfferFilterForm

pytestmark = pytest.mark.django_db


def test_a_bump_gives_a_new_version_and_so_a_new_key():
    before = versioned_cache.versions("things")
    assert versioned_cache.versions("things") == before
    versioned_cache.bump("things")
    assert versioned_cache.versions("things") != before


def test_a_value_cached_under_a_version_is_not_read_after_a_bump():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    def read():
        return versioned_cache.cached(f"test:{versioned_cache.versions('things')}", compute, timeout=60)

    assert read() == 1
    assert read() == 1
    versioned_cache.bump("things")
    assert read() == 2


def test_within_a_request_versions_are_read_once_and_follow_its_own_bumps():
    seen = []

    def view(request):
        first = versioned_cache.versions("things")
        seen.append(first == versioned_cache.versions("things"))
        versioned_cache.bump("things")
        seen.append(first != versioned_cache.versions("things"))
        return None

    versioned_cache.VersionsPerRequestMiddleware(view)(RequestFactory().get("/"))
    assert seen == [True, True]


def test_region_choices_follow_a_renamed_region():
    assert ("06", "06 – Montréal") in region_choices()
    region = Region.objects.get(code="06")
    region.name_fr = "Montréal (île)"
    region.save()
    assert ("06", "06 – Montréal (île)") in region_choices()


def test_the_cached_form_is_the_same_html_as_crispy_renders():
    unbound = OfferFilterForm()
    assert cached_crispy(unbound, "reference") == str(as_crispy_form(OfferFilterForm()))
    bound = OfferFilterForm(QueryDict("region=06&cnp=abc"))
    html = cached_crispy(bound, "reference")
    assert html == str(as_crispy_form(OfferFilterForm(QueryDict("region=06&cnp=abc"))))
    assert 'value="06" selected' in html
    assert "Écrivez de 1 à 5 chiffres" in html  # the error of this query string, not another's
    other = cached_crispy(OfferFilterForm(QueryDict("region=02")), "reference")
    assert 'value="02" selected' in other and "Écrivez" not in other


def test_the_cached_form_shows_a_renamed_region():
    cached_crispy(OfferFilterForm(), "reference")
    Region.objects.filter(code="06").update(name_fr="(ne devrait pas paraître)")  # no signal: unseen
    region = Region.objects.get(code="02")
    region.name_fr = "Saguenay–Lac-Saint-Jean (renommée)"
    region.save()
    html = cached_crispy(OfferFilterForm(), "reference")
    assert "Saguenay–Lac-Saint-Jean (renommée)" in html
