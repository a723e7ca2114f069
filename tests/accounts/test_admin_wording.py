"""The admin as ministry staff see it: French names for allauth's sections, no Celery beat tables
(superusers only)."""

import pytest
from django.urls import reverse

from tests.accounts.factories import MinistryAdminFactory

pytestmark = pytest.mark.django_db


def test_ministry_staff_do_not_see_celery_beat_tables(client):
    client.force_login(MinistryAdminFactory(is_superuser=False))
    html = client.get(reverse("admin:index")).content.decode()
    assert "django_celery_beat" not in html
    assert client.get(reverse("admin:django_celery_beat_periodictask_changelist")).status_code == 403


def test_superusers_keep_the_celery_beat_tables_and_allauth_sections_read_in_french(client):
    superuser = MinistryAdminFactory(is_superuser=True)
    client.force_login(superuser)
    html = client.get(reverse("admin:index")).content.decode()
    assert "/admin/django_celery_beat/periodictask/" in html
    # allauth's models sit in the one accounts section, named in French (tests/accounts/test_admin_sections.py).
    assert "Méthodes de double authentification" in html and ">MFA<" not in html
    assert "Sessions de connexion" in html and "User Sessions" not in html
