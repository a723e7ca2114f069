"""Onboarding, profile and dashboard pages, as a participant uses them."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from accounts.models import Profile
from tests.accounts.profile_factories import OnboardedProfileFactory, UnitGroupFactory, broad_category, region

pytestmark = pytest.mark.django_db

STEP_POSTS = {
    "situation": {
        "stage": "csq_received",
        "csq_number": "",
        "country_of_residence": "BR",
        "city_of_residence": "São Paulo",
        "time_zone": "America/Sao_Paulo",
        "arrival_date": "",
    },
    "settlement": {"region": "02", "municipality": "Saguenay"},
    "occupation": {
        "occupation": "21300",
        "years_of_experience": "4",
        "highest_diploma": "bachelor",
        "diploma_country": "BR",
        "occupation_regulated": "true",
    },
    "languages": {"french_level": "4", "english_level": "7"},
    "household": {"household": "with_children", "children_ages": "3 ,7", "mode": "accompanied"},
}


def step_url(step: str) -> str:
    return reverse("accounts:onboarding_step", kwargs={"step": step})


@pytest.fixture
def signed_in(client, participant):
    client.force_login(participant)
    return client


def test_a_participant_who_has_not_onboarded_is_sent_from_the_dashboard_to_the_first_step(signed_in):
    response = signed_in.get(reverse("accounts:dashboard"))
    assertRedirects(response, reverse("accounts:onboarding"), target_status_code=302)
    assertRedirects(signed_in.get(reverse("accounts:onboarding")), step_url("situation"))


def test_other_pages_do_not_send_to_onboarding(signed_in):
    assert signed_in.get(reverse("account_email")).status_code == 200


def test_the_whole_onboarding_lands_on_the_dashboard(signed_in, participant):
    UnitGroupFactory()
    for step, data in STEP_POSTS.items():
        response = signed_in.post(step_url(step), data)
        assert response.status_code == 302, (step, response.context and response.context["form"].errors)
    assertRedirects(response, reverse("accounts:dashboard"))

    profile = Profile.objects.select_related("region", "occupation").get(user=participant)
    participant.refresh_from_db()
    assert profile.onboarding_completed
    assert (profile.region.code, profile.occupation.code, profile.french_level) == ("02", "21300", 4)
    assert profile.children_ages == "3, 7"
    assert profile.mode == Profile.Mode.ACCOMPANIED
    assert participant.time_zone == "America/Sao_Paulo"
    page = signed_in.get(reverse("accounts:dashboard"))
    assertContains(page, "Saguenay–Lac-Saint-Jean")
    assertContains(page, "Ingénieurs civils")


def test_onboarding_resumes_at_the_first_incomplete_step(signed_in):
    signed_in.post(step_url("situation"), STEP_POSTS["situation"])
    signed_in.post(step_url("settlement"), STEP_POSTS["settlement"])
    assertRedirects(signed_in.get(reverse("accounts:onboarding")), step_url("occupation"))


def test_a_later_step_cannot_be_opened_before_the_earlier_ones(signed_in):
    assertRedirects(signed_in.get(step_url("languages")), reverse("accounts:onboarding"), target_status_code=302)


def test_a_completed_step_can_be_revisited_and_shows_what_was_saved(signed_in):
    signed_in.post(step_url("situation"), STEP_POSTS["situation"])
    assertContains(signed_in.get(step_url("situation")), 'value="São Paulo"')


def test_an_unknown_step_is_404(signed_in):
    assert signed_in.get(step_url("nope")).status_code == 404


def test_the_first_step_offers_the_browser_time_zone(signed_in):
    response = signed_in.get(step_url("situation"))
    assertContains(response, "data-guess-time-zone")
    assertContains(response, "accounts/time_zone_guess")
    assertContains(response, '<option value="Asia/Tokyo">')


def test_the_time_zone_is_not_guessed_again_once_chosen(signed_in):
    signed_in.post(step_url("situation"), STEP_POSTS["situation"])
    assertNotContains(signed_in.get(step_url("situation")), "data-guess-time-zone")


def test_the_occupation_step_filters_its_list_without_javascript(signed_in):
    UnitGroupFactory()
    signed_in.post(step_url("situation"), STEP_POSTS["situation"])
    signed_in.post(step_url("settlement"), STEP_POSTS["settlement"])
    response = signed_in.get(step_url("occupation"), {"q": "ingenieurs civils"})
    assertContains(response, '<option value="21300">')
    assertNotContains(response, '<option value="3">')
    assertContains(response, "1 profession trouvée")


def test_the_occupation_suggestions_fragment_answers_htmx(signed_in):
    UnitGroupFactory()
    response = signed_in.get(reverse("accounts:occupation_search"), {"q": "Ingénieur", "occupation": "3"})
    assertContains(response, '<option value="21300">')
    assertContains(response, '<option value="3" selected>')
    assertNotContains(response, "<html")


def test_the_occupation_suggestions_say_when_nothing_matches(signed_in):
    response = signed_in.get(reverse("accounts:occupation_search"), {"q": "zzzz"})
    assertContains(response, "Aucune profession trouvée")


def test_onboarding_pages_answer_in_english(signed_in):
    from django.utils import translation

    try:
        response = signed_in.get("/en" + step_url("situation"))
        assert response.status_code == 200
        assertContains(response, '<html lang="en">')
    finally:
        translation.activate("fr-ca")  # the request left English active in this thread


def test_an_onboarded_participant_opening_a_step_goes_to_the_profile_section(client):
    profile = OnboardedProfileFactory()
    client.force_login(profile.user)
    assertRedirects(
        client.get(step_url("languages")), reverse("accounts:profile_edit", kwargs={"section": "languages"})
    )


def test_the_profile_page_shows_the_participant_answers(client):
    profile = OnboardedProfileFactory(city_of_residence="Casablanca")
    client.force_login(profile.user)
    response = client.get(reverse("accounts:profile"))
    assertContains(response, "Casablanca")
    assertContains(response, "Maroc")
    assertContains(response, "6 – Intermédiaire")
    assertContains(response, reverse("accounts:profile_edit", kwargs={"section": "household"}))


def test_the_profile_is_sent_to_onboarding_until_it_is_finished(signed_in):
    assertRedirects(signed_in.get(reverse("accounts:profile")), reverse("accounts:onboarding"), target_status_code=302)


def test_editing_the_profile_offers_to_refresh_the_plan(client):
    profile = OnboardedProfileFactory()
    client.force_login(profile.user)
    response = client.post(
        reverse("accounts:profile_edit", kwargs={"section": "languages"}), {"french_level": "9", "english_level": ""}
    )
    assertRedirects(response, reverse("accounts:profile"), fetch_redirect_response=False)
    page = client.get(reverse("accounts:profile"))
    assertContains(page, "Votre profil a été mis à jour")
    assertContains(page, reverse("action_plan:refresh"))
    # The offer is shown once.
    assertNotContains(client.get(reverse("accounts:profile")), reverse("action_plan:refresh"))


def test_saving_an_unchanged_section_offers_nothing(client):
    profile = OnboardedProfileFactory()
    client.force_login(profile.user)
    client.post(
        reverse("accounts:profile_edit", kwargs={"section": "languages"}),
        {"french_level": str(profile.french_level), "english_level": str(profile.english_level)},
    )
    page = client.get(reverse("accounts:profile"))
    assertContains(page, "Rien n&#x27;a changé")
    assertNotContains(page, "Votre profil a changé")


def test_the_stage_only_moves_forward_once_onboarded(client):
    profile = OnboardedProfileFactory(stage=Profile.Stage.ARRIVED)
    client.force_login(profile.user)
    url = reverse("accounts:profile_edit", kwargs={"section": "situation"})
    page = client.get(url)
    assertNotContains(page, 'value="csq_received"')
    assertContains(page, 'value="settled"')
    data = {
        "stage": "csq_received",
        "country_of_residence": "MA",
        "city_of_residence": "Casablanca",
        "time_zone": "America/Montreal",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "stage" in response.context["form"].errors
    response = client.post(url, {**data, "stage": "settled"})
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.stage == Profile.Stage.SETTLED


def test_the_dashboard_shows_the_profile_summary_and_each_registered_block(client):
    profile = OnboardedProfileFactory()
    client.force_login(profile.user)
    response = client.get(reverse("accounts:dashboard"))
    assertContains(response, "Montréal")
    assertContains(response, "Niveau 6 sur 12")
    assertContains(response, reverse("accounts:profile"))
    from accounts.dashboard import dashboard_blocks

    for block in dashboard_blocks():
        assert block.template in [t.name for t in response.templates]


def test_the_dashboard_shows_an_empty_state_without_blocks(client, monkeypatch):
    from accounts import dashboard

    monkeypatch.setattr(dashboard, "_blocks", {})
    profile = OnboardedProfileFactory()
    client.force_login(profile.user)
    assertContains(client.get(reverse("accounts:dashboard")), "Rien à afficher pour l")


@pytest.fixture
def test_blocks(settings, monkeypatch):
    """The registry holds only two test blocks, each running exactly one query."""
    from pathlib import Path

    from accounts import dashboard

    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], Path(__file__).parent / "templates"]}
    ]
    monkeypatch.setattr(dashboard, "_blocks", {})

    def context_for(key):
        def context(user, profile):
            return {"key": key, "count": Profile.objects.filter(user=user).count()}

        return context

    for order, key in enumerate(("premier", "second")):
        dashboard.register_dashboard_block(
            key=key, template="tests_accounts/block.html", order=order, context=context_for(key)
        )


def test_the_dashboard_renders_each_block_with_its_context_in_order(client, test_blocks):
    profile = OnboardedProfileFactory()
    client.force_login(profile.user)
    content = client.get(reverse("accounts:dashboard")).content.decode()
    assert content.index("Bloc premier") < content.index("Bloc second")
    assert "1 élément(s)" in content


# The user (1; sessions live in the cache), the profile with region and occupation (1), one per test block (2).
DASHBOARD_QUERIES = 4


def test_the_dashboard_runs_a_fixed_number_of_queries(client, test_blocks, django_assert_num_queries):
    for profile in (OnboardedProfileFactory(region=None, occupation=None), OnboardedProfileFactory()):
        client.force_login(profile.user)
        with django_assert_num_queries(DASHBOARD_QUERIES):
            assert client.get(reverse("accounts:dashboard")).status_code == 200


def test_with_the_registered_blocks_the_dashboard_costs_the_same_for_everyone(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # Blocks may skip a query for a profile without region or occupation: both have them here.
    light = OnboardedProfileFactory()
    heavy = OnboardedProfileFactory(
        region=region("02"), occupation=broad_category("3"), mode=Profile.Mode.ACCOMPANIED, french_level=12
    )
    counts = []
    for profile in (light, heavy):
        client.force_login(profile.user)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("accounts:dashboard")).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]


@pytest.mark.parametrize(
    ("section", "selected"),
    [("settlement", '<option value="06" selected>'), ("occupation", '<option value="2" selected>')],
)
def test_an_edit_page_shows_the_saved_region_and_occupation_as_chosen(client, section, selected):
    profile = OnboardedProfileFactory()
    client.force_login(profile.user)
    response = client.get(reverse("accounts:profile_edit", kwargs={"section": section}))
    assertContains(response, selected)
    assert response.content.decode().count(" selected>") >= 1


def test_saving_an_untouched_settlement_page_keeps_the_region(client):
    profile = OnboardedProfileFactory()
    client.force_login(profile.user)
    form = client.get(reverse("accounts:profile_edit", kwargs={"section": "settlement"})).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    client.post(reverse("accounts:profile_edit", kwargs={"section": "settlement"}), data)
    profile.refresh_from_db()
    assert profile.region.code == "06"


def test_each_person_sees_their_own_answers_and_their_errors_on_a_step(client):
    # The fields of an empty step form are rendered once per content (accounts/templatetags/
    # portal_forms.py): what each person saved is part of that content.
    first = OnboardedProfileFactory(years_of_experience=7, diploma_country="MA")
    second = OnboardedProfileFactory(years_of_experience=12, diploma_country="BR")
    url = reverse("accounts:profile_edit", kwargs={"section": "occupation"})
    for _ in range(2):
        for profile, years, country in ((first, 7, "MA"), (second, 12, "BR")):
            client.force_login(profile.user)
            html = client.get(url).content.decode()
            assert f'name="years_of_experience" value="{years}"' in html
            assert f'<option value="{country}" selected>' in html

    # Sent back with an error: the person's own input and the message, never a kept empty form.
    response = client.post(url, {**STEP_POSTS["occupation"], "years_of_experience": "99"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="99"' in html and "is-invalid" in html
