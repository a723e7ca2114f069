"""Onboarding in a browser, on a phone-sized screen: a verified participant logs in, fills in the
five steps in French (the time zone guessed by the browser, the occupation found with the search
picker), lands on the dashboard, then edits the profile and is offered to refresh the plan."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import Profile
from tests.accounts.factories import PASSWORD, ParticipantFactory
from tests.accounts.profile_factories import UnitGroupFactory
from tests.e2e.conftest import signed_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def newcomer(transactional_db):
    UnitGroupFactory()  # 21300 Ingénieurs civils, under broad category 2
    return ParticipantFactory(email="lucas.moreau@example.org")


def test_a_participant_onboards_in_french_on_a_phone_and_lands_on_the_dashboard(page, newcomer, check_accessibility):
    page.set_viewport_size({"width": 390, "height": 844})
    heading = page.get_by_role("heading", level=1)

    page.goto("/compte/login/")
    page.locator("#id_login").fill(newcomer.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main").get_by_role("button", name=re.compile("Connexion|Se connecter")).click()

    # A new participant is sent from the dashboard to the first step.
    expect(page).to_have_url(re.compile(r"/moi/bienvenue/situation/$"))
    expect(heading).to_have_text("Votre situation")
    # The page's browser is set to Casablanca: the zone it guesses is preselected.
    expect(page.locator("#id_time_zone")).to_have_value("Africa/Casablanca")
    expect(page.locator("#time-zone-guess")).to_contain_text("Africa/Casablanca")
    check_accessibility(page)
    page.get_by_label("CSQ reçu").check()
    page.locator("#id_csq_number").fill("12")  # wrong shape: refused next to the field, typed values kept
    page.locator("#id_country_of_residence").select_option("MA")
    page.locator("#id_city_of_residence").fill("Casablanca")
    page.locator("main").get_by_role("button", name="Enregistrer et continuer").click()
    expect(page.locator("#error_1_id_csq_number")).to_contain_text("numéro de CSQ")
    expect(page.locator("#id_city_of_residence")).to_have_value("Casablanca")
    check_accessibility(page)
    page.locator("#id_csq_number").fill("Q-2026-123456")
    page.locator("main").get_by_role("button", name="Enregistrer et continuer").click()

    expect(page).to_have_url(re.compile(r"/moi/bienvenue/settlement/$"))
    expect(heading).to_have_text("Votre établissement")
    check_accessibility(page)
    page.locator("#id_region").select_option("03")
    page.locator("#id_municipality").fill("Québec")
    page.locator("main").get_by_role("button", name="Enregistrer et continuer").click()

    # The occupation picker: typing narrows the list (htmx), accents not needed.
    expect(page).to_have_url(re.compile(r"/moi/bienvenue/occupation/$"))
    expect(heading).to_have_text("Votre profession")
    check_accessibility(page)
    page.locator("#occupation-q").press_sequentially("ingenieurs civils", delay=30)
    expect(page.locator("#occupation-status")).to_contain_text("1 profession trouvée")
    expect(page.locator("#id_occupation option[value='3']")).to_have_count(0)
    page.locator("#id_occupation").select_option("21300")
    check_accessibility(page)
    page.locator("#id_years_of_experience").fill("6")
    page.locator("#id_highest_diploma").select_option("master")
    page.locator("#id_diploma_country").select_option("FR")
    page.get_by_label("Oui", exact=True).check()
    page.locator("main").get_by_role("button", name="Enregistrer et continuer").click()

    expect(page).to_have_url(re.compile(r"/moi/bienvenue/languages/$"))
    check_accessibility(page)
    page.locator("#id_french_level").select_option("7")
    page.locator("main").get_by_role("button", name="Enregistrer et continuer").click()

    expect(page).to_have_url(re.compile(r"/moi/bienvenue/household/$"))
    check_accessibility(page)
    page.get_by_label("Avec des enfants").check()
    page.locator("#id_children_ages").fill("4, 9")
    page.get_by_label("Accompagné par une personne-ressource").check()
    page.locator("main").get_by_role("button", name="Terminer").click()

    # Done: the dashboard, with the profile summary.
    expect(page).to_have_url(re.compile(r"/moi/tableau-de-bord/$"))
    expect(heading).to_have_text("Mon tableau de bord")
    expect(page.locator("main")).to_contain_text("Ingénieurs civils")
    check_accessibility(page)
    profile = Profile.objects.select_related("occupation", "region").get(user=newcomer)
    newcomer.refresh_from_db()
    assert profile.onboarding_completed
    assert (profile.region.code, profile.occupation.code, profile.french_level) == ("03", "21300", 7)
    assert (profile.children_ages, profile.mode, profile.occupation_regulated) == ("4, 9", "accompanied", True)
    assert newcomer.time_zone == "Africa/Casablanca"

    # Later: the profile page, an edit, and the offer to refresh the plan.
    page.locator("main").get_by_role("link", name="Voir et modifier mon profil").click()
    expect(heading).to_have_text("Mon profil")
    check_accessibility(page)
    page.get_by_role("link", name="Modifier « Vos langues »").click()
    check_accessibility(page)
    page.locator("#id_french_level").select_option("9")
    page.locator("main").get_by_role("button", name="Enregistrer").click()
    expect(page.locator(".messages")).to_contain_text("Votre profil a été mis à jour")
    expect(page.get_by_role("link", name="Mettre à jour mon plan")).to_be_visible()
    check_accessibility(page)


def test_the_occupation_search_works_without_javascript(migrations_data, browser, live_url, newcomer):

    Profile.objects.create(user=newcomer, onboarding_step="settlement")
    with_session = signed_in(browser, live_url, newcomer)
    no_js = browser.new_context(base_url=live_url, locale="fr-CA", java_script_enabled=False)
    no_js.add_cookies(with_session.cookies())
    with_session.close()
    page = no_js.new_page()
    page.goto("/moi/bienvenue/occupation/")
    page.locator("#occupation-q").fill("ingénieurs civils")
    page.get_by_role("button", name="Chercher").click()
    expect(page.locator("#occupation-status")).to_contain_text("1 profession trouvée")
    page.locator("#id_occupation").select_option("21300")
    page.locator("main").get_by_role("button", name="Enregistrer et continuer").click()
    expect(page).to_have_url(re.compile(r"/moi/bienvenue/languages/$"))
    assert Profile.objects.get(user=newcomer).occupation.code == "21300"
    no_js.close()
