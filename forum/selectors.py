"""Reads of the forum. Each function runs a fixed number of queries, whatever the data size."""

from dataclasses import dataclass
from datetime import datetime

from django.core.paginator import Page, Paginator
from django.db.models import Case, CharField, Count, F, IntegerField, Min, OuterRef, Q, Subquery, Value, When, Window
from django.db.models.functions import Concat
from django.utils import timezone
from django.utils.translation import gettext_lazy

from accounts.models import Profile, User
from accounts.privacy import choice_of, moment
from accounts.selectors import profile_of as accounts_profile_of
from forum.models import (
    COACH_QUEUE_DELAY,
    FLAG_HIGHLIGHT_DELAY,
    POSTS_PER_PAGE,
    TOPICS_PER_PAGE,
    Category,
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
)
from forum.permissions import is_moderator, visible_posts_q
from forum.services import read_horizon
from integration_portal.db import Fold, is_postgresql
from integration_portal.text import fold

SEARCH_CONFIG = "french_unaccent"
SEARCH_LIMIT = 30


def member_of(user: User) -> Member | None:
    return Member.objects.filter(user=user).first() if user.is_authenticated else None


def profile_of(user: User) -> Profile | None:
    """Only participants have one; staff pages skip the query."""
    if not user.is_authenticated or not user.is_participant:
        return None
    return accounts_profile_of(user)


def categories_for(*, user: User, profile: Profile | None) -> list[Category]:
    """Active categories, the person's own region and occupation family first; one query."""
    family = profile.occupation.code[:1] if profile is not None and profile.occupation_id else None
    region_id = profile.region_id if profile is not None else None
    own = Q(region_id=region_id) if region_id else Q(pk__in=[])
    if family is not None:
        own |= Q(occupation__code=family)
    topics = Q(topics__is_hidden=False, topics__is_approved=True)
    return list(
        Category.objects.filter(is_active=True)
        .annotate(
            mine=Case(When(own, then=Value(0)), default=Value(1), output_field=IntegerField()),
            topic_count=Count("topics", filter=topics),
        )
        .order_by("mine", "position", "name_fr")
    )


def _attach_read_numbers(topics: list[Topic], user: User) -> None:
    """The person's read rows for this page's topics only (one query), never for the whole list."""
    reads = dict(
        TopicRead.objects.filter(user=user, topic__in=[topic.pk for topic in topics]).values_list(
            "topic_id", "last_read_number"
        )
    )
    for topic in topics:
        topic.last_read_number = reads.get(topic.pk)


def mark_unread(topics, *, horizon: datetime) -> None:
    """Sets topic.unread (new posts since the last visit) and topic.is_new (never opened)."""
    for topic in topics:
        read = getattr(topic, "last_read_number", None)
        fresh = topic.last_posted_at > horizon
        topic.is_new = fresh and read is None
        topic.unread_count = max(topic.last_number - (read or 0), 0) if fresh else 0


def topic_page(*, user: User, category: Category, number, member: Member | None) -> Page:
    """One page of a category's topics, pinned first then by last activity; unread markers.

    Participants list approved, visible topics only: the count and the page are read from the
    partial index forum_topic_list (their own topics waiting for approval are reached from the
    message shown after posting). Moderators list everything.
    Queries: the count, the page (author joined), the read rows of the page's topics."""
    if is_moderator(user):
        topics = Topic.objects.filter(category=category)
    else:
        topics = Topic.objects.filter(category=category, is_hidden=False, is_approved=True)
    topics = (
        topics.select_related("author")
        .only(
            "pk",
            "title",
            "is_question",
            "accepted_post_id",
            "is_pinned",
            "is_locked",
            "is_hidden",
            "is_approved",
            "last_posted_at",
            "last_number",
            "reply_count",
            "last_poster_name",
            "created_at",
            "category_id",
            "author__display_name",
            "author__role",
        )  # fmt: skip
        .order_by("-is_pinned", "-last_posted_at", "-pk")
    )
    page = Paginator(topics, TOPICS_PER_PAGE).get_page(number)
    page.object_list = list(page.object_list)
    _attach_read_numbers(page.object_list, user)
    mark_unread(page.object_list, horizon=read_horizon(member))
    return page


@dataclass
class TopicView:
    page: Page
    read: TopicRead | None
    first_unread: int | None
    level: int
    moderator: bool


def topic_view(*, user: User, topic: Topic, number, member: Member | None) -> TopicView:
    """A page of 20 posts and what the person has read.

    Queries: permission (2, cached per request), read row, subscription level, count, posts page."""
    moderator = is_moderator(user)
    posts = (
        Post.objects.filter(visible_posts_q(user, moderator=moderator), topic=topic)
        .select_related("author")
        .defer("search_vector")  # the index's words: never shown, and as long as the body
        .order_by("number")
    )
    if moderator:
        posts = posts.annotate(open_flags=Count("flags", filter=Q(flags__resolved_at__isnull=True)))
    read = TopicRead.objects.filter(user=user, topic=topic).first() if user.is_authenticated else None
    level = (
        Subscription.objects.filter(user=user, topic=topic).values_list("level", flat=True).first()
        if user.is_authenticated
        else None
    )
    horizon = read_horizon(member)
    first_unread = None
    if topic.last_posted_at > horizon:
        last_read = read.last_read_number if read else 0
        if last_read < topic.last_number:
            first_unread = last_read + 1
    paginator = Paginator(posts, POSTS_PER_PAGE)
    # "Page" is counted in posts, so a post's page is fixed: number (position) // 20.
    page = paginator.get_page(number)
    return TopicView(page=page, read=read, first_unread=first_unread, level=level or Level.NORMAL, moderator=moderator)


def category_level(*, user: User, category: Category) -> int:
    level = Subscription.objects.filter(user=user, category=category).values_list("level", flat=True).first()
    return Level.NORMAL if level is None else level


def quotable_post(*, user: User, topic: Topic, post_id: str) -> Post | None:
    """The visible post of this topic a reply quotes (?quote=…), or None: a bad id is ignored."""
    if not post_id.isdigit():
        return None
    return (
        Post.objects.filter(topic=topic, pk=int(post_id), is_hidden=False, is_approved=True, is_deleted=False)
        .select_related("author")
        .first()
    )


def post_page_number(*, user: User, topic: Topic, number: int) -> int:
    """The page of the topic where the post with this number (or the next visible one) is."""
    moderator = is_moderator(user)
    before = Post.objects.filter(visible_posts_q(user, moderator=moderator), topic=topic, number__lt=number).count()
    return before // POSTS_PER_PAGE + 1


def post_revisions(*, post: Post) -> list[PostRevision]:
    return list(PostRevision.objects.filter(post=post).order_by("-edited_at"))


def unread_notification_count(*, user: User) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def notification_page(*, user: User, number) -> Page:
    notifications = (
        Notification.objects.filter(user=user)
        .filter(Q(post__isnull=True) | Q(post__is_hidden=False, post__is_approved=True, post__is_deleted=False))
        .select_related("topic", "post", "post__author")
        .order_by("-created_at", "-pk")
    )
    return Paginator(notifications, 30).get_page(number)


def replies_for_you(*, user: User, limit: int = 5) -> dict:
    """Unread replies in watched topics, for the dashboard: the count and the latest few."""
    unread = Notification.objects.filter(
        user=user,
        read_at__isnull=True,
        kind__in=[Notification.Kind.REPLY, Notification.Kind.QUOTE],
        post__is_hidden=False,
        post__is_approved=True,
        post__is_deleted=False,
    )
    # One query: the total counted over the whole filtered set before the limit (a window), so
    # that the count and the latest few come together; no row means a count of nought.
    latest = list(
        unread.select_related("topic", "post__author")
        .annotate(total=Window(Count("pk")))
        .order_by("-created_at", "-pk")[:limit]
    )
    return {"count": latest[0].total if latest else 0, "latest": latest}


def search_posts(*, user: User, text: str) -> list[Post]:
    """Visible posts matching the words, best first: PostgreSQL full-text (French, unaccent,
    ranked), or on SQLite a case- and accent-folded LIKE on the body."""
    text = (text or "").strip()[:200]
    if not text:
        return []
    posts = (
        Post.objects.filter(is_hidden=False, is_deleted=False, is_approved=True)
        .filter(topic__is_hidden=False, topic__is_approved=True, topic__category__is_active=True)
        .select_related("topic", "topic__category", "author")
        .defer("search_vector")  # searched, never shown
    )
    if is_postgresql():
        from django.contrib.postgres.search import SearchQuery, SearchRank

        query = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
        posts = (
            posts.filter(search_vector=query)
            .annotate(rank=SearchRank(F("search_vector"), query))
            .order_by("-rank", "-created_at")
        )
    else:
        # SQLite (make run): every word, accents and case ignored, in the title or the body.
        haystack = Fold(Concat(F("topic__title"), Value(" "), F("body"), output_field=CharField()))
        posts = posts.annotate(haystack=haystack)
        for word in fold(text).split()[:8]:
            posts = posts.filter(haystack__contains=word)
        posts = posts.order_by("-created_at")
    return list(posts[:SEARCH_LIMIT])


def moderation_queue(*, now: datetime | None = None) -> dict:
    """Posts with open flags (oldest first, highlighted past 48 h) and posts waiting for approval."""
    now = now or timezone.now()
    flagged = list(
        Post.objects.filter(pk__in=Flag.objects.filter(resolved_at__isnull=True).values("post_id"))
        .annotate(
            flag_count=Count("flags", filter=Q(flags__resolved_at__isnull=True)),
            first_flag_at=Min("flags__created_at", filter=Q(flags__resolved_at__isnull=True)),
        )
        .select_related("topic", "author")
        .order_by("first_flag_at")[:100]
    )
    reasons: dict[int, list[Flag]] = {}
    for flag in Flag.objects.filter(post__in=[post.pk for post in flagged], resolved_at__isnull=True).select_related(
        "flagger"
    ):
        reasons.setdefault(flag.post_id, []).append(flag)
    for post in flagged:
        post.open_flags_list = reasons.get(post.pk, [])
        post.highlight = now - post.first_flag_at >= FLAG_HIGHLIGHT_DELAY
    waiting = list(
        Post.objects.filter(is_approved=False, is_hidden=False, is_deleted=False)
        .select_related("topic", "author")
        .order_by("created_at")[:100]
    )
    return {"flagged": flagged, "waiting": waiting}


def moderation_log(*, number) -> Page:
    actions = ModerationAction.objects.select_related("moderator", "topic", "target_user").order_by("-created_at")
    return Paginator(actions, 50).get_page(number)


def _coach_queue(now: datetime):
    return Topic.objects.filter(
        category__kind=Category.Kind.COACHES,
        is_question=True,
        is_hidden=False,
        is_approved=True,
        coach_replied_at__isnull=True,
        accepted_post__isnull=True,
        created_at__lte=now - COACH_QUEUE_DELAY,
    )


def coach_queue(*, now: datetime | None = None, limit: int = 50) -> dict:
    """Questions for coaches left 48 hours without a coach's reply: the oldest first, and the count."""
    # One query: the total rides along each row as a window count.
    topics = list(
        _coach_queue(now or timezone.now())
        .annotate(total=Window(Count("pk")))
        .select_related("author")
        .order_by("created_at")[:limit]
    )
    return {"count": topics[0].total if topics else 0, "topics": topics}


def unanswered_question_counts(*, participant_ids) -> dict[int, int]:
    """For coaching's caseload: per participant, their visible questions without an accepted
    answer nor a coach's reply. `participant_ids`: ids, or a query of them (a subquery)."""
    rows = (
        Topic.objects.filter(
            author_id__in=participant_ids,
            is_question=True,
            is_hidden=False,
            is_approved=True,
            accepted_post__isnull=True,
            coach_replied_at__isnull=True,
        )
        .values("author_id")
        .annotate(n=Count("pk"))
        .values_list("author_id", "n")
    )
    return dict(rows)


def questions_with_first_answer(*, asked_from: datetime, asked_before: datetime):
    """For the ministry's reports: the visible questions asked in [asked_from, asked_before), each
    annotated with its first answer (`first_answer_at`, `first_answer_role`: the answerer's role).

    An answer is a visible reply by anyone but the asker, a coach or another participant; the
    caller filters by the asker (`author__…`) and aggregates (one query in all).
    """
    answers = (
        Post.objects.filter(topic=OuterRef("pk"), number__gt=1, is_approved=True, is_hidden=False, is_deleted=False)
        .exclude(author_id=OuterRef("author_id"))
        .order_by("number")
    )
    return Topic.objects.filter(
        is_question=True,
        is_hidden=False,
        is_approved=True,
        created_at__gte=asked_from,
        created_at__lt=asked_before,
    ).annotate(
        first_answer_at=Subquery(answers.values("created_at")[:1]),
        first_answer_role=Subquery(answers.values("author__role")[:1]),
    )


def digest_content(*, user: User, since: datetime, limit: int = 20) -> list[Post]:
    """What a digest shows: visible posts by others since `since`, in topics the person watches
    or tracks, or new topics in categories they watch; muted topics left out."""
    levels = Subscription.objects.filter(user=user)
    followed_topics = levels.filter(topic__isnull=False, level__gte=Level.TRACKING).values("topic_id")
    muted_topics = levels.filter(topic__isnull=False, level=Level.MUTED).values("topic_id")
    watched_categories = levels.filter(category__isnull=False, level__gte=Level.TRACKING).values("category_id")
    return list(
        Post.objects.filter(
            is_hidden=False,
            is_deleted=False,
            is_approved=True,
            topic__is_hidden=False,
            topic__is_approved=True,
            created_at__gt=since,
        )  # fmt: skip
        .exclude(author=user)
        .exclude(topic_id__in=muted_topics)
        .filter(Q(topic_id__in=followed_topics) | Q(number=1, topic__category_id__in=watched_categories))
        .select_related("topic", "author")
        .order_by("-created_at")[:limit]
    )


EXPORT_LABELS = {
    "digest": gettext_lazy("résumé par courriel"),
    "posts": gettext_lazy("messages"),
    "topic": gettext_lazy("sujet"),
    "number": gettext_lazy("numéro dans le sujet"),
    "written_at": gettext_lazy("écrit le"),
    "text": gettext_lazy("texte"),
    "deleted": gettext_lazy("supprimé"),
    "subscriptions": gettext_lazy("abonnements"),
    "topic_id": gettext_lazy("numéro du sujet"),
    "category_id": gettext_lazy("numéro de la catégorie"),
    "level": gettext_lazy("niveau de notification"),
    "flags": gettext_lazy("signalements"),
    "post_id": gettext_lazy("numéro du message"),
    "reason": gettext_lazy("motif"),
    "at": gettext_lazy("le"),
}


def forum_personal_data_export(*, user: User) -> dict:
    """The author's posts (hidden ones included: they are theirs), settings and subscriptions.
    Nothing about other people's posts."""
    member = Member.objects.filter(user=user).first()
    posts = Post.objects.filter(author=user).select_related("topic").order_by("created_at")
    return {
        "digest": choice_of(Member, "digest", member.digest if member else Member.Digest.DAILY),
        "posts": [
            {
                "topic": post.topic.title,
                "number": post.number,
                "written_at": moment(post.created_at),
                "text": post.body,
                "deleted": post.is_deleted,
            }
            for post in posts
        ],
        "subscriptions": [
            {
                "topic_id": row["topic_id"],
                "category_id": row["category_id"],
                "level": choice_of(Subscription, "level", row["level"]),
            }
            for row in Subscription.objects.filter(user=user).values("topic_id", "category_id", "level")
        ],
        "flags": [
            {
                "post_id": row["post_id"],
                "reason": choice_of(Flag, "reason", row["reason"]),
                "at": moment(row["created_at"]),
            }
            for row in Flag.objects.filter(flagger=user).values("post_id", "reason", "created_at")
        ],
    }
