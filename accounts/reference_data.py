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


def load_noc_unit_groups(Occupation, OccupationExample) -> tuple[int, int]:
    """Upsert the 516 NOC/CNP 2021 unit groups under their broad category, and replace their
    example titles. Safe to run again (management command `load_noc`); returns both counts.

    A unit group's parent is its broad category (its first digit): job matching and the
    dashboard's "your field" keep working from the category. Examples are replaced as a whole
    because the source gives them no identifier of their own.
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
    OccupationExample.objects.all().delete()
    examples = [
        OccupationExample(
            occupation_id=ids[row["code"]],
            language=row["lang"],
            title=row["title"][:255],
            search_key=_fold_key(row["title"])[:255],
        )
        for row in read_rows("noc2021_example_titles.csv")
        if row["code"] in ids
    ]
    OccupationExample.objects.bulk_create(examples, batch_size=5000)
    return len(ids), len(examples)
