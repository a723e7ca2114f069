"""A newcomer's first hour, end to end: sign up in French, confirm the address, onboard as a nurse
from Morocco headed to Québec City, land on a plan with something to do today, switch to English
and back. Each step is where we used to lose people (issue 10)."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts.models import Profile, User
from action_plan.models import Plan

pytestmark = pytest.mark.e2e

EMAIL = "salma.idrissi@example.org"
PASSWORD = "Jasmin-de-Rabat-2026"
CONFIRM_LINK = re.compile(r"https?://[^\s]+/compte/confirm-email/[^\s]+/")
CONTINUE = "Enregistrer et continuer"


def test_a_nurse_from_morocco_reaches_a_plan_with_something_to_do_today(page, check_accessibility):
    heading = page.get_by_role("heading", level=1)
    main = page.locator("main")

    # Sign up, in French.
    page.goto("/")
    page.get_by_role("link", name="Créer un compte").first.click()
    expect(page).to_have_url(re.compile(r"^[^?]*/compte/signup/$"))
    check_accessibility(page)
    page.get_by_role("textbox", name=re.compile(r"^Courriel")).fill(EMAIL)
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.locator("#id_accept_terms").check()
    page.locator("#id_accept_privacy").check()
    main.get_by_role("button", name="Création de compte").click()
    expect(page).to_have_url(re.compile(r"/compte/confirm-email/$"))
    check_accessibility(page)

    # The e-mail names the service, in French, and its link confirms on a plain question.
    message = next(message for message in mail.outbox if message.to == [EMAIL])
    assert message.subject.startswith("Service d'intégration en ligne – ")
    page.goto(CONFIRM_LINK.search(message.body).group(0))
    expect(heading).to_have_text("Confirmer votre adresse courriel")
    check_accessibility(page)
    main.get_by_role("button", name="Confirmer mon adresse").click()

    # Logged in at once, straight to the onboarding.
    expect(page).to_have_url(re.compile(r"/moi/bienvenue/situation/$"))
    expect(page.locator("#id_time_zone")).to_have_value("Africa/Casablanca")
    page.get_by_label("CSQ reçu").check()
    page.locator("#id_country_of_residence").select_option("MA")
    page.locator("#id_city_of_residence").fill("Rabat")
    main.get_by_role("button", name=CONTINUE).click()

    expect(page).to_have_url(re.compile(r"/moi/bienvenue/settlement/$"))
    page.locator("#id_region").select_option("03")
    page.locator("#id_municipality").fill("Québec")
    main.get_by_role("button", name=CONTINUE).click()

    # "infirmière", as the help text suggests, finds the registered nurses' unit group.
    expect(page).to_have_url(re.compile(r"/moi/bienvenue/occupation/$"))
    page.locator("#occupation-q").press_sequentially("infirmière", delay=20)
    expect(page.locator("#id_occupation option[value='31301']")).to_have_count(1)
    page.locator("#id_occupation").select_option("31301")
    check_accessibility(page)
    page.locator("#id_years_of_experience").fill("8")
    page.locator("#id_highest_diploma").select_option("bachelor")
    page.locator("#id_diploma_country").select_option("MA")
    main.get_by_role("button", name=CONTINUE).click()

    expect(page).to_have_url(re.compile(r"/moi/bienvenue/languages/$"))
    page.locator("#id_french_level").select_option("9")
    main.get_by_role("button", name=CONTINUE).click()

    expect(page).to_have_url(re.compile(r"/moi/bienvenue/household/$"))
    page.get_by_label("Seul ou seule").check()
    main.get_by_role("button", name="Terminer").click()

    # The dashboard has something to do today, and the footer names her zone in words.
    expect(page).to_have_url(re.compile(r"/moi/tableau-de-bord/$"))
    expect(main).not_to_contain_text("Rien à faire pour l'instant")
    expect(page.locator("footer")).to_contain_text("Heure de Casablanca (Maroc)")
    check_accessibility(page)
    user = User.objects.get(email=EMAIL)
    profile = Profile.objects.select_related("occupation", "region").get(user=user)
    assert (profile.occupation.code, profile.region.code) == ("31301", "03")
    assert profile.occupation_regulated is True  # nurses: the Ordre des infirmières et infirmiers
    plan = Plan.objects.get(user=user)
    first_task = plan.tasks.filter(week=1).order_by("due_on", "order", "id").first()
    assert first_task.opens_on == plan.start_date
    expect(main.get_by_role("link", name=first_task.title)).to_be_visible()

    # The plan: week 1 is this week, its first task open today.
    main.get_by_role("link", name="Voir mon plan d'action").click()
    expect(page).to_have_url(re.compile(r"/plan/$"))
    expect(page.locator("#week-1")).to_contain_text("Cette semaine")
    check_accessibility(page)

    # English, then back to French, from the same page.
    page.get_by_role("button", name="English").click()
    expect(page).to_have_url(re.compile(r"/en/plan/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#week-1")).to_contain_text("This week")
    check_accessibility(page)
    page.get_by_role("button", name="Français").click()
    expect(page).to_have_url(re.compile(r"^[^?]*://[^/]+/plan/$"))
    expect(page.locator("html")).to_have_attribute("lang", "fr-CA")
    expect(page.locator("#week-1")).to_contain_text("Cette semaine")
    user.refresh_from_db()
    assert user.language == User.Language.FRENCH
