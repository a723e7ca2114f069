"""Reading ../shared/data/professional_orders.csv (copied to content/data/) into order rows.

The `verification` column says how each row was checked. What it calls NOT verified, inferred,
unofficial or only seen on one secondary source becomes a "to confirm" flag on that field.
"""

import csv
import re
from pathlib import Path

from django.utils.text import slugify

CSV_PATH = Path(__file__).resolve().parent / "data" / "professional_orders.csv"
REGIMES = {"exercice exclusif": "exclusive", "titre réservé": "reserved_title"}


def flags_for(verification: str) -> dict[str, bool]:
    return {
        "name_to_confirm": bool(re.search(r"name\b.{0,80}NOT verified", verification)),
        "titles_to_confirm": bool(re.search(r"title[^;]*(NOT separately verified|not from the)", verification)),
        "regime_to_confirm": bool(re.search(r"regime: (inferred|fr\.wikipedia)", verification)),
    }


def order_rows(path: Path = CSV_PATH) -> list[dict]:
    """One dict of ProfessionalOrder fields per CSV row (occupations are left to admins)."""
    rows = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            verification = row["verification"].strip()
            notes = []
            name_en = row["name_en"].strip()
            if name_en:
                # Only unofficial translations were found: kept for admins, never shown as the name.
                notes.append(f"English name seen (unofficial, to confirm): {name_en}")
            notes.append("Website not verified: take it from the Office des professions' list.")
            rows.append(
                {
                    "name_fr": row["name_fr"].strip(),
                    "slug": slugify(row["name_fr"].strip())[:200],
                    "name_variants": row["name_fr_variants_seen"].strip(),
                    "regulated_titles": row["regulated_titles_fr"].strip(),
                    "regime": REGIMES[row["regime"].strip()],
                    "website": "",
                    "sources": verification,
                    "admin_notes": "\n".join(notes),
                    "website_to_confirm": False,
                    **flags_for(verification),
                }
            )
    return rows


LINKS_PATH = Path(__file__).resolve().parent / "data" / "professional_order_unit_groups.csv"


def link_orders_to_unit_groups(ProfessionalOrder, Occupation, path: Path = LINKS_PATH) -> int:
    """Link orders to the NOC/CNP unit groups they regulate, from a file whose every row says
    how the link was checked (an order's reserved title found in the group's official title).
    Adds links only: what admins linked or unlinked by hand since is theirs to keep."""
    orders = {order.name_fr: order for order in ProfessionalOrder.objects.all()}
    occupations = {occupation.code: occupation for occupation in Occupation.objects.filter(level=5)}
    added = 0
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            order, occupation = orders.get(row["order_name_fr"]), occupations.get(row["noc_code"])
            if order is not None and occupation is not None:
                order.occupations.add(occupation)
                added += 1
    return added
