"""Writes on accounts: every change of a user goes through one of these functions."""

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from accounts.models import User
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


@transaction.atomic
def user_create(*, email: str, password: str | None, role: str = User.Role.PARTICIPANT, **fields) -> User:
    user = User.objects.create_user(email=email, password=password, **fields)
    return user_set_role(user=user, role=role)


def occupation_regulation_known(occupation) -> bool | None:
    """Whether this occupation is regulated in Québec (a professional order), when the data says so.

    True or False when known, None when unknown: onboarding then asks the participant. The content
    app owns the professional orders: True when admins linked an order to this occupation's code
    or to a group containing it. The links are incomplete (filled in by admins from official
    sources), so no link means "unknown" (None), never "not regulated".
    """
    if occupation is None:
        return None
    from content.selectors import professional_order_for_occupation

    return True if professional_order_for_occupation(occupation) is not None else None
