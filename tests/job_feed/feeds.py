"""Feeds for the tests, built with the app's own generator (realistic offers, French accents)."""

import datetime

from django.utils import timezone

from job_feed.sample.generator import feed_bytes, generate_offers


def offers(count: int, *, start: int = 1, today: datetime.date | None = None, seed: int = 7) -> list[dict]:
    today = today or timezone.localdate()
    return list(generate_offers(count=count, seed=seed, start_number=start, today=today, validity_days=(60, 90)))


def feed(items: list[dict], *, complete: bool = True) -> bytes:
    return feed_bytes(items, complete=complete)


def raw_feed(*offer_xml: str, encoding: str = "UTF-8", complete: str = "oui") -> bytes:
    body = (
        f'<?xml version="1.0" encoding="{encoding}"?>\n<offres complet="{complete}">\n{"".join(offer_xml)}</offres>\n'
    )
    return body.encode(encoding if encoding.lower() not in ("utf-8",) else "utf-8")


def offer_xml(number: str = "1", **fields: str) -> str:
    values = {
        "numero": number,
        "titre": "Préposée ou préposé aux bénéficiaires",
        "employeur": "Résidence des Érables",
        "region": "05",
        "municipalite": "Sherbrooke",
        "cnp": "33102",
        "heures": "37.5",
        "type": "temps_plein",
        "date_publication": timezone.localdate().isoformat(),
        "date_expiration": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
        "recrutement_international": "oui",
        "description": "Soins d'hygiène et accompagnement des résidents.",
        "lien": "https://emplois.example.org/offres/1",
    }
    values.update(fields)
    inner = "".join(f"<{tag}>{value}</{tag}>" for tag, value in values.items() if value is not None)
    return f'<offre>{inner}<salaire min="20.55" max="26.10" unite="heure"/></offre>\n'
