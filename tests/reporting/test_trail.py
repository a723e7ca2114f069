"""The audit trail: staff writes are recorded by PostgreSQL triggers with who, where and what changed."""

import datetime

import pghistory
import pytest
from django.db import ProgrammingError, transaction
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from accounts.erasure import account_erase
from accounts.models import Profile
from accounts.privacy import personal_data_export
from action_plan.models import Plan, PlanTask
from reporting.models import PlanEvent, PlanTaskEvent, ProfileEvent
from tests.accounts.factories import MinistryAdminFactory
from tests.action_plan.factories import ProfileFactory, owner_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_(client, ministry_admin):
    client.force_login(ministry_admin)
    return client


def _change_plan_in_the_admin(client, plan: Plan, **changes):
    data = {
        "start_date": plan.start_date.isoformat(),
        "arrival_date": plan.arrival_date.isoformat() if plan.arrival_date else "",
        "accompanied": "on" if plan.accompanied else "",
        "reminders_enabled": "on" if plan.reminders_enabled else "",
        "tasks-TOTAL_FORMS": "0",
        "tasks-INITIAL_FORMS": "0",
        **changes,
    }
    return client.post(reverse("admin:action_plan_plan_change", args=[plan.pk]), data)


def test_an_admin_changing_a_plan_is_recorded_with_who_where_and_what(admin_client_, ministry_admin, participant):
    plan = owner_plan(participant)
    old_start = plan.start_date
    new_start = old_start + datetime.timedelta(days=7)

    response = _change_plan_in_the_admin(admin_client_, plan, start_date=new_start.isoformat())
    assert response.status_code == 302, response.content

    update = PlanEvent.objects.get(pgh_obj_id=plan.pk, pgh_label="update")
    before = PlanEvent.objects.get(pgh_obj_id=plan.pk, pgh_label="before")
    assert (before.start_date, update.start_date) == (old_start, new_start)
    assert update.pgh_context.metadata["user"] == ministry_admin.pk
    assert update.pgh_context.metadata["url"] == reverse("admin:action_plan_plan_change", args=[plan.pk])
    # The tasks' dates follow the plan's (one .update()/bulk write per task): recorded as well.
    assert PlanTaskEvent.objects.filter(plan_id=plan.pk, pgh_label="update").exists()


def test_the_trail_page_shows_who_changed_a_participants_plan_and_what(admin_client_, ministry_admin, participant):
    plan = owner_plan(participant)
    new_start = plan.start_date + datetime.timedelta(days=7)
    _change_plan_in_the_admin(admin_client_, plan, start_date=new_start.isoformat())

    url = reverse("admin:reporting_planevent_changelist")
    response = admin_client_.get(url, {"q": participant.email})
    assertContains(response, ministry_admin.email)
    assertContains(response, participant.email)
    assertContains(response, f"{plan.start_date.isoformat()} → {new_start.isoformat()}")
    # Only the change is listed, not the copy of the row before it.
    assert len(response.context["cl"].result_list) == 1


def test_a_bulk_update_inside_a_staff_context_is_recorded(participant, coach):
    ProfileFactory(user=participant, french_level=5)
    with pghistory.context(user=coach.pk, url="/test"):
        Profile.objects.filter(user=participant).update(french_level=7)
    events = ProfileEvent.objects.filter(user_id=participant.pk).order_by("pgh_id")
    assert [(e.pgh_label, e.french_level) for e in events] == [("before", 5), ("update", 7)]


def test_a_participants_own_changes_are_not_staff_changes(client, participant):
    ProfileFactory(user=participant, french_level=5)
    Profile.objects.filter(user=participant).update(french_level=6)
    client.force_login(participant)
    client.get(reverse("accounts:home"))
    assert not ProfileEvent.objects.exists()


def test_nobody_edits_the_trail_not_even_a_superuser_nor_the_database(admin_client_, participant, coach):
    ProfileFactory(user=participant, french_level=5)
    with pghistory.context(user=coach.pk):
        Profile.objects.filter(user=participant).update(french_level=7)
    event = ProfileEvent.objects.filter(pgh_label="update").get()

    change_url = reverse("admin:reporting_profileevent_change", args=[event.pk])
    response = admin_client_.get(change_url)
    assert response.status_code == 200
    assertNotContains(response, 'name="_save"')
    assert admin_client_.post(change_url, {}).status_code == 403
    assert admin_client_.get(reverse("admin:reporting_profileevent_delete", args=[event.pk])).status_code == 403
    assert admin_client_.get(reverse("admin:reporting_profileevent_add")).status_code == 403
    with pytest.raises(ProgrammingError, match="Cannot update or delete"), transaction.atomic():
        ProfileEvent.objects.filter(pk=event.pk).update(french_level=1)


def test_the_participants_export_lists_the_staff_changes_to_their_data(participant, coach):
    plan = owner_plan(participant)
    task = plan.tasks.first()
    with pghistory.context(user=coach.pk, url="/accompagnement/"):
        PlanTask.objects.filter(pk=task.pk).update(coach_comment="Bravo")

    exported = personal_data_export(user=participant)["staff_changes"]
    assert len(exported) == 1
    assert exported[0]["changes"] == {"coach_comment": ["", "Bravo"]}
    assert exported[0]["role"] == "coach"
    assert exported[0]["by"] == coach.display_name


def test_erasing_an_account_leaves_nothing_of_it_in_the_trail(participant, coach):
    owner_plan(participant)
    with pghistory.context(user=coach.pk):
        Profile.objects.filter(user=participant).update(french_level=3)
        Plan.objects.filter(user=participant).update(accompanied=True)
        PlanTask.objects.filter(plan__user=participant).update(coach_comment="Vu")
        # The erasure made by an admin, in the admin: nothing it removes is copied into the trail.
        account_erase(user=participant)

    assert not ProfileEvent.objects.exists()
    assert not PlanEvent.objects.exists()
    assert not PlanTaskEvent.objects.exists()


def test_the_trail_is_for_ministry_admins_only(client, participant, coach):
    url = reverse("admin:reporting_planevent_changelist")
    for person in (participant, coach):
        client.force_login(person)
        response = client.get(url)
        assert response.status_code == 302
        assert not response.url.startswith(url)
    not_superuser = MinistryAdminFactory(is_superuser=False)
    client.force_login(not_superuser)
    assert client.get(url).status_code == 200


def test_a_coach_marking_an_interview_missed_is_in_the_participants_export(participant, coach):
    import datetime

    from django.utils import timezone

    from coaching.models import Interview

    begins = timezone.now() - datetime.timedelta(days=1)
    interview = Interview.objects.create(
        participant=participant, coach=coach, starts_at=begins, ends_at=begins + datetime.timedelta(minutes=45)
    )
    with pghistory.context(user=coach.pk, url="/accompagnement/"):
        Interview.objects.filter(pk=interview.pk).update(status="no_show")
    exported = personal_data_export(user=participant)["staff_changes"]
    assert [entry["changes"] for entry in exported] == [{"status": ["booked", "no_show"]}]


# --- Forum moderation ---------------------------------------------------------------------------


def test_a_coach_hiding_a_post_and_locking_a_topic_is_in_the_trail(admin_client_, coach, participant):
    from forum.models import Topic
    from reporting.models import ModerationActionEvent, PostEvent, TopicEvent
    from tests.conftest import client_for
    from tests.forum.factories import approved_reply, approved_topic

    topic = approved_topic(participant, title="Logement à Sherbrooke")
    post = approved_reply(participant, topic, body="Écrivez-moi au 819 555-0199.")
    moderator = client_for(coach)
    moderator.post(reverse("forum:post_moderate", args=[post.pk]), {"action": "hide", "reason": "numéro de téléphone"})
    moderator.post(reverse("forum:topic_moderate", args=[topic.pk]), {"action": "lock", "reason": "réglé"})

    # The rows themselves (trigger): before → after, with who and from which page.
    hidden = PostEvent.objects.get(pgh_obj_id=post.pk, pgh_label="update")
    assert (PostEvent.objects.get(pgh_obj_id=post.pk, pgh_label="before").is_hidden, hidden.is_hidden) == (False, True)
    assert hidden.pgh_context.metadata["user"] == coach.pk
    assert hidden.pgh_context.metadata["url"] == reverse("forum:post_moderate", args=[post.pk])
    assert TopicEvent.objects.get(pgh_obj_id=topic.pk, pgh_label="update").is_locked is True
    # The reply's counters and the text are not moderation: nothing else of the topic or post is recorded.
    assert TopicEvent.objects.count() == 2 and PostEvent.objects.count() == 2
    actions = ModerationActionEvent.objects.filter(pgh_label="create").order_by("pgh_id")
    assert [(a.action, a.reason, a.target_user_id) for a in actions] == [
        ("hide", "numéro de téléphone", participant.pk),
        ("lock", "réglé", participant.pk),
    ]

    # The trail's pages: who, when, what.
    page = admin_client_.get(reverse("admin:reporting_moderationactionevent_changelist"), {"q": participant.email})
    assertContains(page, coach.email)
    assertContains(page, participant.email)
    assertContains(page, "numéro de téléphone")
    assert len(page.context["cl"].result_list) == 2
    page = admin_client_.get(reverse("admin:reporting_topicevent_changelist"))
    assertContains(page, "<strong>is_locked</strong> : False → True", html=False)
    # A bulk update by staff outside the forum's pages (say, a script) is caught too.
    with pghistory.context(user=coach.pk, url="/script"):
        Topic.objects.filter(pk=topic.pk).update(is_locked=False, is_pinned=True)
    assert TopicEvent.objects.filter(pgh_obj_id=topic.pk, pgh_label="update").count() == 2


def test_a_participants_posts_and_flags_are_not_staff_changes(participant, other_participant, coach):
    from reporting.models import ModerationActionEvent, PostEvent, TopicEvent
    from tests.conftest import client_for
    from tests.forum.factories import approved_topic

    topic = approved_topic(participant)
    client_for(other_participant).post(reverse("forum:reply", args=[topic.pk]), {"body": "Bonne question !"})
    client_for(coach).post(reverse("forum:reply", args=[topic.pk]), {"body": "Voici la réponse."})
    assert not (TopicEvent.objects.exists() or PostEvent.objects.exists() or ModerationActionEvent.objects.exists())


def test_the_moderation_trail_is_for_ministry_admins_only(client, participant, coach):
    url = reverse("admin:reporting_moderationactionevent_changelist")
    for person in (participant, coach):
        client.force_login(person)
        response = client.get(url)
        assert response.status_code == 302
        assert not response.url.startswith(url)


def test_a_moderation_about_a_person_is_in_their_export_and_leaves_with_their_account(participant, coach):
    from forum.services import user_warn
    from reporting.models import ModerationActionEvent

    with pghistory.context(user=coach.pk, url="/forum/moderation/"):
        user_warn(moderator=coach, user=participant, reason="Restez courtois.")
    exported = personal_data_export(user=participant)["staff_changes"]
    assert [entry["changes"]["reason"] for entry in exported] == [[None, "Restez courtois."]]
    with pghistory.context(user=coach.pk):
        account_erase(user=participant)
    assert not ModerationActionEvent.objects.filter(target_user_id=participant.pk).exists()
