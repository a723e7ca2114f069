"""accounts' registries: dashboard blocks (with audiences, hidden by None) and the navigation."""

import pytest
from django.urls import reverse

from accounts import dashboard, navigation
from accounts.models import Profile
from tests.accounts.factories import CoachFactory, MinistryAdminFactory, ParticipantFactory, UserFactory
from tests.accounts.profile_factories import OnboardedProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def only_test_blocks(settings, monkeypatch):
    from pathlib import Path

    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], Path(__file__).parent / "templates"]}
    ]
    monkeypatch.setattr(dashboard, "_blocks", {})


def test_a_block_whose_function_returns_none_is_left_out(client, only_test_blocks):
    seen = []

    def shown(user, profile):
        seen.append(profile)
        return {"key": "visible", "count": 0}

    dashboard.register_dashboard_block(key="visible", template="tests_accounts/block.html", order=1, context=shown)
    dashboard.register_dashboard_block(
        key="hidden", template="tests_accounts/block.html", order=2, context=lambda user, profile: None
    )
    profile = OnboardedProfileFactory()
    client.force_login(profile.user)
    content = client.get(reverse("accounts:dashboard")).content.decode()
    assert "Bloc visible" in content and "Bloc hidden" not in content
    # The block got the profile the page read, not one it had to read again.
    assert isinstance(seen[0], Profile) and seen[0].pk == profile.pk


def test_a_coach_block_is_not_on_the_participant_dashboard(client, only_test_blocks):
    dashboard.register_dashboard_block(
        key="caseload",
        template="tests_accounts/block.html",
        order=1,
        context=lambda user, profile: {"key": "caseload", "count": 0},
        audience="coach",
    )
    assert [block.key for block in dashboard.dashboard_blocks(audience="coach")] == ["caseload"]
    assert dashboard.dashboard_blocks(audience="participant") == []
    profile = OnboardedProfileFactory()
    client.force_login(profile.user)
    assert "Bloc caseload" not in client.get(reverse("accounts:dashboard")).content.decode()


def test_an_unknown_audience_is_refused_at_registration(only_test_blocks):
    with pytest.raises(ValueError):
        dashboard.register_dashboard_block(key="x", template="x.html", order=1, context=dict, audience="admin")
    with pytest.raises(ValueError):
        navigation.register_nav_item(key="x", label="X", url_name="home", order=1, audiences={"everyone"})


def nav_urls(client, user=None) -> list[str]:
    if user is not None:
        client.force_login(user)
    return [url for url, _label in client.get(reverse("legal:terms")).context["nav_items"]]


def in_order(wanted: list[str], urls: list[str]) -> bool:
    """`wanted` appear in `urls` in this order (other apps may add items between them)."""
    positions = [urls.index(url) for url in wanted if url in urls]
    return len(positions) == len(wanted) and positions == sorted(positions)


def test_each_person_sees_the_navigation_of_their_role(client):
    assert nav_urls(client) == [reverse("content:library")]
    participant_items = [
        reverse("accounts:dashboard"),
        reverse("action_plan:timeline"),
        reverse("content:library"),
        reverse("forum:index"),
        reverse("job_feed:offer_list"),
        reverse("coaching:interviews"),
        reverse("accounts:profile"),
        reverse("account_email"),
    ]
    coach_items = [
        reverse("coaching:dashboard"),
        reverse("action_plan:review_list"),
        reverse("forum:index"),
        reverse("account_email"),
    ]
    participant_urls = nav_urls(client, ParticipantFactory())
    coach_urls = nav_urls(client, CoachFactory())
    assert in_order(participant_items, participant_urls)
    assert in_order(coach_items, coach_urls)
    assert reverse("coaching:dashboard") not in participant_urls
    assert reverse("accounts:dashboard") not in coach_urls and reverse("admin:index") not in coach_urls
    admin_urls = nav_urls(client, MinistryAdminFactory())
    assert in_order([reverse("admin:index"), reverse("account_email")], admin_urls)
    assert reverse("accounts:dashboard") not in admin_urls and reverse("coaching:dashboard") not in admin_urls
    superuser = UserFactory(is_superuser=True, is_staff=True)
    assert reverse("admin:index") in nav_urls(client, superuser)


def test_an_item_registered_by_an_app_appears_in_the_header(client):
    navigation.register_nav_item(
        key="zz_test", label="Essai de menu", url_name="legal:privacy", order=95, audiences={"anonymous"}
    )
    try:
        content = client.get(reverse("legal:terms")).content.decode()
    finally:
        navigation.unregister_nav_item("zz_test")
    assert f'href="{reverse("legal:privacy")}">Essai de menu</a>' in content
