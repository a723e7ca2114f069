"""Erasing a person's account (Law 25's right to erasure), and accounts' own personal-data sections.

The User row is kept, anonymised, so that what others can still read (forum posts) shows an
anonymous name instead of breaking; everything that identifies the person is removed.
"""

import logging
import uuid
from datetime import date, datetime, time

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.db import models, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import Country

from accounts.models import ConsentRecord, DeletionLog, Profile, StaffAccessLog, User
from accounts.privacy import choice, choice_of, coded, day, moment, personal_data_sections, register_personal_data
from integration_portal.timezones import zone_in_words

logger = logging.getLogger(__name__)

ANONYMOUS_DISPLAY_NAME = "Participant·e anonyme"
ERASED_EMAIL_DOMAIN = "supprime.invalid"

# Fields of the profile that are bookkeeping, not something the person told us.
PROFILE_INTERNAL_FIELDS = {"id", "user"}


def account_personal_data_export(*, user: User) -> dict:
    return {
        "email": user.email,
        "display_name": user.display_name,
        "role": choice(user, "role"),
        "language": choice(user, "language"),
        "time_zone": coded(user.time_zone, zone_in_words(user.time_zone)),
        "date_joined": moment(user.date_joined),
        "last_login": moment(user.last_login),
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("pk")
        ],
        "two_factor_methods": [
            choice_of(Authenticator, "type", kind)
            for kind in sorted(Authenticator.objects.filter(user=user).values_list("type", flat=True))
        ],
    }


ACCOUNT_LABELS = {
    "email": _("adresse courriel"),
    "email_addresses": _("adresses courriel"),
    "verified": _("confirmée"),
    "primary": _("principale"),
    "two_factor_methods": _("méthodes de double authentification"),
    "last_login": _("dernière connexion"),
    "date_joined": _("inscription"),
}


def _readable(value):
    """A profile value for both readers: a date stays a date, a code keeps its label."""
    if isinstance(value, datetime):
        return moment(value)
    if isinstance(value, date):
        return day(value)
    if isinstance(value, time):
        return coded(value.isoformat(timespec="minutes"), formats.time_format(value))
    return value


def profile_personal_data_export(*, user: User) -> dict | None:
    profile = Profile.objects.filter(user=user).select_related("region", "occupation").first()
    if profile is None:
        return None
    exported = {}
    for field in Profile._meta.concrete_fields:
        if field.name in PROFILE_INTERNAL_FIELDS:
            continue
        value = getattr(profile, field.name)
        if isinstance(field, models.ForeignKey):
            exported[field.name] = coded(getattr(value, "code", None) or (value.pk if value else None), str(value))
        elif isinstance(value, Country):
            exported[field.name] = coded(value.code, str(value.name or value.code))
        elif field.choices:
            exported[field.name] = choice(profile, field.name)
        else:
            exported[field.name] = _readable(value)
    return exported


def consents_personal_data_export(*, user: User) -> list[dict]:
    return [
        {
            "document": choice(record.policy, "document"),
            "version": record.policy.version,
            "accepted_at": moment(record.accepted_at),
        }
        for record in ConsentRecord.objects.filter(user=user).select_related("policy").order_by("accepted_at")
    ]


def sessions_personal_data_export(*, user: User) -> list[dict]:
    return [
        {
            "created_at": moment(session.created_at),
            "last_seen_at": moment(session.last_seen_at),
            "ip": session.ip,
            "user_agent": session.user_agent,
        }
        for session in UserSession.objects.filter(user=user).order_by("created_at")
    ]


def staff_accesses_personal_data_export(*, user: User) -> list[dict]:
    """Who among the staff opened this person's file, and when (the person has the right to know)."""
    return [
        {
            "at": moment(entry.at),
            "by": str(entry.staff.public_name),
            "role": choice(entry.staff, "role"),
            "action": choice(entry, "action"),
            "what": entry.what,
        }
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
        labels=ACCOUNT_LABELS,
        order=10,
    )
    register_personal_data(
        "profile",
        export=profile_personal_data_export,
        erase=profile_personal_data_erase,
        label=_("Profil"),
        order=20,
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
        labels={
            "created_at": _("ouverte le"),
            "last_seen_at": _("dernière activité"),
            "ip": _("adresse IP"),
            "user_agent": _("navigateur"),
        },
    )
    register_personal_data(
        "staff_accesses",
        export=staff_accesses_personal_data_export,
        label=_("Consultations de votre dossier par le personnel"),
        labels={"at": _("le"), "by": _("par"), "role": _("rôle")},
    )


def end_all_sessions(user: User) -> None:
    """End every session of this person (allauth's user sessions hold the session keys)."""
    for session in UserSession.objects.filter(user=user):
        session.end()


ERASED_REPR = "[effacé]"


def admin_log_scrub(*, user: User) -> int:
    """The admin's history names objects by their text (a participant's e-mail, "Profil de …"):
    the lines about this person, or naming them, keep their dates and actions without it."""
    from django.contrib.admin.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    names = [value for value in (user.email, user.display_name) if value and len(value) >= 3]
    about = models.Q(content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk))
    for name in names:
        about |= models.Q(object_repr__icontains=name) | models.Q(change_message__icontains=name)
    return LogEntry.objects.filter(about).update(object_repr=ERASED_REPR, change_message="")


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
    admin_log_scrub(user=user)
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
