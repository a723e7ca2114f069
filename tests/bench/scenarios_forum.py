"""forum: 100,000 posts in 5,000 topics (one category, the worst case for its topic list).

Pages: a topic page (20 posts), the topic list (newest activity first, unread markers) and the
forum search (French full-text, ranked). Seeded in SQL with generate_series: the search trigger
fills each post's vector as production's inserts do.

The posts are written by two forum-only people, not by the bench participant and coach: the
participant's "download my data" page (scenarios_privacy) measures a typical person's export,
which 50,000 forum posts of their own turned into a 20-second page that no one has.
"""

from tests.bench.framework import BenchContext, Page

TOPICS = 5_000
POSTS_PER_TOPIC = 20
TITLE_PREFIX = "Banc d'essai"
AUTHORS = ("bench-forum-a@example.org", "bench-forum-b@example.org")
WORDS = [
    "logement", "emploi", "hiver", "garderie", "permis", "banque", "assurance", "épicerie", "autobus",
    "francisation", "diplôme", "ordre", "impôts", "école", "santé", "déménagement", "bénévolat", "voisinage",
    "salaire", "location",
]  # fmt: skip


def seed(ctx: BenchContext) -> None:
    from django.db import connection

    from accounts.models import User
    from accounts.services import user_create
    from forum.models import Category, Topic

    topics = max(int(TOPICS * ctx.scale), 50)
    category = Category.objects.get(slug="general")
    ctx.data["forum_category"] = category.slug
    authors = [
        User.objects.filter(email=email).first() or user_create(email=email, password=None, display_name="Forum")
        for email in AUTHORS
    ]
    with connection.cursor() as cursor:
        # Bench databases seeded before the forum had authors of its own: the same rows, other authors.
        for bench_person, author in ((ctx.participant, authors[0]), (ctx.coach, authors[1])):
            cursor.execute(
                "UPDATE forum_post SET author_id = %s WHERE author_id = %s AND topic_id IN "
                "(SELECT id FROM forum_topic WHERE category_id = %s AND title LIKE %s)",
                [author.pk, bench_person.pk, category.pk, TITLE_PREFIX + "%"],
            )
            cursor.execute(
                "UPDATE forum_topic SET author_id = %s WHERE author_id = %s AND category_id = %s AND title LIKE %s",
                [author.pk, bench_person.pk, category.pk, TITLE_PREFIX + "%"],
            )
    existing = Topic.objects.filter(category=category, title__startswith=TITLE_PREFIX).count()
    if existing < topics:
        words = "ARRAY[" + ",".join(f"'{word}'" for word in WORDS) + "]"
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                INSERT INTO forum_topic (category_id, author_id, title, is_question, is_pinned, is_locked,
                    is_hidden, is_approved, created_at, last_posted_at, last_number, reply_count, last_poster_name)
                SELECT %s, CASE WHEN g %% 2 = 0 THEN %s ELSE %s END,
                    %s || ' ' || g || ' : ' || ({words})[1 + g %% 20] || ' et ' || ({words})[1 + (g / 20) %% 20],
                    g %% 3 = 0, false, false, false, true,
                    now() - (g || ' minutes')::interval, now() - (g || ' minutes')::interval,
                    {POSTS_PER_TOPIC}, {POSTS_PER_TOPIC - 1}, 'Bench'
                FROM generate_series(%s, %s) AS g
                """,
                [category.pk, authors[0].pk, authors[1].pk, TITLE_PREFIX, existing + 1, topics],
            )
            cursor.execute(
                f"""
                INSERT INTO forum_post (topic_id, author_id, number, body, html, created_at, is_deleted,
                    is_hidden, is_approved)
                SELECT t.id, t.author_id, n,
                    'Message ' || n || ' sur le ' || ({words})[1 + (t.id + n) %% 20] || ' : une question sur le '
                        || ({words})[1 + (t.id * n) %% 20] || ' à Montréal'
                        || CASE WHEN (t.id + n) %% 97 = 0 THEN ' et le déneigement' ELSE '' END,
                    '<p>Message ' || n || '</p>', t.created_at + (n || ' seconds')::interval, false, false, true
                FROM forum_topic t CROSS JOIN generate_series(1, {POSTS_PER_TOPIC}) AS n
                WHERE t.category_id = %s AND t.title LIKE %s
                  AND NOT EXISTS (SELECT 1 FROM forum_post p WHERE p.topic_id = t.id)
                """,
                [category.pk, TITLE_PREFIX + "%"],
            )
            cursor.execute("VACUUM ANALYZE forum_topic")
            cursor.execute("VACUUM ANALYZE forum_post")
    middle = Topic.objects.filter(category=category, title__startswith=TITLE_PREFIX).order_by("pk")[topics // 2]
    ctx.data["forum_topic"] = middle.pk


PAGES = [
    Page(
        name="forum topic page (20 posts of 100,000)",
        path=lambda ctx: f"/forum/sujet/{ctx.data['forum_topic']}/",
        login_as="participant",
        target_median_ms=50,
    ),
    Page(
        name="forum topic list (5,000 topics)",
        path=lambda ctx: f"/forum/{ctx.data['forum_category']}/",
        login_as="participant",
        target_median_ms=50,
    ),
    Page(
        name="forum search (100,000 posts)",
        path="/forum/recherche/?q=d%C3%A9neigement",
        login_as="participant",
        target_median_ms=50,
    ),
]
