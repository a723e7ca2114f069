"""A participant sees and edits only their own profile; staff cannot use the participant's pages."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from accounts.models import Profile
from tests.accounts.profile_factories import OnboardedProfileFactory

pytestmark = pytest.mark.django_db

PARTICIPANT_PAGES = [
    ("accounts:dashboard", {}),
    ("accounts:onboarding", {}),
    ("accounts:onboarding_step", {"step": "situation"}),
    ("accounts:onboarding_step", {"step": "household"}),
    ("accounts:profile", {}),
    ("accounts:profile_edit", {"section": "occupation"}),
    ("accounts:occupation_search", {}),
]
POSTABLE_PAGES = [
    ("accounts:onboarding_step", {"step": "settlement"}),
    ("accounts:profile_edit", {"section": "settlement"}),
]


@pytest.mark.parametrize(("name", "kwargs"), PARTICIPANT_PAGES)
@pytest.mark.parametrize("staff", ["coach", "ministry_admin"])
def test_staff_cannot_open_participant_pages(client, request, staff, name, kwargs):
    client.force_login(request.getfixturevalue(staff))
    assert client.get(reverse(name, kwargs=kwargs)).status_code == 403


@pytest.mark.parametrize(("name", "kwargs"), POSTABLE_PAGES)
@pytest.mark.parametrize("staff", ["coach", "ministry_admin"])
def test_staff_cannot_post_a_profile(client, request, staff, name, kwargs):
    user = request.getfixturevalue(staff)
    client.force_login(user)
    response = client.post(reverse(name, kwargs=kwargs), {"region": "06", "municipality": "Laval"})
    assert response.status_code == 403
    assert not Profile.objects.filter(user=user).exists()


@pytest.mark.parametrize(("name", "kwargs"), PARTICIPANT_PAGES)
def test_anonymous_visitors_are_sent_to_log_in(client, name, kwargs):
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_the_profile_page_shows_only_the_signed_in_participant(client):
    mine = OnboardedProfileFactory(city_of_residence="Abidjan", municipality="Sherbrooke")
    theirs = OnboardedProfileFactory(city_of_residence="Bogotá", municipality="Rimouski", csq_number="ZZ-999999")
    client.force_login(mine.user)
    for url in (reverse("accounts:profile"), reverse("accounts:dashboard")):
        response = client.get(url)
        assertContains(response, "Abidjan" if url.endswith("profil/") else "Mon profil")
        for private in (theirs.city_of_residence, theirs.municipality, theirs.csq_number, theirs.user.email):
            assertNotContains(response, private)


def test_an_edit_changes_only_the_signed_in_participant(client):
    mine = OnboardedProfileFactory()
    theirs = OnboardedProfileFactory()
    client.force_login(mine.user)
    response = client.post(
        reverse("accounts:profile_edit", kwargs={"section": "settlement"}),
        {"region": "01", "municipality": "Rimouski", "user": theirs.user.pk, "id": theirs.pk},
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.region.code, mine.municipality) == ("01", "Rimouski")
    assert (theirs.region.code, theirs.municipality) == ("06", "Montréal")


def test_onboarding_pages_take_no_id_in_their_urls():
    from accounts import urls

    own_pages = {"onboarding", "onboarding_step", "profile", "profile_edit", "occupation_search", "dashboard"}
    for pattern in urls.urlpatterns:
        if pattern.name in own_pages:
            assert not {"pk", "id", "user_id", "participant_id"} & set(pattern.pattern.converters), pattern.name
