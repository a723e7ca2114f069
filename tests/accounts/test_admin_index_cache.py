"""The admin's list of sections and models is built once per kind of person and language
(accounts/admin_site.py): each person still sees exactly what their permissions allow, and a
change of permissions shows at the next page."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.urls import reverse

from accounts.roles import MINISTRY_ADMIN, group_for_role
from tests.accounts.factories import MinistryAdminFactory
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def index(client) -> str:
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    return response.content.decode()


def test_a_superuser_and_a_ministry_admin_each_see_their_own_list():
    ministry = client_for(MinistryAdminFactory(is_superuser=False))
    superuser = client_for(MinistryAdminFactory())
    periodic_tasks = reverse("admin:django_celery_beat_periodictask_changelist")

    # Each twice, alternating: the second answers come from the cache.
    for _ in range(2):
        assert periodic_tasks not in index(ministry)  # superusers only (accounts/roles.py)
        assert periodic_tasks in index(superuser)


def test_a_permission_taken_from_the_group_disappears_at_the_next_page():
    client = client_for(MinistryAdminFactory(is_superuser=False))
    add_theme = reverse("admin:content_theme_add")
    assert add_theme in index(client)
    assert add_theme in index(client)

    group_for_role(MINISTRY_ADMIN).permissions.remove(Permission.objects.get(codename="add_theme"))

    html = index(client)
    assert add_theme not in html
    assert reverse("admin:content_theme_changelist") in html  # still viewed and changed


def test_what_a_caller_changes_in_its_list_stays_out_of_the_cache(rf):
    site = admin.site
    request = rf.get("/admin/")
    request.user = MinistryAdminFactory()
    first = site.get_app_list(request)
    first[0]["models"].clear()
    first[0]["name"] = "changé"

    again = site.get_app_list(request)
    assert again[0]["models"] and again[0]["name"] != "changé"
