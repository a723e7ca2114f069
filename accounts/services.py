"""Writes on accounts: every change of a user goes through one of these functions."""

from collections.abc import Callable

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from accounts.models import Occupation, User
from accounts.roles import ROLE_GROUP_NAMES, group_for_role


def user_notification_group(user_id: int) -> str:
    return f"user.{user_id}"


def user_notify(*, user_id: int, payload: dict) -> None:
    """Push a small JSON payload to every open page of this user, once the transaction commits."""

    def send() -> None:
        async_to_sync(get_channel_layer().group_send)(
            user_notification_group(user_id), {"type": "user.notification", "payload": payload}
        )

    transaction.on_commit(send)


@transaction.atomic
def user_set_role(*, user: User, role: str) -> User:
    """Set the role and put the user in that role's group only (for the admin's permissions)."""
    user.role = role
    user.is_staff = role == User.Role.MINISTRY_ADMIN or user.is_superuser
    user.save(update_fields=["role", "is_staff"])
    other_groups = user.groups.filter(name__in=ROLE_GROUP_NAMES.values())
    user.groups.remove(*other_groups)
    user.groups.add(group_for_role(role))
    return user


def user_set_language(*, user: User, language: str) -> User:
    """The language the person chose last: their e-mails are written in it."""
    if user.language != language and language in User.Language.values:
        user.language = language
        user.save(update_fields=["language"])
    return user


@transaction.atomic
def user_create(*, email: str, password: str | None, role: str = User.Role.PARTICIPANT, **fields) -> User:
    user = User.objects.create_user(email=email, password=password, **fields)
    return user_set_role(user=user, role=role)


# Functions (occupation) -> bool | None that know whether an occupation is regulated in Québec.
# The content app, which owns the professional orders, registers one in its AppConfig.ready().
_regulation_sources: list[Callable[[Occupation], bool | None]] = []


def register_occupation_regulation_source(source: Callable[[Occupation], bool | None]) -> None:
    if source not in _regulation_sources:
        _regulation_sources.append(source)


def occupation_regulation_known(occupation: Occupation | None) -> bool | None:
    """Whether this occupation is regulated in Québec (a professional order), when the data says so.

    True or False when a registered source knows, None when none does: onboarding then asks the
    participant. Until content registers a source (e.g. looking the occupation's code and its
    parents up in its professional orders), nothing is derived and the question is always asked.
    """
    if occupation is None:
        return None
    for source in _regulation_sources:
        known = source(occupation)
        if known is not None:
            return known
    return None
