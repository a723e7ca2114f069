"""Writes of the forum. Every rule on who may write what is checked here, whatever the view."""

from datetime import datetime, timedelta

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.services import user_notify
from forum.markdown import render_markdown
from forum.models import (
    EDIT_WINDOW,
    FLAGS_TO_HIDE,
    READ_CUTOFF,
    Category,
    DigestRun,
    Flag,
    Level,
    Member,
    ModerationAction,
    Notification,
    Post,
    PostRevision,
    Subscription,
    Topic,
    TopicRead,
    approval_post_count,
)
from forum.notify_cache import cache_unread_count, cached_unread_count
from forum.permissions import is_moderator

# Posting and flagging are limited per person: (how many, per how many seconds).
RATE_LIMITS = {"post": (6, 60), "flag": (10, 600)}


class RateLimited(Exception):
    """Too many actions of one kind in a short time: the view answers 429."""


def rate_limit_consume(*, user: User, action: str) -> None:
    """A fixed window counter in the cache (Redis in production): cheap and shared by all workers."""
    amount, seconds = RATE_LIMITS[action]
    window = int(timezone.now().timestamp()) // seconds
    key = f"forum:rl:{action}:{user.pk}:{window}"
    cache.add(key, 0, timeout=seconds + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=seconds + 5)
        count = 1
    if count > amount:
        raise RateLimited(action)


def member_ensure(*, user: User) -> Member:
    # Until they mark all as read, what happened since they joined counts as new to them.
    member, _created = Member.objects.get_or_create(user=user, defaults={"read_all_before": user.date_joined})
    return member


def member_seen_if_stale(*, member: Member, now: datetime | None = None) -> None:
    """Note a visit (the digest goes only to people who did not come back). Written at most
    every five minutes, so reading pages does not write each time."""
    now = now or timezone.now()
    if member.last_seen_at is None or member.last_seen_at < now - timedelta(minutes=5):
        member.last_seen_at = now
        Member.objects.filter(pk=member.pk).update(last_seen_at=now)


def _require_can_post(user: User) -> None:
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied
    member = member_ensure(user=user)
    if member.is_suspended():
        raise ValidationError(
            _("Votre participation au forum est suspendue jusqu'au %(date)s.")
            % {"date": timezone.localtime(member.suspended_until).strftime("%Y-%m-%d %H:%M")},
            code="suspended",
        )


def _needs_approval(user: User) -> bool:
    """A new participant's first posts wait for a moderator; staff are trusted."""
    if not user.is_participant:
        return False
    approved = Post.objects.filter(author=user, is_approved=True)[: approval_post_count()].count()
    return approved < approval_post_count()


def _refuse_duplicate(user: User, body: str) -> None:
    last = Post.objects.filter(author=user).order_by("-created_at", "-pk").values_list("body", flat=True).first()
    if last is not None and last.strip() == body.strip():
        raise ValidationError(_("Vous venez de publier exactement ce message."), code="duplicate")


def _topic_refresh(topic: Topic) -> None:
    """Counters and last activity of a topic from its visible posts (after a hide, delete, approve…)."""
    visible = Post.objects.filter(topic=topic, is_approved=True, is_hidden=False, is_deleted=False)
    stats = visible.aggregate(count=Count("pk"), last=Max("number"), last_at=Max("created_at"))
    last_post = visible.filter(number=stats["last"]).select_related("author").first() if stats["last"] else None
    topic.reply_count = max((stats["count"] or 0) - 1, 0)
    topic.last_number = stats["last"] or 0
    topic.last_posted_at = stats["last_at"] or topic.created_at
    topic.last_poster_name = str(last_post.author.public_name) if last_post and last_post.author else ""
    topic.save(update_fields=["reply_count", "last_number", "last_posted_at", "last_poster_name"])


def _subscribe_watching(user: User, topic: Topic) -> None:
    """Replying or creating a topic sets watching, unless the person muted the topic."""
    subscription = Subscription.objects.filter(user=user, topic=topic).first()
    if subscription is None:
        Subscription.objects.create(user=user, topic=topic, level=Level.WATCHING)
    elif subscription.level != Level.MUTED and subscription.level != Level.WATCHING:
        subscription.level = Level.WATCHING
        subscription.save(update_fields=["level"])


def _push_unread_count(user_ids) -> None:
    counts = dict(
        Notification.objects.filter(user_id__in=list(user_ids), read_at__isnull=True)
        .values_list("user_id")
        .annotate(n=Count("pk"))
        .values_list("user_id", "n")
    )
    for user_id in user_ids:
        cache_unread_count(user_id, counts.get(user_id, 0))
        user_notify(user_id=user_id, payload={"type": "forum.notifications", "unread": counts.get(user_id, 0)})


def _watchers(topic: Topic) -> set[int]:
    """Who watches the topic: a topic level of watching, or watching the category without a
    topic level of their own."""
    topic_levels = dict(Subscription.objects.filter(topic=topic).values_list("user_id", "level"))
    category_watchers = Subscription.objects.filter(category_id=topic.category_id, level=Level.WATCHING).values_list(
        "user_id", flat=True
    )
    watchers = {uid for uid, level in topic_levels.items() if level == Level.WATCHING}
    watchers |= {uid for uid in category_watchers if uid not in topic_levels}
    return watchers


def _notify_new_post(post: Post, quoted: Post | None = None) -> None:
    """Notifications for a post now visible: watchers get one per reply; a quoted author on
    normal (not muted) gets one too. Never the author, never for a hidden or unapproved post."""
    if not post.is_visible or post.topic.is_hidden:
        return
    recipients = _watchers(post.topic) - {post.author_id}
    notifications = [
        Notification(user_id=uid, kind=Notification.Kind.REPLY, topic=post.topic, post=post) for uid in recipients
    ]
    if quoted is not None and quoted.author_id and quoted.author_id not in recipients | {post.author_id}:
        level = Subscription.objects.filter(user_id=quoted.author_id, topic=post.topic).values_list("level", flat=True)
        if not level or level[0] != Level.MUTED:
            notifications.append(
                Notification(user_id=quoted.author_id, kind=Notification.Kind.QUOTE, topic=post.topic, post=post)
            )
            recipients.add(quoted.author_id)
    Notification.objects.bulk_create(notifications)
    transaction.on_commit(lambda: _push_unread_count(sorted(recipients)))


def _check_body(body: str) -> str:
    body = (body or "").strip()
    if len(body) < 2:
        raise ValidationError(_("Votre message est vide."), code="empty")
    return body


def _admit_post(*, user: User, body: str, trusted: bool) -> tuple[str, bool]:
    """The checks every new post passes (suspension, empty, rate limit unless seeded by the
    portal itself, duplicate); returns the cleaned body and whether it is published at once."""
    _require_can_post(user)
    body = _check_body(body)
    if not trusted:
        rate_limit_consume(user=user, action="post")
    _refuse_duplicate(user, body)
    return body, not _needs_approval(user)


@transaction.atomic
def topic_create(
    *, user: User, category: Category, title: str, body: str, is_question: bool = False, trusted: bool = False
) -> Topic:
    body, approved = _admit_post(user=user, body=body, trusted=trusted)
    now = timezone.now()
    topic = Topic.objects.create(
        category=category,
        author=user,
        title=title.strip(),
        is_question=is_question,
        is_approved=approved,
        created_at=now,
        last_posted_at=now,
        last_number=1 if approved else 0,
        last_poster_name=str(user.public_name),
    )
    post = Post.objects.create(
        topic=topic, author=user, number=1, body=body, html=render_markdown(body), created_at=now, is_approved=approved
    )
    _subscribe_watching(user, topic)
    topic_mark_read(user=user, topic=topic, number=1)
    _notify_new_post(post)
    return topic


@transaction.atomic
def reply_create(*, user: User, topic: Topic, body: str, quoted: Post | None = None, trusted: bool = False) -> Post:
    topic = Topic.objects.select_for_update().get(pk=topic.pk)
    if topic.is_locked and not is_moderator(user):
        raise ValidationError(_("Ce sujet est verrouillé : il n'accepte plus de réponses."), code="locked")
    body, approved = _admit_post(user=user, body=body, trusted=trusted)
    number = (Post.objects.filter(topic=topic).aggregate(n=Max("number"))["n"] or 0) + 1
    now = timezone.now()
    post = Post.objects.create(
        topic=topic, author=user, number=number, body=body, html=render_markdown(body), created_at=now,
        is_approved=approved,
    )  # fmt: skip
    if approved:
        topic.last_number = number
        topic.last_posted_at = now
        topic.reply_count += 1
        topic.last_poster_name = str(user.public_name)
        fields = ["last_number", "last_posted_at", "reply_count", "last_poster_name"]
        if user.is_coach and topic.coach_replied_at is None:
            topic.coach_replied_at = now
            fields.append("coach_replied_at")
        topic.save(update_fields=fields)
    _subscribe_watching(user, topic)
    topic_mark_read(user=user, topic=topic, number=number)
    _notify_new_post(post, quoted=quoted if quoted is not None and quoted.topic_id == topic.pk else None)
    return post


def post_can_edit(*, user: User, post: Post, now: datetime | None = None) -> bool:
    if is_moderator(user):
        return True
    now = now or timezone.now()
    return (
        post.author_id == user.pk
        and not post.is_deleted
        and not post.is_hidden
        and not post.topic.is_locked
        and now - post.created_at <= EDIT_WINDOW
    )


@transaction.atomic
def post_edit(*, user: User, post: Post, body: str) -> Post:
    if not post_can_edit(user=user, post=post):
        raise ValidationError(_("Ce message ne peut plus être modifié (24 heures après sa publication)."), code="late")
    _require_can_post(user) if not is_moderator(user) else None
    body = _check_body(body)
    if body == post.body:
        return post
    PostRevision.objects.create(post=post, body=post.body)
    post.body = body
    post.html = render_markdown(body)
    post.edited_at = timezone.now()
    post.save(update_fields=["body", "html", "edited_at"])
    return post


@transaction.atomic
def post_delete(*, user: User, post: Post) -> Post:
    """Soft delete by the author: the post shows as deleted; the first post cannot be deleted
    alone once there are replies (a moderator hides the topic instead)."""
    if post.author_id != user.pk:
        raise PermissionDenied
    if post.number == 1 and post.topic.reply_count > 0:
        raise ValidationError(_("Le premier message d'un sujet qui a des réponses ne peut pas être supprimé."))
    post.is_deleted = True
    post.save(update_fields=["is_deleted"])
    if post.number == 1:
        post.topic.is_hidden = True
        post.topic.save(update_fields=["is_hidden"])
    _topic_refresh(post.topic)
    return post


@transaction.atomic
def post_accept(*, user: User, post: Post) -> Topic:
    """The asker or a coach (or a moderator) marks a reply as the answer to a question."""
    topic = post.topic
    if not (topic.author_id == user.pk or user.is_coach or is_moderator(user)):
        raise PermissionDenied
    if not topic.is_question or post.number == 1 or not post.is_visible:
        raise ValidationError(_("Ce message ne peut pas être retenu comme réponse."))
    topic.accepted_post = post
    topic.save(update_fields=["accepted_post"])
    if post.author_id and post.author_id != user.pk:
        Notification.objects.create(user_id=post.author_id, kind=Notification.Kind.ACCEPTED, topic=topic, post=post)
        transaction.on_commit(lambda: _push_unread_count([post.author_id]))
    return topic


@transaction.atomic
def subscription_set(*, user: User, level: int, topic: Topic | None = None, category: Category | None = None) -> None:
    if level not in Level.values:
        raise ValidationError(_("Niveau de notification inconnu."))
    Subscription.objects.update_or_create(user=user, topic=topic, category=category, defaults={"level": level})


def read_horizon(member: Member | None, now: datetime | None = None) -> datetime:
    """Topics whose last activity is before this count as read."""
    cutoff = (now or timezone.now()) - READ_CUTOFF
    if member is None:
        return cutoff
    return max(member.read_all_before, cutoff)


def topic_mark_read(*, user: User, topic: Topic, number: int) -> None:
    """Remember how far the person read, only for topics active after their horizon."""
    if not user.is_authenticated or topic.last_posted_at <= timezone.now() - READ_CUTOFF:
        return
    read, created = TopicRead.objects.get_or_create(
        user=user, topic=topic, defaults={"last_read_number": number, "read_at": timezone.now()}
    )
    if not created and read.last_read_number < number:
        TopicRead.objects.filter(pk=read.pk).update(last_read_number=number, read_at=timezone.now())


def topic_read_page(*, user: User, topic: Topic, number: int, read: TopicRead | None, horizon: datetime) -> None:
    """Called by the topic page with what it already loaded: writes only when something changed."""
    if topic.last_posted_at <= horizon:
        return
    if read is None:
        TopicRead.objects.create(user=user, topic=topic, last_read_number=number)
    elif read.last_read_number < number:
        TopicRead.objects.filter(pk=read.pk).update(last_read_number=number, read_at=timezone.now())


@transaction.atomic
def mark_all_read(*, user: User) -> None:
    Member.objects.update_or_create(user=user, defaults={"read_all_before": timezone.now()})
    TopicRead.objects.filter(user=user).delete()


def read_state_cleanup(*, now: datetime | None = None) -> int:
    """Rows of topics quiet for longer than the cutoff say nothing any more: delete them."""
    cutoff = (now or timezone.now()) - READ_CUTOFF
    deleted, _details = TopicRead.objects.filter(topic__last_posted_at__lt=cutoff).delete()
    return deleted


def notifications_mark_read(*, user: User, topic: Topic | None = None) -> int:
    if topic is not None and cached_unread_count(user.pk) == 0:
        return 0  # nothing unread anywhere (the cache is kept with every change): no write
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if topic is not None:
        unread = unread.filter(topic=topic)
    changed = unread.update(read_at=timezone.now())
    if changed:
        transaction.on_commit(lambda: _push_unread_count([user.pk]))
    return changed


# --- Flags and moderation ----------------------------------------------------------------------


def _log(*, moderator, action, topic=None, post=None, target_user=None, reason="") -> ModerationAction:
    return ModerationAction.objects.create(
        moderator=moderator, action=action, topic=topic, post=post, target_user=target_user, reason=reason[:500]
    )


@transaction.atomic
def post_flag(*, user: User, post: Post, reason: str, note: str = "") -> Flag:
    if post.author_id == user.pk:
        raise ValidationError(_("Vous ne pouvez pas signaler votre propre message."), code="own")
    if reason not in Flag.Reason.values:
        raise ValidationError(_("Choisissez un motif."), code="reason")
    if Flag.objects.filter(post=post, flagger=user, resolved_at__isnull=True).exists():
        raise ValidationError(_("Vous avez déjà signalé ce message."), code="twice")
    rate_limit_consume(user=user, action="flag")
    flag = Flag.objects.create(post=post, flagger=user, reason=reason, note=note.strip()[:300])
    flaggers = Flag.objects.filter(post=post, resolved_at__isnull=True).values("flagger").distinct().count()
    if flaggers >= FLAGS_TO_HIDE and not post.is_hidden:
        post.is_hidden = True
        post.save(update_fields=["is_hidden"])
        _topic_refresh(post.topic)
        _log(moderator=None, action=ModerationAction.Action.AUTO_HIDE, topic=post.topic, post=post)
    return flag


def _require_moderator(user: User) -> None:
    if not is_moderator(user):
        raise PermissionDenied


def _resolve_flags(post: Post, moderator: User, resolution: str) -> None:
    Flag.objects.filter(post=post, resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolved_by=moderator, resolution=resolution
    )


@transaction.atomic
def post_moderate(*, moderator: User, post: Post, action: str, reason: str = "") -> Post:
    """hide, unhide, approve, reject (hide a waiting post) or dismiss (the flags were wrong)."""
    _require_moderator(moderator)
    Action = ModerationAction.Action
    if action == Action.HIDE:
        post.is_hidden = True
        _resolve_flags(post, moderator, Flag.Resolution.HIDDEN)
    elif action in (Action.UNHIDE, Action.DISMISS):
        post.is_hidden = False
        _resolve_flags(post, moderator, Flag.Resolution.DISMISSED)
    elif action == Action.APPROVE:
        post.is_approved = True
    elif action == Action.REJECT:
        post.is_hidden = True
    else:
        raise ValidationError(_("Action inconnue."))
    post.save(update_fields=["is_hidden", "is_approved"])
    topic = post.topic
    if post.number == 1 and action in (Action.APPROVE, Action.REJECT):
        topic.is_approved = action == Action.APPROVE
        topic.is_hidden = action == Action.REJECT
        topic.save(update_fields=["is_approved", "is_hidden"])
    _topic_refresh(topic)
    _log(moderator=moderator, action=action, topic=topic, post=post, target_user=post.author, reason=reason)
    if action == Action.APPROVE:
        if post.author_id:
            Notification.objects.create(user_id=post.author_id, kind=Notification.Kind.APPROVED, topic=topic, post=post)
            transaction.on_commit(lambda: _push_unread_count([post.author_id]))
        _notify_new_post(post)
    return post


@transaction.atomic
def topic_moderate(
    *, moderator: User, topic: Topic, action: str, reason: str = "", category: Category | None = None
) -> Topic:
    _require_moderator(moderator)
    Action = ModerationAction.Action
    changes = {
        Action.LOCK: ("is_locked", True),
        Action.UNLOCK: ("is_locked", False),
        Action.PIN: ("is_pinned", True),
        Action.UNPIN: ("is_pinned", False),
        Action.HIDE: ("is_hidden", True),
        Action.UNHIDE: ("is_hidden", False),
    }
    if action == Action.MOVE:
        if category is None:
            raise ValidationError(_("Choisissez la catégorie où déplacer le sujet."))
        topic.category = category
        topic.save(update_fields=["category"])
        reason = f"{reason} → {category.slug}".strip()
    elif action in changes:
        field, value = changes[action]
        setattr(topic, field, value)
        topic.save(update_fields=[field])
    else:
        raise ValidationError(_("Action inconnue."))
    _log(moderator=moderator, action=action, topic=topic, target_user=topic.author, reason=reason)
    return topic


@transaction.atomic
def user_warn(*, moderator: User, user: User, reason: str) -> None:
    _require_moderator(moderator)
    if not reason.strip():
        raise ValidationError(_("Dites pourquoi : la personne le lira."))
    Notification.objects.create(user=user, kind=Notification.Kind.WARNING, message=reason.strip()[:300])
    _log(moderator=moderator, action=ModerationAction.Action.WARN, target_user=user, reason=reason)
    transaction.on_commit(lambda: _push_unread_count([user.pk]))


@transaction.atomic
def user_suspend(*, moderator: User, user: User, days: int, reason: str) -> Member:
    _require_moderator(moderator)
    if user.is_staff_member:
        raise ValidationError(_("Le personnel ne peut pas être suspendu du forum."))
    if not reason.strip():
        raise ValidationError(_("Dites pourquoi : la personne le lira."))
    until = timezone.now() + timedelta(days=days)
    member, _created = Member.objects.update_or_create(user=user, defaults={"suspended_until": until})
    _log(moderator=moderator, action=ModerationAction.Action.SUSPEND, target_user=user, reason=f"{days} j – {reason}")
    return member


# --- Digest --------------------------------------------------------------------------------------


def digest_period(*, frequency: str, now: datetime) -> str:
    """The period a digest belongs to: a day, or an ISO week (never two digests for one period)."""
    local = timezone.localtime(now)
    if frequency == Member.Digest.WEEKLY:
        year, week, _day = local.isocalendar()
        return f"weekly:{year}-W{week:02d}"
    return f"daily:{local.date().isoformat()}"


def digest_due_members(*, frequency: str, now: datetime):
    """People on this frequency who have not visited since their last digest (or, before their
    first one, not within the period)."""
    window = timedelta(days=7 if frequency == Member.Digest.WEEKLY else 1)
    never_sent = Q(last_digest_at__isnull=True) & (Q(last_seen_at__isnull=True) | Q(last_seen_at__lt=now - window))
    not_back = Q(last_digest_at__isnull=False) & (
        Q(last_seen_at__isnull=True) | Q(last_seen_at__lt=F("last_digest_at"))
    )
    return Member.objects.filter(never_sent | not_back, digest=frequency, user__is_active=True)


def digest_run_claim(*, user_id: int, period: str, now: datetime) -> bool:
    """True once per person and period: the unique row makes the digest idempotent."""
    _run, created = DigestRun.objects.get_or_create(user_id=user_id, period=period, defaults={"created_at": now})
    if created:
        Member.objects.filter(user_id=user_id).update(last_digest_at=now)
    return created


def digest_unsubscribe(*, user_id: int) -> bool:
    return bool(Member.objects.filter(user_id=user_id).update(digest=Member.Digest.OFF)) or bool(
        Member.objects.get_or_create(user_id=user_id, defaults={"digest": Member.Digest.OFF})[1]
    )


def member_set_digest(*, user: User, digest: str) -> Member:
    if digest not in Member.Digest.values:
        raise ValidationError(_("Choix inconnu."))
    member, _created = Member.objects.update_or_create(user=user, defaults={"digest": digest})
    return member


# --- Personal data ----------------------------------------------------------------------------


@transaction.atomic
def forum_personal_data_erase(*, user: User) -> None:
    """Posts stay readable under "Ancien participant·e", with no link to the person; their flags,
    subscriptions, read state, notifications and forum settings go; moderation actions about them
    no longer name them."""
    topic_ids = set(Post.objects.filter(author=user).values_list("topic_id", flat=True))
    Post.objects.filter(author=user).update(author=None)
    Topic.objects.filter(author=user).update(author=None)
    for topic in Topic.objects.filter(pk__in=topic_ids):
        _topic_refresh(topic)
    Flag.objects.filter(flagger=user).delete()
    Subscription.objects.filter(user=user).delete()
    TopicRead.objects.filter(user=user).delete()
    Notification.objects.filter(user=user).delete()
    DigestRun.objects.filter(user=user).delete()
    Member.objects.filter(user=user).delete()
    # The moderation log keeps what was done and why, no longer to whom.
    ModerationAction.objects.filter(target_user=user).update(target_user=None)
