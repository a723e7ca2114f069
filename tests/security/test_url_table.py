"""Each URL pattern of the project, tried by each kind of person, gives what url_table.py says."""

from dataclasses import dataclass

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.accounts.factories import CoachFactory, MinistryAdminFactory, ParticipantFactory
from tests.security.url_table import ADMIN_RULE, LOGIN, REDIRECT, SKIP, URL_RULES

ACTORS = ("anonymous", "owner", "other_participant", "coach", "admin")


def named_patterns(resolver: URLResolver | None = None, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names |= named_patterns(entry, inner)
        elif isinstance(entry, URLPattern):
            names.add(f"{namespace}{entry.name}" if entry.name else f"{namespace}<unnamed {entry.pattern}>")
    return names


@dataclass
class World:
    owner: object
    other_participant: object
    coach: object
    admin: object


@pytest.fixture
def world(db) -> World:
    """The people of the table. Apps whose pages need more (a coach assignment…) build it in `kwargs`.

    The coach and the admin have an active TOTP authenticator (the staff factories' default), so
    their rows test real access, past the two-factor requirement.
    """
    return World(
        owner=ParticipantFactory(),
        other_participant=ParticipantFactory(),
        coach=CoachFactory(),
        admin=MinistryAdminFactory(),
    )


def client_for(world: World, actor: str) -> Client:
    client = Client()
    if actor != "anonymous":
        client.force_login(getattr(world, actor))
    return client


def outcome_of(response) -> object:
    if response.status_code in (301, 302, 303, 307, 308):
        location = response["Location"]
        return LOGIN if ("/login/" in location) else REDIRECT
    return response.status_code


def test_every_url_pattern_is_in_the_table():
    patterns = {name for name in named_patterns() if not name.startswith("admin:")}
    missing = sorted(patterns - set(URL_RULES))
    assert missing == [], f"add these URL patterns to tests/security/url_table.py: {missing}"
    unnamed = sorted(name for name in patterns if "<unnamed" in name)
    assert unnamed == [], "every URL pattern needs a name"


def test_the_table_lists_no_pattern_that_no_longer_exists():
    assert sorted(set(URL_RULES) - named_patterns()) == []


@pytest.mark.parametrize("name", sorted(URL_RULES))
def test_each_person_gets_what_the_table_says(name, world):
    rule = URL_RULES[name]
    url = reverse(name, kwargs=rule.kwargs(world) if rule.kwargs else None)
    seen, expected = {}, {}
    for actor in ACTORS:
        wanted = getattr(rule, actor)
        if wanted == SKIP:
            continue
        client = client_for(world, actor)
        response = client.post(url, rule.data) if rule.method == "POST" else client.generic(rule.method, url)
        seen[actor], expected[actor] = outcome_of(response), wanted
        cache_control = response.headers.get("Cache-Control", "")
        if actor != "anonymous" and response.status_code == 200 and "public" not in cache_control:
            # What a signed-in person is shown is theirs (unless the view made it public content):
            # never kept by a browser cache or a proxy.
            assert "no-store" in cache_control, f"{name} for {actor}"
    assert seen == expected, f"{name} ({url}) {rule.note}"


def admin_urls() -> list[str]:
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        urls.append(reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"))
    return urls


def test_the_admin_is_for_ministry_admins_only(world):
    for url in admin_urls():
        seen = {actor: outcome_of(client_for(world, actor).get(url)) for actor in ACTORS}
        assert seen == {actor: getattr(ADMIN_RULE, actor) for actor in ACTORS}, url
