"""The one set of per-role checks every view calls (accounts/permissions.py)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from accounts.permissions import require_coach, require_ministry_admin, require_participant
from tests.accounts.factories import CoachFactory, MinistryAdminFactory, ParticipantFactory, UserFactory

CHECKS = {"participant": require_participant, "coach": require_coach, "ministry_admin": require_ministry_admin}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["participant", "coach", "ministry_admin"])
def test_each_check_lets_in_its_role_only(role):
    people = {
        "participant": ParticipantFactory(),
        "coach": CoachFactory(),
        "ministry_admin": MinistryAdminFactory(),
    }
    for who, person in people.items():
        if who == role:
            CHECKS[role](person)
        else:
            with pytest.raises(PermissionDenied):
                CHECKS[role](person)


@pytest.mark.parametrize("check", list(CHECKS.values()))
def test_anonymous_visitors_are_refused_by_every_check(check):
    with pytest.raises(PermissionDenied):
        check(AnonymousUser())


@pytest.mark.django_db
def test_a_superuser_counts_as_the_ministry_whatever_their_role():
    superuser = UserFactory(is_superuser=True, is_staff=True)
    require_ministry_admin(superuser)
    with pytest.raises(PermissionDenied):
        require_coach(superuser)
