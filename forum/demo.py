"""Starting categories and schedules (used by a migration: model classes are passed in), and the
demo exchange of `make run` (seed_demo)."""

import json

from django.conf import settings

GENERAL = [
    ("general", "Discussions générales", "General discussion", "Tout ce qui touche la préparation et l'installation.",
     "Anything about getting ready and settling in.", 10),
]  # fmt: skip
COACHES = (
    "questions-accompagnement",
    "Questions aux personnes-ressources",
    "Questions for coaches",
    "Une personne-ressource vous répond en moins de 48 heures.",
    "A coach answers within 48 hours.",
    20,
)

# Beat schedules: (name, task, crontab fields, kwargs).
PERIODIC_TASKS = [
    ("forum: daily digest", "forum.digest", {"minute": "0", "hour": "7"}, {"frequency": "daily"}),
    ("forum: weekly digest", "forum.digest", {"minute": "0", "hour": "7", "day_of_week": "1"}, {"frequency": "weekly"}),
    ("forum: read state cleanup", "forum.read_state_cleanup", {"minute": "30", "hour": "3"}, {}),
]  # fmt: skip


def default_categories_ensure(*, Category, Region, Occupation) -> int:
    """Create the missing starting categories; never changes one an admin has edited."""
    rows = [
        {"slug": slug, "name_fr": fr, "name_en": en, "description_fr": dfr, "description_en": den, "position": pos,
         "kind": "general"}
        for slug, fr, en, dfr, den, pos in GENERAL
    ]  # fmt: skip
    slug, fr, en, dfr, den, pos = COACHES
    rows.append(
        {"slug": slug, "name_fr": fr, "name_en": en, "description_fr": dfr, "description_en": den, "position": pos,
         "kind": "coaches"}
    )  # fmt: skip
    for region in Region.objects.order_by("code"):
        rows.append(
            {"slug": f"region-{region.code}", "name_fr": region.name_fr, "name_en": region.name_en,
             "kind": "region", "region": region, "position": 100 + int(region.code)}
        )  # fmt: skip
    for occupation in Occupation.objects.filter(level=1).order_by("code"):
        rows.append(
            {"slug": f"professions-{occupation.code}", "name_fr": occupation.name_fr, "name_en": occupation.name_en,
             "kind": "occupation", "occupation": occupation, "position": 200 + int(occupation.code)}
        )  # fmt: skip
    created = 0
    for row in rows:
        _category, was_created = Category.objects.get_or_create(slug=row.pop("slug"), defaults=row)
        created += was_created
    return created


def periodic_tasks_ensure(*, CrontabSchedule, PeriodicTask) -> None:
    for name, task, fields, kwargs in PERIODIC_TASKS:
        schedule, _created = CrontabSchedule.objects.get_or_create(
            timezone=settings.CELERY_TIMEZONE,
            **{"minute": "*", "hour": "*", "day_of_week": "*", "day_of_month": "*", "month_of_year": "*", **fields},
        )
        PeriodicTask.objects.get_or_create(
            name=name, defaults={"task": task, "crontab": schedule, "kwargs": json.dumps(kwargs)}
        )


DEMO_TOPICS = [
    # (category slug, title, is_question, [(author key, body)])
    (
        "questions-accompagnement",
        "Faire reconnaître mon diplôme d'ingénieure avant d'arriver ?",
        True,
        [
            ("participant", "Bonjour ! J'ai un diplôme d'ingénieure obtenu au Maroc. Dois-je commencer les "
             "démarches auprès de l'Ordre avant mon arrivée ?"),
            ("other", "Je suis dans la même situation ; j'ai commencé par l'évaluation comparative des études."),
            ("coach", "Oui, vous pouvez commencer depuis l'étranger : l'**Ordre des ingénieurs du Québec** étudie "
             "le dossier à distance. Voyez la fiche *Professions réglementées* de la bibliothèque."),
        ],
    ),
    (
        "general",
        "Trouver un logement à Rimouski",
        False,
        [
            ("other", "Quelqu'un connaît-il de bons quartiers pour une famille à Rimouski ?"),
            ("participant", "Nous cherchons aussi ! Le service d'accueil de la région m'a donné une liste de sites."),
        ],
    ),
]  # fmt: skip


def demo_forum_ensure(*, participant, other, coach) -> int:
    """A few topics and replies between two participants and the demo coach (idempotent)."""
    from forum.models import Category, ModerationAction, Topic
    from forum.services import post_accept, post_moderate, reply_create, topic_create

    def approved(post):
        # The demo participants are new members, whose first posts wait for a moderator: the demo
        # coach approves them, as would happen in the service, so the exchange is there to read.
        if not post.is_approved:
            post_moderate(moderator=coach, post=post, action=ModerationAction.Action.APPROVE)
        return post

    people = {"participant": participant, "other": other, "coach": coach}
    made = 0
    for slug, title, is_question, posts in DEMO_TOPICS:
        if Topic.objects.filter(title=title).exists():
            continue
        category = Category.objects.get(slug=slug)
        (first_key, first_body), *replies = posts
        topic = topic_create(
            user=people[first_key], category=category, title=title, body=first_body, is_question=is_question,
            trusted=True,
        )  # fmt: skip
        approved(topic.posts.get(number=1))
        last = None
        for key, body in replies:
            last = approved(reply_create(user=people[key], topic=topic, body=body, trusted=True))
        if is_question and last is not None:
            post_accept(user=people[first_key], post=last)
        made += 1
    return made
