"""One chronological trail: every staff change of every tracked model, newest first, filtered by
staff member, model and date, for ministry admins only, in a fixed number of queries."""

import datetime

import pghistory
import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accounts.models import Profile
from action_plan.models import Plan
from tests.accounts.factories import CoachFactory, MinistryAdminFactory
from tests.action_plan.factories import ProfileFactory, owner_plan

pytestmark = pytest.mark.django_db

URL = reverse("reporting:trail")


@pytest.fixture
def changes(participant, coach, ministry_admin):
    """A coach changes the profile, then the admin the plan (the database's clock: the same
    transaction, the same moment; the page then lists the newest table's row first)."""
    ProfileFactory(user=participant, french_level=5)
    plan = owner_plan(participant)
    with pghistory.context(user=coach.pk, url="/accompagnement/"):
        Profile.objects.filter(user=participant).update(french_level=7)
    with pghistory.context(user=ministry_admin.pk, url="/admin/action_plan/plan/"):
        Plan.objects.filter(pk=plan.pk).update(accompanied=True)
    return plan


def rows_of(response):
    return [(row.staff_email, row.action, row.model, row.page) for row in response.context["rows"]]


def test_every_model_in_one_list(admin_client, changes, coach, ministry_admin):
    response = admin_client.get(URL)
    assert response.status_code == 200
    assert sorted(rows_of(response)) == sorted(
        [
            (ministry_admin.email, "modification", "plan d'un participant", "/admin/action_plan/plan/"),
            (coach.email, "modification", "profil", "/accompagnement/"),
        ]
    )
    # Each row opens its model's read-only detail (before → after are there).
    links = {row.model: row.link for row in response.context["rows"]}
    assert links["profil"].startswith("/admin/reporting/profileevent/")
    assert admin_client.get(links["profil"]).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_newest_first_across_models():
    """Each write in its own transaction, so the database's clock tells them apart."""
    from tests.accounts.factories import ParticipantFactory
    from tests.conftest import client_for

    person, coach, admin = ParticipantFactory(), CoachFactory(), MinistryAdminFactory()
    ProfileFactory(user=person, region=None, occupation=None, french_level=5)
    for staff, level in ((coach, 6), (admin, 7), (coach, 8)):
        with pghistory.context(user=staff.pk, url=f"/niveau/{level}"):
            Profile.objects.filter(user=person).update(french_level=level)
    with pghistory.context(user=admin.pk, url="/compte"):
        type(person).objects.filter(pk=person.pk).update(is_active=False)
    rows = rows_of(client_for(admin).get(URL))
    assert [(row[0], row[3]) for row in rows] == [
        (admin.email, "/compte"),
        (coach.email, "/niveau/8"),
        (admin.email, "/niveau/7"),
        (coach.email, "/niveau/6"),
    ]


def test_filtered_by_staff_member_model_and_date(admin_client, changes, coach, ministry_admin):
    assert [r[0] for r in rows_of(admin_client.get(URL, {"staff": coach.pk}))] == [coach.email]
    assert [r[2] for r in rows_of(admin_client.get(URL, {"model": "planevent"}))] == ["plan d'un participant"]
    # The database's clock dates the rows (also when the suite runs under --clock): its today, in Québec.
    with connection.cursor() as cursor:
        cursor.execute("SELECT NOW()")
        today = timezone.localtime(cursor.fetchone()[0], timezone.get_default_timezone()).date()
    assert len(rows_of(admin_client.get(URL, {"start": today.isoformat(), "end": today.isoformat()}))) == 2
    yesterday = (today - datetime.timedelta(days=1)).isoformat()
    assert rows_of(admin_client.get(URL, {"end": yesterday})) == []
    reversed_period = admin_client.get(URL, {"start": today.isoformat(), "end": yesterday})
    assert "La date de début doit précéder la date de fin." in reversed_period.content.decode()


def test_the_trail_is_for_ministry_admins_only(client, participant, coach):
    for person in (participant, coach):
        client.force_login(person)
        assert client.get(URL).status_code == 403


def test_the_page_runs_a_fixed_number_of_queries(admin_client, changes, participant, django_assert_num_queries):
    admin_client.get(URL)
    # The admin's user and two-factor check, the count and the page of the union (one UNION each),
    # the staff members' e-mails, the staff choices of the form (the admin's menu is cached warm).
    with django_assert_num_queries(6):
        admin_client.get(URL)
    other = CoachFactory()
    with pghistory.context(user=other.pk):
        for level in (1, 2, 3):
            Profile.objects.filter(user=participant).update(french_level=level)
    with django_assert_num_queries(6):
        response = admin_client.get(URL)
    assert len(response.context["rows"]) >= 5
    profile_rows = admin_client.get(URL, {"model": "profileevent"}).context["rows"]
    assert [row.staff_email for row in profile_rows].count(other.email) == 3


def test_a_not_superuser_ministry_admin_reads_it(client, changes):
    client.force_login(MinistryAdminFactory(is_superuser=False))
    assert client.get(URL).status_code == 200
