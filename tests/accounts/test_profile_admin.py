"""The profiles in the Django admin: filters for the admins' work, search by email, inline on users."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from accounts.models import Profile, StaffAccessLog
from tests.accounts.profile_factories import OnboardedProfileFactory, region

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:accounts_profile_changelist")


@pytest.fixture
def admin_client_(client, ministry_admin):
    client.force_login(ministry_admin)
    return client


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"onboarded": "no"}, "unfinished"),
        ({"onboarded": "yes"}, "finished"),
        ({"region__id__exact": None}, "finished"),
    ],
)
def test_profiles_filter_by_onboarding_and_region(admin_client_, params, expected):
    profiles = {
        "finished": OnboardedProfileFactory(region=region("02")),
        "unfinished": OnboardedProfileFactory(onboarding_completed_at=None, region=region("06")),
    }
    if "region__id__exact" in params:
        params = {"region__id__exact": region("02").pk}
    response = admin_client_.get(CHANGELIST, params)
    assert [p.pk for p in response.context["cl"].result_list] == [profiles[expected].pk]


def test_profiles_filter_by_stage_and_mode(admin_client_):
    arrived = OnboardedProfileFactory(stage=Profile.Stage.ARRIVED, mode=Profile.Mode.ACCOMPANIED)
    OnboardedProfileFactory(stage=Profile.Stage.ARRIVED)
    response = admin_client_.get(CHANGELIST, {"stage__exact": "arrived", "mode__exact": "accompanied"})
    assert [p.pk for p in response.context["cl"].result_list] == [arrived.pk]


def test_profiles_are_found_by_email(admin_client_):
    wanted = OnboardedProfileFactory()
    OnboardedProfileFactory()
    response = admin_client_.get(CHANGELIST, {"q": wanted.user.email})
    assert [p.pk for p in response.context["cl"].result_list] == [wanted.pk]


def test_the_profile_list_costs_the_same_with_more_profiles(admin_client_):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert admin_client_.get(CHANGELIST).status_code == 200
        return len(captured)

    OnboardedProfileFactory.create_batch(2)
    few = queries()
    OnboardedProfileFactory.create_batch(8)
    assert queries() == few


def test_opening_a_profile_in_the_admin_is_recorded(admin_client_, ministry_admin):
    profile = OnboardedProfileFactory()
    assert admin_client_.get(reverse("admin:accounts_profile_change", args=[profile.pk])).status_code == 200
    assert StaffAccessLog.objects.filter(
        staff=ministry_admin, participant=profile.user, action=StaffAccessLog.Action.ADMIN_VIEW
    ).exists()


def test_a_participant_user_page_shows_the_profile_inline(admin_client_):
    profile = OnboardedProfileFactory(municipality="Gaspé")
    response = admin_client_.get(reverse("admin:accounts_user_change", args=[profile.user.pk]))
    assertContains(response, "profile-0-municipality")
    assertContains(response, "Gaspé")


def test_a_coach_user_page_has_no_profile_inline(admin_client_, coach):
    response = admin_client_.get(reverse("admin:accounts_user_change", args=[coach.pk]))
    assert response.status_code == 200
    assertNotContains(response, "profile-TOTAL_FORMS")
