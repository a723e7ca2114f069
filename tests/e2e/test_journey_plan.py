"""The action plan in a browser: a participant abroad, accompanied by a coach, opens their plan,
writes a deliverable (saved as a draft while typing), submits it; the coach asks for changes;
the participant improves it; the coach approves; the plan shows it done. Exports open too."""

import datetime
import re
import zoneinfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Profile
from accounts.policies import consent_record, current_policies
from accounts.signals import onboarding_completed
from action_plan.models import PlanTask
from coaching.models import Assignment
from tests.accounts.factories import CoachFactory
from tests.action_plan.factories import ProfileFactory, occupation, region
from tests.e2e.conftest import signed_in

pytestmark = pytest.mark.e2e

TASK_TITLE = "Fixer vos objectifs pour les 11 semaines"


@pytest.fixture
def people(transactional_db):
    # Dates as the participant sees them: in Casablanca it may already be tomorrow in Montréal's evening.
    participant_today = timezone.localdate(timezone=zoneinfo.ZoneInfo("Africa/Casablanca"))
    profile = ProfileFactory(
        stage=Profile.Stage.CSQ_RECEIVED,
        region=region("03"),
        occupation=occupation("3"),
        occupation_regulated=True,
        arrival_date=participant_today + datetime.timedelta(days=20),
        mode=Profile.Mode.ACCOMPANIED,
    )
    participant = profile.user
    participant.time_zone = "Africa/Casablanca"
    participant.save(update_fields=["time_zone"])
    coach = CoachFactory()
    Assignment.objects.create(participant=participant, coach=coach)
    consent_record(user=participant, policies=current_policies())
    onboarding_completed.send(sender=Profile, profile=profile)
    plan = participant.action_plan
    # The plan started last week, so the first weeks are open today.
    from action_plan.services import plan_reschedule

    plan_reschedule(plan=plan, start_date=participant_today - datetime.timedelta(days=participant_today.weekday() + 7))
    return participant, coach


def test_a_participant_and_their_coach_go_through_a_deliverable(browser, live_url, people, check_accessibility):
    participant, coach = people
    me = signed_in(browser, live_url, participant).new_page()
    heading = me.get_by_role("heading", level=1)

    # The timeline: weeks, progress and the countdown to the arrival.
    me.goto("/plan/")
    expect(heading).to_have_text("Mon plan d'action")
    expect(me.get_by_text(re.compile(r"dans 20 jours"))).to_be_visible()
    expect(me.get_by_role("heading", name=re.compile("Semaine 11"))).to_be_visible()
    expect(me.get_by_text("Prendre contact avec votre ordre professionnel")).to_be_visible()
    check_accessibility(me)

    # The task page: instructions, and the answer saved as a draft while typing (htmx).
    me.get_by_role("link", name=TASK_TITLE).click()
    expect(heading).to_have_text(TASK_TITLE)
    check_accessibility(me)
    answer = me.get_by_role("textbox", name="Votre réponse")
    answer.fill("1. Un logement à Québec.\n2. Mon permis d'exercice.")
    expect(me.locator("#autosave-status")).to_contain_text("Brouillon enregistré")
    task = PlanTask.objects.get(plan__user=participant, title_fr=TASK_TITLE)
    assert task.answer_text.startswith("1. Un logement") and task.status == PlanTask.Status.IN_PROGRESS

    me.get_by_role("button", name="Remettre pour révision").click()
    expect(me).to_have_url(re.compile(r"/plan/$"))
    expect(me.locator(".messages")).to_contain_text("attend la révision")

    # The coach asks for changes, with a comment.
    them = signed_in(browser, live_url, coach).new_page()
    them.goto("/plan/revision/")
    expect(them.get_by_role("heading", level=1)).to_have_text("Livrables à réviser")
    check_accessibility(them)
    them.get_by_role("link", name=re.compile(f"^Réviser : {TASK_TITLE}")).click()
    expect(them.get_by_text("Mon permis d'exercice.")).to_be_visible()
    check_accessibility(them)
    them.get_by_label("Modifications demandées").check()
    them.get_by_role("textbox", name="Commentaire pour la personne").fill("Ajoutez une date à chaque objectif.")
    them.get_by_role("button", name="Envoyer la révision").click()
    expect(them.get_by_text("Aucun livrable n'attend votre révision.")).to_be_visible()

    # The participant sees the comment, improves the answer and submits again (without htmx this time).
    me.goto(task.get_absolute_url())
    expect(me.get_by_role("alert")).to_contain_text("Ajoutez une date à chaque objectif.")
    me.get_by_role("textbox", name="Votre réponse").fill("1. Un logement à Québec d'ici mars.\n2. Mon permis en 2027.")
    me.get_by_role("button", name="Remettre pour révision").click()
    expect(me.locator(".messages")).to_contain_text("attend la révision")

    them.goto("/plan/revision/")
    them.get_by_role("link", name=re.compile(f"^Réviser : {TASK_TITLE}")).click()
    them.get_by_label("Approuvé").check()
    them.get_by_role("button", name="Envoyer la révision").click()
    expect(them.get_by_text("Aucun livrable n'attend votre révision.")).to_be_visible()

    me.goto("/plan/")
    expect(me.get_by_text(re.compile(r"^1 tâche terminée sur"))).to_be_visible()
    task.refresh_from_db()
    assert task.status == PlanTask.Status.DONE

    # Exports: the calendar file and the printable plan with the answer.
    calendar = me.request.get("/plan/calendrier.ics")
    assert calendar.status == 200 and calendar.headers["content-type"].startswith("text/calendar")
    assert b"BEGIN:VCALENDAR" in calendar.body()
    me.goto("/plan/imprimer/")
    expect(me.get_by_text("Mon permis en 2027.")).to_be_visible()
    check_accessibility(me)

    # The plan's settings: a later start date moves the weeks.
    me.goto("/plan/parametres/")
    check_accessibility(me)
    me.get_by_label("Date de début du plan").fill("2030-01-07")
    me.get_by_role("button", name="Enregistrer").click()
    expect(me.get_by_role("heading", name=re.compile(r"^Semaine 1 "))).to_contain_text("7 janvier")
    me.goto("/plan/mettre-a-jour/")
    check_accessibility(me)
