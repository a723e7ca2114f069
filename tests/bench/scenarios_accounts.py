"""accounts: the onboarding forms and the participant's profile page, and the occupation search.

The bench participant has finished onboarding, so the step forms are measured where they live
afterwards (/moi/profil/<step>/): the same forms and templates as /moi/bienvenue/<step>/. The
situation step is the heaviest (about 600 IANA time zones and 250 countries); the occupation
step is measured with a search. Volume: UNIT_GROUPS five-digit occupations (the full NOC 2021
has about 500 unit groups), so the search runs over a realistic table.
"""

from tests.bench.framework import PAGE_RATIO, BenchContext, Figure, Page, median_ms

UNIT_GROUPS = 520
WORDS = ["ingénieurs", "techniciens", "infirmières", "analystes", "conseillers", "opérateurs", "agents", "cadres"]
FIELDS = ["civils", "en informatique", "de la santé", "en finance", "en agriculture", "de la construction"]


def seed(ctx: BenchContext) -> None:
    """Five-digit occupations under the ten broad categories (idempotent)."""
    from accounts.models import Occupation

    if Occupation.objects.filter(level=Occupation.Level.UNIT_GROUP).count() >= UNIT_GROUPS:
        return
    parents = {o.code: o for o in Occupation.objects.filter(level=Occupation.Level.BROAD_CATEGORY)}
    wanted = []
    for index in range(UNIT_GROUPS):
        broad = str(index % 10)
        code = f"{broad}{index:04d}"[:5]
        name_fr = f"{WORDS[index % len(WORDS)].capitalize()} {FIELDS[index % len(FIELDS)]} {index}"
        name_en = f"Occupation {index}"
        wanted.append(
            Occupation(
                code=code,
                name_fr=name_fr,
                name_en=name_en,
                level=Occupation.Level.UNIT_GROUP,
                parent=parents.get(broad),
                search_key=Occupation.search_key_for(code, name_fr, name_en),
            )
        )
    Occupation.objects.bulk_create(wanted, ignore_conflicts=True)


PAGES = [
    Page(
        name="onboarding step: situation (profile edit)",
        path="/moi/profil/situation/",
        login_as="participant",
        target_ratio=PAGE_RATIO,
    ),
    Page(
        name="onboarding step: occupation, searched",
        path="/moi/profil/occupation/?q=ingenieur",
        login_as="participant",
        target_ratio=PAGE_RATIO,
    ),
    Page(
        name="occupation suggestions (htmx fragment)",
        path="/moi/professions/?q=ingenieurs%20civils",
        login_as="participant",
        headers={"HX-Request": "true"},
    ),
    Page(name="participant profile", path="/moi/profil/", login_as="participant", target_ratio=PAGE_RATIO),
]


def measure_occupation_search(ctx: BenchContext) -> float:
    from accounts.selectors import occupation_search

    return median_ms(lambda: list(occupation_search(query="ingenieur civil")))


FIGURES = [
    Figure(
        name="occupation search over the NOC table (median)", measure=measure_occupation_search, unit="ms", target=10
    ),
]
