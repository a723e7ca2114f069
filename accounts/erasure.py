"""Erasing a person's account (Law 25's right to erasure), and accounts' own personal-data sections.

The User row is kept, anonymised, so that what others can still read (forum posts) shows an
anonymous name instead of breaking; everything that identifies the person is removed.
"""

import logging
import uuid

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import Country

from accounts.models import ConsentRecord, DeletionLog, Profile, StaffAccessLog, User
from accounts.privacy import personal_data_sections, register_personal_data

logger = logging.getLogger(__name__)

ANONYMOUS_DISPLAY_NAME = "Participant·e anonyme"
ERASED_EMAIL_DOMAIN = "supprime.invalid"

# Fields of the profile that are bookkeeping, not something the person told us.
PROFILE_INTERNAL_FIELDS = {"id", "user"}


def _plain(value):
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, Country):
        return value.code or None
    return str(value)


def profile_fields(profile: Profile) -> list[tuple[str, str, object, str]]:
    """(name, label, raw value, shown value) for each field of the profile, in model order.

    Built from the model so that fields added to Profile later are shown and exported without
    changing this code. Foreign keys must have been loaded with select_related.
    """
    rows = []
    for field in Profile._meta.concrete_fields:
        if field.name in PROFILE_INTERNAL_FIELDS:
            continue
        value = getattr(profile, field.name)
        if isinstance(field, models.ForeignKey):
            raw = getattr(value, "code", None) or (value.pk if value else None)
            shown = str(value) if value else ""
        elif isinstance(value, Country):
            raw, shown = value.code or None, str(value.name or "")
        elif field.choices:
            raw = value
            shown = getattr(profile, f"get_{field.name}_display")() if value not in (None, "") else ""
        else:
            raw = _plain(value)
            shown = "" if value in (None, "") else str(value)
        rows.append((field.name, str(field.verbose_name), raw, shown))
    return rows


def account_personal_data_export(*, user: User) -> dict:
    return {
        "email": user.email,
        "display_name": user.display_name,
        "role": user.role,
        "language": user.language,
        "time_zone": user.time_zone,
        "date_joined": _plain(user.date_joined),
        "last_login": _plain(user.last_login),
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("pk")
        ],
        "two_factor_methods": sorted(Authenticator.objects.filter(user=user).values_list("type", flat=True)),
    }


def profile_personal_data_export(*, user: User) -> dict | None:
    profile = Profile.objects.filter(user=user).select_related("region", "occupation").first()
    if profile is None:
        return None
    return {name: raw for name, _label, raw, _shown in profile_fields(profile)}


def consents_personal_data_export(*, user: User) -> list[dict]:
    return [
        {
            "document": record.policy.document,
            "version": record.policy.version,
            "accepted_at": _plain(record.accepted_at),
        }
        for record in ConsentRecord.objects.filter(user=user).select_related("policy").order_by("accepted_at")
    ]


def sessions_personal_data_export(*, user: User) -> list[dict]:
    return [
        {
            "created_at": _plain(session.created_at),
            "last_seen_at": _plain(session.last_seen_at),
            "ip": session.ip,
            "user_agent": session.user_agent,
        }
        for session in UserSession.objects.filter(user=user).order_by("created_at")
    ]


def staff_accesses_personal_data_export(*, user: User) -> list[dict]:
    """Who among the staff opened this person's file, and when (the person has the right to know)."""
    return [
        {"at": _plain(entry.at), "by": str(entry.staff.public_name), "role": entry.staff.role, "action": entry.action}
        for entry in StaffAccessLog.objects.filter(participant=user).select_related("staff").order_by("at")
    ]


def profile_personal_data_erase(*, user: User) -> None:
    Profile.objects.filter(user=user).delete()


def consents_personal_data_erase(*, user: User) -> None:
    ConsentRecord.objects.filter(user=user).delete()


def register_accounts_personal_data() -> None:
    register_personal_data(
        "account",
        export=account_personal_data_export,
        label=_("Compte"),
    )
    register_personal_data(
        "profile",
        export=profile_personal_data_export,
        erase=profile_personal_data_erase,
        label=_("Profil"),
    )
    register_personal_data(
        "consents",
        export=consents_personal_data_export,
        erase=consents_personal_data_erase,
        label=_("Consentements"),
    )
    register_personal_data(
        "sessions",
        export=sessions_personal_data_export,
        label=_("Sessions de connexion"),
    )
    register_personal_data(
        "staff_accesses",
        export=staff_accesses_personal_data_export,
        label=_("Consultations de votre dossier par le personnel"),
    )


def end_all_sessions(user: User) -> None:
    """End every session of this person (allauth's user sessions hold the session keys)."""
    for session in UserSession.objects.filter(user=user):
        session.end()


@transaction.atomic
def account_erase(*, user: User) -> DeletionLog:
    """Erase a person's personal data and anonymise their account; returns the deletion's record.

    Calls every registered section's erase, ends all sessions, then keeps the User row without
    anything that identifies the person (posts stay readable under an anonymous name).
    The log line carries the random reference only.
    """
    User.objects.select_for_update().filter(pk=user.pk).first()
    for section in personal_data_sections():
        if section.erase is not None:
            section.erase(user=user)
    end_all_sessions(user)
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    reference = uuid.uuid4()
    # A placeholder of its own, so that the log's reference does not point back to the row.
    user.email = f"{uuid.uuid4().hex}@{ERASED_EMAIL_DOMAIN}"
    user.display_name = ANONYMOUS_DISPLAY_NAME
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.last_login = None
    user.time_zone = User._meta.get_field("time_zone").default
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    log = DeletionLog.objects.create(reference=reference, deleted_at=timezone.now())
    transaction.on_commit(lambda: logger.info("account erased, reference %s", reference))
    return log
