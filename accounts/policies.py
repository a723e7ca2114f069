"""Terms of use and privacy policy: which versions are current, and who has accepted them (Law 25).

A participant accepts the current versions at sign-up. When an admin publishes a new version, the
participant is asked again at their next login: the login signal stores in the session the
versions still to accept, and accounts.middleware.PolicyConsentMiddleware sends them to the
consent page until they accept (no query on the other requests).
"""

from django.db import transaction
from django.utils import timezone

from accounts.models import ConsentRecord, PolicyVersion, User

SESSION_KEY = "accounts.policies_to_accept"


def current_policies() -> list[PolicyVersion]:
    """The version in force of each document (the latest already published), in document order."""
    latest: dict[str, PolicyVersion] = {}
    for policy in PolicyVersion.objects.filter(published_at__lte=timezone.now()).order_by("document", "-published_at"):
        latest.setdefault(policy.document, policy)
    return [latest[document] for document in PolicyVersion.Document.values if document in latest]


def current_policy(document: str) -> PolicyVersion | None:
    return (
        PolicyVersion.objects.filter(document=document, published_at__lte=timezone.now())
        .order_by("-published_at")
        .first()
    )


def policies_to_accept(*, user: User) -> list[PolicyVersion]:
    """The current versions this person has not accepted yet (two queries)."""
    current = current_policies()
    accepted = set(ConsentRecord.objects.filter(user=user, policy__in=current).values_list("policy_id", flat=True))
    return [policy for policy in current if policy.pk not in accepted]


def consent_required(user: User) -> bool:
    """Participants give consent; staff accounts are made and governed by the ministry."""
    return user.is_participant and not user.is_staff_member


@transaction.atomic
def consent_record(*, user: User, policies: list[PolicyVersion]) -> list[ConsentRecord]:
    """Record that this person accepted these versions now; accepting twice keeps the first record."""
    records = []
    for policy in policies:
        record, _created = ConsentRecord.objects.get_or_create(user=user, policy=policy)
        records.append(record)
    return records


def remember_policies_to_accept(*, request, user: User) -> None:
    """At login: note in the session which versions this person must still accept."""
    if not consent_required(user):
        request.session.pop(SESSION_KEY, None)
        return
    missing = policies_to_accept(user=user)
    if missing:
        request.session[SESSION_KEY] = [policy.pk for policy in missing]
    else:
        request.session.pop(SESSION_KEY, None)


def on_user_logged_in(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        remember_policies_to_accept(request=request, user=user)
