"""Who may see and do what in the forum. Object getters raise Http404 for what the person may
not see (hidden, waiting for approval), so nothing tells that it exists."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from accounts.models import User
from forum.models import Category, Post, Topic

MODERATE_PERMISSION = "forum.moderate_forum"


def is_moderator(user: User) -> bool:
    """Coaches and ministry admins hold the permission through their role's group; participants
    never do (their group has no permission), which spares their pages the permission queries."""
    if not user.is_authenticated or (user.is_participant and not user.is_superuser):
        return False
    return user.has_perm(MODERATE_PERMISSION)


def require_moderator(user: User) -> None:
    if not is_moderator(user):
        raise PermissionDenied


def require_coach_or_moderator(user: User) -> None:
    if not (user.is_authenticated and (user.is_coach or is_moderator(user))):
        raise PermissionDenied


def visible_topics(user: User):
    """Topics the person may see: moderators everything; others the approved, not hidden ones,
    plus their own topics waiting for approval."""
    topics = Topic.objects.all()
    if is_moderator(user):
        return topics
    return topics.filter(Q(is_hidden=False) & (Q(is_approved=True) | Q(author=user)))


def visible_posts_q(user: User, *, moderator: bool) -> Q:
    if moderator:
        return Q()
    return Q(is_hidden=False) & (Q(is_approved=True) | Q(author=user))


def get_category_for_reader(*, user: User, slug: str) -> Category:
    category = Category.objects.filter(slug=slug, is_active=True).first()
    if category is None:
        raise Http404
    return category


def get_topic_for_reader(*, user: User, topic_id: int) -> Topic:
    topic = (
        visible_topics(user)
        .select_related("category", "author", "accepted_post", "accepted_post__author")
        .filter(pk=topic_id)
        .first()
    )
    if topic is None or not topic.category.is_active:
        raise Http404
    return topic


def get_post_for_reader(*, user: User, post_id: int) -> Post:
    moderator = is_moderator(user)
    post = (
        Post.objects.select_related("topic", "topic__category", "author")
        .filter(visible_posts_q(user, moderator=moderator), pk=post_id, topic__in=visible_topics(user))
        .first()
    )
    if post is None:
        raise Http404
    return post


def get_post_for_author(*, user: User, post_id: int) -> Post:
    """A post the person wrote (edit, delete): another person's post is 404."""
    post = get_post_for_reader(user=user, post_id=post_id)
    if post.author_id != user.pk and not is_moderator(user):
        raise Http404
    return post
