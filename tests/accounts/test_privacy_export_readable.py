"""The readable "Download my data" page speaks to a person (labels, choice labels, their zone and
language, folded sections); the JSON download keeps codes and ISO 8601 for machines (issue 10)."""

import datetime
import json
import re

import pytest
from django.urls import reverse
from django.utils import translation

from accounts.models import Profile
from accounts.privacy import personal_data_export, personal_data_sections
from accounts.privacy_page import unlabelled_keys
from accounts.signals import onboarding_completed
from action_plan.models import PlanTask, TaskReview
from tests.accounts.factories import CoachFactory
from tests.action_plan.factories import ProfileFactory
from tests.coaching.factories import AssignmentFactory, InterviewFactory

pytestmark = pytest.mark.django_db

# Monday 30 November 2026, 03:30 UTC: 04:30 in Paris, still Sunday 29 November 22:30 in Montréal.
JOINED = datetime.datetime(2026, 11, 30, 3, 30, tzinfo=datetime.UTC)
# Tuesday 16 March 2027, 14:00 UTC: 15:00 in Paris (winter time until 28 March), 10:00 in Montréal
# (summer time since 14 March).
INTERVIEW_AT = datetime.datetime(2027, 3, 16, 14, 0, tzinfo=datetime.UTC)


@pytest.fixture
def person(time_machine):
    """A participant in Paris with a profile, a plan with a reviewed task, a coach and an interview."""
    time_machine.move_to(JOINED, tick=False)
    profile = ProfileFactory(stage=Profile.Stage.PR_VISA, country_of_residence="MA")
    user = profile.user
    user.time_zone = "Europe/Paris"
    user.date_joined = JOINED
    user.save(update_fields=["time_zone", "date_joined"])
    onboarding_completed.send(sender=Profile, profile=profile)
    coach = CoachFactory(display_name="Josée Tremblay")
    AssignmentFactory(participant=user, coach=coach, note="Préfère le matin")
    task = PlanTask.objects.filter(plan__user=user).order_by("week", "order").first()
    task.status = PlanTask.Status.SUBMITTED
    task.save(update_fields=["status"])
    TaskReview.objects.create(
        task=task, coach=coach, decision=TaskReview.Decision.CHANGES_REQUESTED, comment="Ajoutez la date"
    )
    InterviewFactory(
        participant=user, coach=coach, starts_at=INTERVIEW_AT, ends_at=INTERVIEW_AT + datetime.timedelta(minutes=45)
    )
    return user


def page(client, user, language: str) -> str:
    client.force_login(user)
    with translation.override(language):
        url = reverse("accounts:privacy_export")
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_french_page_shows_labels_choice_labels_and_local_dates(client, person):
    html = page(client, person, "fr-ca")

    # Labels in French, not the export's keys.
    for label in ("Adresses courriel", "Méthodes de double authentification", "Tâches", "Étape", "Pays de résidence"):
        assert label in html, label
    for key in ("email_addresses", "two_factor_methods", "date_joined", "tasks", "starts_at"):
        assert f">{key}<" not in html and key.replace("_", " ").capitalize() not in html, key
    # Choices by their label, not their code.
    assert "Visa de résidence permanente obtenu" in html and "Maroc" in html
    assert "Remis" in html and "Modifications demandées" in html
    assert not re.search(r">\s*(pr_visa|MA|submitted|changes_requested|fr-ca|participant|booked)\s*<", html)
    # Times in Paris, in French: 30 November 04:30 there (not 29 November in Montréal), no ISO.
    assert "30 novembre 2026, 4 h 30" in html
    assert "2026-11-30T03:30" not in html.split('datetime="')[0]
    assert not re.search(r">[^<]*\d{4}-\d\d-\d\dT", html)


def test_the_english_page_shows_english_labels_and_dates(client, person):
    html = page(client, person, "en")

    assert "Email addresses" in html and "Two-factor authentication methods" in html
    assert "Permanent residence visa obtained" in html and "Morocco" in html
    assert "Submitted" in html and "Changes requested" in html
    assert "Nov. 30, 2026, 4:30 a.m." in html
    for french in ("Adresses courriel", "Tâches", "Remis", "novembre"):
        assert french not in html, french


def test_the_interviews_are_on_the_page_in_the_persons_zone_with_montreal_beside(client, person):
    html = page(client, person, "fr-ca")

    section = html.split('id="section-interviews"', 1)[1].split("</details>", 1)[0]
    assert "Josée Tremblay" in section
    assert "mardi 16 mars 2027, 15 h 00 (Paris) · 10 h 00 à Montréal" in section
    assert "réservée" in section


def test_sections_are_folded_under_their_headings(client, person):
    html = page(client, person, "fr-ca")

    headings = re.findall(r'<details class="export-section[^"]*" id="section-(\w+)"', html)
    assert set(headings) == {section.name for section in personal_data_sections()}
    # Only the first is open: the page opens short.
    assert len(re.findall(r"<details[^>]* open>", html)) == 1
    assert re.search(r"<summary[^>]*>\s*<h2", html)
    # A long list of records (the plan's tasks) folds each under its title.
    plan = html.split('id="section-action_plan"', 1)[1].split('id="section-', 1)[0]
    titles = re.findall(r'<details class="export-item"><summary>([^<]+)</summary>', plan)
    tasks = PlanTask.objects.filter(plan__user=person)
    assert len(titles) == tasks.count() > 3
    assert tasks.order_by("week", "order").first().title_fr in titles[0]


def test_the_json_keeps_codes_and_iso_dates(client, person):
    client.force_login(person)

    sections = json.loads(client.get(reverse("accounts:privacy_export_json")).content)["sections"]

    assert sections["account"]["role"] == "participant"
    assert sections["account"]["time_zone"] == "Europe/Paris"
    assert sections["account"]["date_joined"] == "2026-11-30T03:30:00+00:00"
    assert sections["profile"]["stage"] == "pr_visa" and sections["profile"]["country_of_residence"] == "MA"
    (task,) = [task for task in sections["action_plan"]["tasks"] if task["reviews"]]
    assert task["status"] == "submitted" and task["reviews"][0]["decision"] == "changes_requested"
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", task["due_on"])
    (interview,) = sections["interviews"]
    assert interview == {
        "with": "Josée Tremblay",
        "starts_at": "2027-03-16T14:00:00+00:00",
        "ends_at": "2027-03-16T14:45:00+00:00",
        "status": "booked",
        "change_reason": "",
        "cancelled_at": None,
    }


def test_every_key_of_a_full_export_has_a_label(person):
    """Every section with at least one row, so that each of its keys is seen."""
    from allauth.usersessions.models import UserSession

    from accounts.models import PolicyVersion, StaffAccessLog
    from accounts.policies import consent_record
    from content.models import CapsuleProgress
    from forum.models import Flag, Level, Subscription
    from tests.content.factories import CapsuleFactory
    from tests.forum.factories import approved_reply, approved_topic
    from tests.job_feed.factories import SavedOfferFactory

    topic = approved_topic(person, title="Logement à Québec")
    Subscription.objects.update_or_create(user=person, topic=topic, defaults={"level": Level.WATCHING})
    Flag.objects.create(post=approved_reply(CoachFactory(), topic), flagger=person, reason=Flag.Reason.SPAM)
    SavedOfferFactory(user=person)
    CapsuleProgress.objects.create(user=person, capsule=CapsuleFactory(), position_seconds=12)
    StaffAccessLog.objects.create(staff=CoachFactory(), participant=person, action=StaffAccessLog.Action.COACH_PROFILE)
    UserSession.objects.create(user=person, ip="192.0.2.1", session_key="k" * 32, user_agent="Firefox")
    # The clock stands before the policies' publication: record every version there is.
    consent_record(user=person, policies=list(PolicyVersion.objects.all()))
    with translation.override("en"):
        exported = personal_data_export(user=person)
        missing = {
            section.name: unlabelled_keys(section, exported[section.name]) for section in personal_data_sections()
        }

    assert {name: keys for name, keys in missing.items() if keys} == {}
    empty = [name for name, value in exported.items() if value in (None, [], {})]
    assert set(empty) <= {"staff_changes"}, empty  # staff changes are tried in tests/reporting


def test_someone_elses_interviews_and_data_stay_out_of_my_export(client, person, other_participant):
    html = page(client, other_participant, "fr-ca")
    body = client.get(reverse("accounts:privacy_export_json")).content.decode()

    for text in (person.email, "Josée Tremblay", "Préfère le matin", "2027-03-16"):
        assert text not in html and text not in body
    # The page has no way to name another person: a parameter changes nothing.
    assert (
        client.get(reverse("accounts:privacy_export") + f"?user={person.pk}").content.decode().count(person.email) == 0
    )


def test_the_page_runs_the_same_queries_whatever_the_rows(client, person, django_assert_num_queries):
    client.force_login(person)
    url = reverse("accounts:privacy_export")
    client.get(url)  # warm the session

    # The user, then a few per section whatever its rows: account (2), plan (3), coaching,
    # consents, content (2), forum (4), interviews, the room (2), saved offers, profile, sessions,
    # staff accesses, and the staff changes trail (the person's plan and task ids, then one per
    # tracked table: 10 with forum moderation).
    with django_assert_num_queries(31):
        client.get(url)
    coach = CoachFactory()
    for day in range(4):
        starts = INTERVIEW_AT + datetime.timedelta(days=day + 1)
        InterviewFactory(
            participant=person, coach=coach, starts_at=starts, ends_at=starts + datetime.timedelta(hours=1)
        )
        AssignmentFactory(participant=person, coach=coach, ended_at=JOINED)
    with django_assert_num_queries(31):
        client.get(url)
