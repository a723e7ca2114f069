"""Job offers in a browser: the sample feed is imported from the live portal itself (the real
HTTP path), then a participant still abroad browses the offers (those open to applicants abroad
first), filters, searches in French, opens one, saves it, finds it among their saved offers and
on their dashboard, and removes it."""

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from accounts.policies import consent_record, current_policies
from job_feed.importing import feed_import
from job_feed.models import FeedRun, JobOffer, SavedOffer
from tests.accounts.factories import ParticipantFactory
from tests.e2e.conftest import signed_in
from tests.job_feed.factories import FeedSourceFactory
from tests.job_feed.profiles import give_profile

pytestmark = pytest.mark.e2e


@pytest.fixture
def participant_abroad(transactional_db):
    participant = ParticipantFactory()
    profile = give_profile(participant, region="05", occupation="3", stage="csq_received", french_level=7)
    profile.onboarding_completed_at = timezone.now()
    profile.save(update_fields=["onboarding_completed_at"])
    consent_record(user=participant, policies=current_policies())
    return participant


def test_a_participant_abroad_finds_saves_and_removes_a_job_offer(
    browser, live_url, participant_abroad, check_accessibility
):
    source = FeedSourceFactory(name="Exemple", url=live_url + reverse("job_feed:sample_feed"))
    run = feed_import(source_id=source.pk)
    assert (run.status, run.created) == (FeedRun.Status.SUCCEEDED, 320)

    page = signed_in(browser, live_url, participant_abroad).new_page()
    page.goto("/emplois/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Offres d'emploi")
    check_accessibility(page)
    first_card = page.locator(".offer-list > li").first
    expect(first_card).to_contain_text("Ouverte aux candidatures de l'étranger")

    # Filter: region and family, then a French search without accents.
    page.get_by_label("Région").select_option("05")
    page.get_by_role("button", name="Filtrer", exact=True).click()
    expect(page.locator(".offer-list > li").first).to_contain_text("(Estrie)")
    page.goto("/emplois/?q=infirmiere")
    expect(page.locator(".offer-list > li").first).to_contain_text("Infirmière")
    check_accessibility(page)

    # A bad code is explained next to its field, and what was typed stays.
    page.goto("/emplois/")
    page.get_by_label("Code CNP").fill("31A")
    page.get_by_role("button", name="Filtrer", exact=True).click()
    expect(page.get_by_text("Écrivez de 1 à 5 chiffres")).to_be_visible()
    expect(page.get_by_label("Code CNP")).to_have_value("31A")

    # Open an offer, save it.
    page.goto("/emplois/?q=infirmiere")
    link = page.locator(".offer-list > li h2 a").first
    title = link.inner_text()
    offer = JobOffer.objects.get(pk=int(link.get_attribute("href").rstrip("/").rsplit("/", 1)[-1]))
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.get_by_role("link", name="Postuler sur le site de l'offre")).to_have_attribute("href", offer.apply_url)
    check_accessibility(page)
    page.get_by_role("button", name="Sauvegarder").click()
    expect(page.get_by_role("button", name="Sauvegardée")).to_be_visible()
    assert SavedOffer.objects.filter(user=participant_abroad, offer=offer).exists()

    # It is among the saved offers; new matching offers are on the dashboard.
    page.goto("/emplois/sauvegardees/")
    expect(page.get_by_role("link", name=title)).to_have_attribute("href", offer.get_absolute_url())
    check_accessibility(page)
    page.goto("/moi/tableau-de-bord/")
    expect(page.get_by_role("heading", name="Nouvelles offres d'emploi pour vous")).to_be_visible()

    # Remove it from the saved offers page: the button turns back (undo stays possible) and the
    # offer is gone from the list at the next visit.
    page.goto("/emplois/sauvegardees/")
    page.get_by_role("button", name="Sauvegardée").click()
    expect(page.get_by_role("button", name="Sauvegarder")).to_be_visible()
    assert not SavedOffer.objects.filter(user=participant_abroad).exists()
    page.reload()
    expect(page.get_by_text("Vous n'avez encore sauvegardé aucune offre.")).to_be_visible()
