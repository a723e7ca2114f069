"""Forum objects for tests outside tests/forum (the security table, e2e, bench): made through
the services, then approved whatever FORUM_APPROVAL_POSTS says."""

from forum.models import Category, Post, Topic
from forum.services import reply_create, topic_create


def _approve(topic: Topic) -> Topic:
    Post.objects.filter(topic=topic).update(is_approved=True)
    last = Post.objects.filter(topic=topic).order_by("-number").first()
    Topic.objects.filter(pk=topic.pk).update(is_approved=True, last_number=last.number, reply_count=last.number - 1)
    topic.refresh_from_db()
    return topic


def approved_topic(author, *, title="Un sujet", body=None, slug="general", **extra) -> Topic:
    body = body or f"{title} : le premier message."
    # get_or_create: a transactional test may run after another one's flush emptied the
    # categories the migration made (restoring them all by serialized rollback takes minutes).
    category, _created = Category.objects.get_or_create(slug=slug, defaults={"name_fr": slug})
    topic = topic_create(user=author, category=category, title=title, body=body, trusted=True, **extra)
    return _approve(topic)


def approved_reply(author, topic: Topic, body: str | None = None) -> Post:
    body = body or f"Une réponse dans « {topic.title} »."
    post = reply_create(user=author, topic=topic, body=body, trusted=True)
    _approve(topic)
    post.refresh_from_db()
    return post
