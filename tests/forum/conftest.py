import pytest

from forum.models import Category
from forum.services import reply_create, topic_create


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate-limit counters and cached counts are keyed by user id, and ids repeat from one run
    (or one transactional test) to the next: each test starts from an empty cache."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def no_approval_by_default(settings):
    """Most tests are about other rules: new accounts' posts are approved at once unless a test
    sets FORUM_APPROVAL_POSTS itself (tests/forum/test_trust.py)."""
    settings.FORUM_APPROVAL_POSTS = 0


@pytest.fixture
def general(db) -> Category:
    return Category.objects.get(slug="general")


@pytest.fixture
def coaches_category(db) -> Category:
    return Category.objects.get(slug="questions-accompagnement")


@pytest.fixture
def make_topic(general):
    def make(user, *, title="Un sujet de test", body=None, category=None, **extra):
        make.n += 1
        body = body or f"Le premier message du sujet {make.n}."
        return topic_create(user=user, category=category or general, title=title, body=body, trusted=True, **extra)

    make.n = 0
    return make


@pytest.fixture
def make_reply():
    def make(user, topic, body=None, **extra):
        make.n += 1
        return reply_create(user=user, topic=topic, body=body or f"Réponse numéro {make.n}.", trusted=True, **extra)

    make.n = 0
    return make


@pytest.fixture
def client_of():
    from django.test import Client

    def login(user):
        client = Client()
        client.force_login(user)
        return client

    return login
