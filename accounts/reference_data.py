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
