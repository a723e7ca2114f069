import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.management.commands.seed_demo import DEMO_PASSWORD
from accounts.models import User

pytestmark = pytest.mark.django_db


def counts() -> dict:
    from action_plan.models import Plan
    from content.models import Capsule
    from forum.models import Post

    return {
        "users": User.objects.count(),
        "plans": Plan.objects.count(),
        "capsules": Capsule.objects.count(),
        "forum_posts": Post.objects.count(),
    }


def test_seed_demo_can_run_twice_and_changes_nothing_the_second_time():
    call_command("seed_demo", stdout=io.StringIO())
    first = counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert counts() == first
    assert first["users"] == 4 and first["plans"] == 1 and first["capsules"] >= 1
    # Two participants and the coach hold an exchange in the forum (a question with its answer).
    assert first["forum_posts"] == 5


def test_the_demo_participant_logs_in_and_lands_on_the_dashboard(client):
    call_command("seed_demo", stdout=io.StringIO())
    response = client.post(
        reverse("account_login"), {"login": "participant@example.org", "password": DEMO_PASSWORD}, follow=True
    )
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("accounts:dashboard")


def test_the_demo_coach_logs_in_and_is_asked_to_set_up_two_factor_authentication(client):
    call_command("seed_demo", stdout=io.StringIO())
    response = client.post(
        reverse("account_login"), {"login": "coach@example.org", "password": DEMO_PASSWORD}, follow=True
    )
    assert reverse("mfa_activate_totp") in [url.split("?")[0] for url, _status in response.redirect_chain]
