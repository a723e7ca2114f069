"""Every view of the Django admin, tried by a ministry admin who is not a superuser, a coach,
participants and visitors: each gets what tests/security/url_table.py says.

The role admin's rights come from their group only, so this is where least privilege is checked:
a model or a custom admin view added without a row here fails the test.
"""

import re

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.accounts.factories import CoachFactory, MinistryAdminFactory, ParticipantFactory
from tests.security.test_url_table import World, client_for, named_patterns, outcome_of
from tests.security.url_table import ADMIN_ACCESS, ADMIN_CUSTOM_RULES, LOGIN, REDIRECT, admin_objects

STANDARD_VIEW = re.compile(r"^admin:\w+_(changelist|add|change|delete|history)$")
ACTORS = ("anonymous", "owner", "coach", "admin")
MISSING_PK = "999999999"


@pytest.fixture
def world(db) -> World:
    return World(
        owner=ParticipantFactory(),
        other_participant=ParticipantFactory(),
        coach=CoachFactory(),
        admin=MinistryAdminFactory(is_superuser=False),
    )


def registered() -> dict[str, type]:
    return {model._meta.label_lower: model for model in admin.site._registry}


def test_every_registered_model_is_in_the_admin_table():
    assert sorted(set(registered()) - set(ADMIN_ACCESS)) == []
    assert sorted(set(ADMIN_ACCESS) - set(registered())) == []


def test_every_other_admin_view_is_in_the_table():
    custom = {
        name
        for name in named_patterns()
        if name.startswith("admin:") and not STANDARD_VIEW.match(name) and "<unnamed" not in name
    }
    assert sorted(custom - set(ADMIN_CUSTOM_RULES)) == []


def allowed_outcome(response) -> str | int:
    """An allowed view answers with its page, its form's errors or a redirect after doing it."""
    outcome = outcome_of(response)
    return "allowed" if outcome in (200, REDIRECT) else outcome


@pytest.mark.parametrize("label", sorted(ADMIN_ACCESS))
def test_each_admin_view_of_each_model_follows_the_role(label, world):
    admin_objects(world)
    model = registered()[label]
    prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    obj = model._default_manager.order_by("pk").first()
    pk = str(obj.pk) if obj is not None else MISSING_PK
    # Each view with the method that does something: a POST for change (nothing sent: the form's
    # errors come back when allowed), a GET for the others (delete's GET is its confirmation page).
    views = {
        "v": ("GET", reverse(f"{prefix}_changelist")),
        "a": ("GET", reverse(f"{prefix}_add")),
        "c": ("POST", reverse(f"{prefix}_change", args=[pk])),
        "d": ("GET", reverse(f"{prefix}_delete", args=[pk])),
        "h": ("GET", reverse(f"{prefix}_history", args=[pk])),
    }
    if obj is None:
        del views["h"]  # the history of a missing object redirects before any permission check
    rights = ADMIN_ACCESS[label] + ("h" if "v" in ADMIN_ACCESS[label] else "")
    seen, expected = {}, {}
    for actor in ACTORS:
        client = client_for(world, actor)
        for letter, (method, url) in views.items():
            response = client.post(url, {}) if method == "POST" else client.get(url)
            seen[actor, letter] = allowed_outcome(response)
            if actor != "admin":
                expected[actor, letter] = LOGIN
            else:
                expected[actor, letter] = "allowed" if letter in rights else 403
    assert seen == expected, label


@pytest.mark.parametrize("name", sorted(ADMIN_CUSTOM_RULES))
def test_each_custom_admin_view_follows_the_table(name, world):
    rule = ADMIN_CUSTOM_RULES[name]
    url = reverse(name, kwargs=rule.kwargs(world) if rule.kwargs else None)
    seen, expected = {}, {}
    for actor in ACTORS:
        client = client_for(world, actor)
        response = client.post(url, rule.data) if rule.method == "POST" else client.get(url)
        seen[actor], expected[actor] = outcome_of(response), getattr(rule, actor)
    assert seen == expected, f"{name} ({url}) {rule.note}"


def test_staff_who_have_not_finished_two_factor_reach_no_admin_view(db):
    """Not created with TOTP already set: they are sent to set it up, from every admin page."""
    half_set_up = MinistryAdminFactory(is_superuser=False, totp=False)
    client = client_for(World(None, None, None, half_set_up), "admin")
    for name in ("admin:index", "admin:accounts_user_changelist", "admin:content_organisation_import"):
        url = reverse(name)
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp"), url
