"""The forum digest e-mail: what is new in the topics and categories a person follows, sent to
people who have not come back since the previous one, once per period, in their language."""

from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from accounts.models import User
from forum.models import Member

UNSUBSCRIBE_SALT = "forum.digest.unsubscribe"


def unsubscribe_token(user_id: int) -> str:
    """Signed, so the link works logged out and cannot be made for someone else."""
    return signing.dumps(user_id, salt=UNSUBSCRIBE_SALT)


def unsubscribe_url(user_id: int) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("forum:digest_unsubscribe", kwargs={"token": unsubscribe_token(user_id)})
    return settings.SITE_URL.rstrip("/") + path


def digest_email(*, user_id: int, period: str, since: str) -> EmailMultiAlternatives | None:
    """The builder (ids and strings only as arguments): None when the person turned digests off
    meanwhile or nothing visible is left to tell."""
    from forum.selectors import digest_content

    user = User.objects.filter(pk=user_id, is_active=True).first()
    member = Member.objects.filter(user_id=user_id).first()
    if user is None or member is None or member.digest == Member.Digest.OFF:
        return None
    posts = digest_content(user=user, since=parse_datetime(since))
    if not posts:
        return None
    site = settings.SITE_URL.rstrip("/")
    with translation.override(user.language), timezone.override(user.time_zone):
        context = {
            "user": user,
            "posts": posts,
            "site_url": site,
            "forum_url": site + reverse("forum:index"),
            "preferences_url": site + reverse("forum:preferences"),
            "unsubscribe_url": unsubscribe_url(user.pk),
        }
        subject = _("Forum : du nouveau dans les sujets que vous suivez")
        text = render_to_string("forum/email/digest.txt", context)
        html = render_to_string("forum/email/digest.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def digest_send_due(*, frequency: str, now: datetime | None = None) -> int:
    """The beat job: claims one digest per due person for this period and queues its e-mail
    through accounts.emails (sent by its task, never here; the key forum.digest:<user>:<period>
    is sent once). Running it twice for a period queues nothing more."""
    from forum.selectors import digest_content
    from forum.services import digest_due_members, digest_period, digest_run_claim

    now = now or timezone.now()
    period = digest_period(frequency=frequency, now=now)
    window = timedelta(days=7 if frequency == Member.Digest.WEEKLY else 1)
    queued = 0
    for member in digest_due_members(frequency=frequency, now=now).select_related("user").iterator(chunk_size=200):
        since = member.last_digest_at or now - window
        if not digest_content(user=member.user, since=since, limit=1):
            continue
        with transaction.atomic():
            if digest_run_claim(user_id=member.user_id, period=period, now=now):
                _enqueue(user_id=member.user_id, period=period, since=since.isoformat())
                queued += 1
    return queued


def _enqueue(*, user_id: int, period: str, since: str) -> None:
    from accounts.emails import email_enqueue

    email_enqueue(
        key=f"forum.digest:{user_id}:{period}",
        builder="forum.digest.digest_email",
        kwargs={"user_id": user_id, "period": period, "since": since},
    )
