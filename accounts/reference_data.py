"""Loading of the reference data shipped in accounts/data (copied from the project's shared data)."""

import csv
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def read_rows(filename: str) -> list[dict[str, str]]:
    with open(DATA_DIR / filename, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def load_regions(Region) -> int:
    """Upsert the 17 regions; a main city not checked at the source is flagged to confirm."""
    rows = read_rows("regions.csv")
    for row in rows:
        Region.objects.update_or_create(
            code=row["code"],
            defaults={
                "name_fr": row["name_fr"],
                "name_en": row["name_en"],
                "main_city": row["main_city"],
                "to_confirm": row["main_city_status"] != "verified",
            },
        )
    return len(rows)


def load_broad_occupation_categories(Occupation) -> int:
    rows = read_rows("noc_broad_categories.csv")
    for row in rows:
        Occupation.objects.update_or_create(
            code=row["code"],
            defaults={
                "name_fr": row["name_fr"],
                "name_en": row["name_en"],
                "level": 1,
                "to_confirm": row["name_fr_source"].startswith("secondary"),
            },
        )
    return len(rows)


def _fold_key(*parts: str) -> str:
    from integration_portal.text import fold

    return " ".join(fold(part) for part in parts if part)


def load_noc_unit_groups(Occupation, OccupationExampleTitles) -> tuple[int, int]:
    """Upsert the 516 NOC/CNP 2021 unit groups under their broad category, and their example
    titles. Safe to run again (management command `load_noc`); returns both counts.

    A unit group's parent is its broad category (its first digit): job matching and the
    dashboard's "your field" keep working from the category.
    """
    categories = {occupation.code: occupation for occupation in Occupation.objects.filter(level=1)}
    existing = {occupation.code: occupation for occupation in Occupation.objects.filter(level=5)}
    new, changed = [], []
    for row in read_rows("noc2021_unit_groups.csv"):
        fields = {
            "name_fr": row["title_fr"],
            "name_en": row["title_en"],
            "level": 5,
            "parent": categories.get(row["broad_category"]),
            "to_confirm": False,
            "search_key": _fold_key(row["code"], row["title_fr"], row["title_en"]),
        }
        occupation = existing.get(row["code"])
        if occupation is None:
            new.append(Occupation(code=row["code"], **fields))
        elif any(getattr(occupation, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(occupation, name, value)
            changed.append(occupation)
    Occupation.objects.bulk_create(new, batch_size=500)
    Occupation.objects.bulk_update(changed, ["name_fr", "name_en", "level", "parent", "to_confirm", "search_key"])
    ids = dict(Occupation.objects.filter(level=5).values_list("code", "id"))
    if not any(field.name == "titles_fr" for field in OccupationExampleTitles._meta.get_fields()):
        # Migration 0010 (fixed, already on main) passes its one-row-per-title model, which
        # 0011 replaces: the unit groups only, the titles come with 0011.
        return len(ids), 0
    titles: dict[str, dict[str, list[str]]] = {code: {"fr": [], "en": []} for code in ids}
    count = 0
    for row in read_rows("noc2021_example_titles.csv"):
        if row["code"] in titles and row["lang"] in ("fr", "en"):
            titles[row["code"]][row["lang"]].append(row["title"])
            count += 1
    OccupationExampleTitles.objects.filter(occupation_id__in=ids.values()).delete()
    OccupationExampleTitles.objects.bulk_create(
        [
            OccupationExampleTitles(
                occupation_id=ids[code],
                titles_fr="\n".join(lists["fr"]),
                titles_en="\n".join(lists["en"]),
                # One title a line: a query's words are looked for in the whole list.
                search_key="\n".join(_fold_key(title) for title in lists["fr"] + lists["en"]),
            )
            for code, lists in titles.items()
        ],
        batch_size=100,
    )
    # Bulk writes send no signal: the cached choices and search keys (accounts.choices, accounts.selectors).
    from accounts.choices import reference_changed

    reference_changed(sender=Occupation)
    return len(ids), count
