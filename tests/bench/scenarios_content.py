"""Content: library, search and a capsule page over 10,000 documents; the search speed itself."""

from tests.bench.framework import PAGE_RATIO, SEARCH_RATIO, BenchContext, Figure, Page, median_ms

VOLUME_PREFIX = "bench-content-"
CAPSULES = 4_000
ARTICLES = 4_500
ORGANISATIONS = 1_454  # + the 46 professional orders = 10,000 searchable documents
WORDS = (  # noqa: SIM905
    "études emploi logement santé école enfants francisation région travail diplôme ordre professionnel "
    "reconnaissance compétences bail loyer épicerie transport autobus hiver vêtements banque compte impôts "
    "assurance maladie permis conduire garderie quartier voisin bénévolat réseau entrevue curriculum "
    "employeur formation stage examen équivalence évaluation comparative québec montréal saguenay gaspésie"
).split()


def _text(rng, count: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(count)).capitalize() + "."


def seed(ctx: BenchContext) -> None:
    import random

    from django.db import transaction
    from django.utils import timezone

    from accounts.models import Region
    from content.models import Article, Capsule, Organisation, OrganisationService

    rng = random.Random(2026)
    now = timezone.now()
    regions = list(Region.objects.order_by("code"))
    scale = ctx.scale
    with transaction.atomic():
        have = Capsule.objects.filter(slug__startswith=VOLUME_PREFIX).count()
        Capsule.objects.bulk_create(
            [
                Capsule(
                    title=_text(rng, 5),
                    slug=f"{VOLUME_PREFIX}{number}",
                    summary=_text(rng, 25),
                    transcript="\n\n".join(f"[{minute}:00] {_text(rng, 60)}" for minute in range(4)),
                    duration_seconds=240,
                    status="published",
                    published_at=now,
                )
                for number in range(have, int(CAPSULES * scale))
            ],
            batch_size=500,
        )
        have = Article.objects.filter(slug__startswith=VOLUME_PREFIX).count()
        articles = []
        for number in range(have, int(ARTICLES * scale)):
            article = Article(
                title=_text(rng, 6),
                slug=f"{VOLUME_PREFIX}{number}",
                summary=_text(rng, 25),
                body_markdown="\n\n".join(_text(rng, 80) for _ in range(4)),
                status="published",
                published_at=now,
            )
            article.body_html = article.body_markdown  # bulk_create skips save(): plain text is fine here
            articles.append(article)
        Article.objects.bulk_create(articles, batch_size=500)
        have = Organisation.objects.filter(slug__startswith=VOLUME_PREFIX).count()
        organisations = Organisation.objects.bulk_create(
            [
                Organisation(
                    name=f"Organisme {_text(rng, 3)} {number}",
                    slug=f"{VOLUME_PREFIX}{number}",
                    region=regions[number % len(regions)],
                    municipality=rng.choice(["Montréal", "Québec", "Saguenay", "Gaspé", "Sherbrooke"]),
                    description=_text(rng, 40),
                    languages="français, anglais",
                )
                for number in range(have, int(ORGANISATIONS * scale))
            ],
            batch_size=500,
        )
        OrganisationService.objects.bulk_create(
            [OrganisationService(organisation=organisation, service="individual") for organisation in organisations],
            batch_size=1000,
        )
    first = Capsule.objects.filter(slug=f"{VOLUME_PREFIX}0").first()
    if first is not None:
        ctx.data["content_capsule_url"] = first.get_absolute_url()


def _search(ctx: BenchContext, text: str) -> None:
    from content import search
    from content.views import CappedPaginator

    entries = search.search_entries(text=text, user=ctx.participant)
    counter = lambda: search.search_count(text=text, user=ctx.participant)  # noqa: E731
    page = CappedPaginator(entries, 20, counter=counter).get_page(1)
    search.search_results(page.object_list, text=text)


def measure_search(ctx: BenchContext) -> float:
    """The search page's work (count, ranked page of 20, highlighted snippets), warm, median."""
    return median_ms(lambda: _search(ctx, "etudes"), repeat=30, warmup=5)


def measure_rare_search(ctx: BenchContext) -> float:
    return median_ms(lambda: _search(ctx, "équivalence gaspésie"), repeat=30, warmup=5)


PAGES = [
    Page(name="content library (for you)", path="/contenus/", login_as="participant", target_ratio=PAGE_RATIO),
    Page(name="content search « etudes »", path="/contenus/recherche/?q=etudes", login_as="participant",
         target_ratio=SEARCH_RATIO),
    Page(name="organisations, filtered", path="/contenus/organismes/?region=06&service=individual",
         login_as="participant", target_ratio=PAGE_RATIO),
    Page(name="capsule page", path=lambda ctx: ctx.data.get("content_capsule_url", "/contenus/capsules/"),
         login_as="participant", target_ratio=PAGE_RATIO),
]  # fmt: skip

FIGURES = [
    Figure(name="search over 10,000 documents (median, warm)", measure=measure_search, unit="ms", target=50),
    Figure(name="search over 10,000 documents, two words (median, warm)", measure=measure_rare_search, unit="ms",
           target=50),
]  # fmt: skip
