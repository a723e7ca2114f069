from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from forum.notify_cache import cached_unread_count
from integration_portal.cached_forms import csrf_placeholder, with_reader_token
from integration_portal.versioned_cache import cached_fragment

register = template.Library()


@register.simple_tag(takes_context=True)
def forum_unread_count(context) -> int | None:
    """The unread notification count from the cache (no database query on every page); None
    when the cache has none yet: the page script then asks the server for it."""
    user = context.get("user")
    if user is None or not user.is_authenticated:
        return None
    return cached_unread_count(user.pk)


@register.simple_tag
def forum_topic_rows(topics):
    """A category's table rows, rendered once per content (issue 16): fifty rows of badges,
    links and times in two zones were most of the topic list's time, and every reader of a
    category sees the same rows but for the unread markers, which are part of the key."""
    shown = [
        (
            topic.pk, topic.title, topic.is_pinned, topic.is_locked, topic.is_question, bool(topic.accepted_post_id),
            topic.is_hidden, topic.is_approved, topic.is_new, topic.unread_count,
            topic.author.display_name if topic.author else None, topic.reply_count, topic.last_posted_at,
            topic.last_poster_name,
        )
        for topic in topics
    ]  # fmt: skip
    html = cached_fragment("topic-rows", shown, lambda: render_to_string("forum/_topic_rows.html", {"topics": topics}))
    return mark_safe(html)  # the template's own escaped output, cached as is


@register.simple_tag(takes_context=True)
def forum_post_cards(context, posts):
    """A topic page's posts, rendered once per content and way of seeing them (issue 16): twenty
    cards of links, times in two zones and buttons were most of the topic page's time. The key
    holds what each card shows and every flag of the reader they depend on (one entry per page,
    not per post, so that a page does not push twenty other values out of the memory cache); the
    forms' CSRF token, different on every response, is put in after the cache."""
    user = context["user"]
    topic = context["topic"]
    moderator, can_reply, can_accept = (
        bool(context.get("moderator")),
        context.get("can_reply"),
        context.get("can_accept"),
    )
    shown = [
        (
            post.pk, post.number, post.author_id, post.author.display_name if post.author else None,
            bool(post.author and post.author.is_coach), post.created_at, post.edited_at, post.is_hidden,
            post.is_approved, post.is_deleted, post.html if post.is_approved else getattr(post, "unapproved_html", ""),
            getattr(post, "open_flags", None) if moderator else None, post.can_edit, post.author_id == user.pk,
            topic.accepted_post_id == post.pk,
        )
        for post in posts
    ]  # fmt: skip

    def render() -> str:
        card_context = {
            "topic": topic, "user": user, "moderator": moderator, "can_reply": can_reply, "can_accept": can_accept,
            "csrf_token": csrf_placeholder(),
        }  # fmt: skip
        return "".join(render_to_string("forum/_post.html", {**card_context, "post": post}) for post in posts)

    html = with_reader_token(
        cached_fragment("post-cards", (shown, moderator, bool(can_reply), bool(can_accept)), render), context
    )
    return mark_safe(html)  # the template's own escaped output, cached as is


@register.simple_tag
def forum_search_results(posts):
    """The search's result list, rendered once per content (issue 16): thirty links, names and
    shortened bodies, the same for everyone who searches the same words."""
    shown = [
        (
            post.pk,
            post.topic.title,
            post.topic.category.name,
            post.author.display_name if post.author else None,
            post.body,
        )
        for post in posts
    ]
    html = cached_fragment(
        "search-results", shown, lambda: render_to_string("forum/_search_results.html", {"results": posts})
    )
    return mark_safe(html)  # the template's own escaped output, cached as is
