"""Placement en ligne (volet international) XML: the format described in job_feed/README.md."""

from collections.abc import Iterator
from typing import BinaryIO
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from job_feed.adapters.base import (
    MAX_DEPTH,
    FeedAdapter,
    FeedError,
    FeedItem,
    NodeSizeGuard,
    hostile_input_as_feed_error,
    register,
    too_deep,
)
from job_feed.postings import OfferRejected, posting_from_fields

EMPLOYMENT_TYPES = {
    "temps_plein": "FULL_TIME",
    "temps_partiel": "PART_TIME",
    "temporaire": "TEMPORARY",
    "saisonnier": "TEMPORARY",
    "contractuel": "CONTRACTOR",
    "stage": "INTERN",
    "sur_appel": "PER_DIEM",
}
SALARY_UNITS = {"heure": "HOUR", "semaine": "WEEK", "mois": "MONTH", "annee": "YEAR", "année": "YEAR"}
YES = {"oui", "o", "true", "1", "yes"}


@register
class PlacementEnLigneAdapter(FeedAdapter):
    key = "placement_en_ligne_xml"
    label = _("Placement en ligne (XML)")

    def items(self, stream: BinaryIO) -> Iterator[FeedItem]:
        with hostile_input_as_feed_error():
            yield from self._items(stream)

    def _items(self, stream: BinaryIO) -> Iterator[FeedItem]:
        root = None
        depth = 0
        guard = NodeSizeGuard(stream)
        try:
            # No DTD at all: a job feed has no use for one, and entities are how XML attacks work
            # (billion laughs, external entities reading local files or URLs).
            for event, element in iterparse(guard, events=("start", "end"), forbid_dtd=True):
                depth += 1 if event == "start" else -1
                if depth > MAX_DEPTH:
                    raise too_deep()
                if root is None:
                    root = element
                    if element.tag != "offres":
                        raise FeedError(
                            gettext("L'élément racine est <%(tag)s> au lieu de <offres>.") % {"tag": element.tag[:40]}
                        )
                    self.is_complete = element.get("complet", "oui").strip().lower() in YES
                    continue
                if event == "end" and element.tag == "offre":
                    yield self._item(element)
                    # Keep memory flat: drop each offer once read.
                    root.clear()
                    guard.node_done()
        except DefusedXmlException as error:
            raise FeedError(
                gettext("Construction XML interdite (%(kind)s) : DTD et entités sont refusées.")
                % {"kind": type(error).__name__}
            ) from None
        except ParseError as error:
            raise FeedError(gettext("XML mal formé ou tronqué : %(error)s") % {"error": str(error)[:200]}) from None

        if root is None:
            raise FeedError(gettext("Le document est vide."))

    def _item(self, element) -> FeedItem:
        def text(tag: str) -> str:
            child = element.find(tag)
            return (child.text or "") if child is not None else ""

        salary = element.find("salaire")
        salary_attrs = salary.attrib if salary is not None else {}
        unit = salary_attrs.get("unite", "").strip().lower()
        try:
            posting = posting_from_fields(
                external_id=text("numero"),
                title=text("titre"),
                employer=text("employeur"),
                region_code=text("region"),
                municipality=text("municipalite"),
                occupation_code=text("cnp"),
                salary_min=salary_attrs.get("min"),
                salary_max=salary_attrs.get("max"),
                salary_unit=SALARY_UNITS.get(unit, unit),
                hours_per_week=text("heures"),
                employment_type=EMPLOYMENT_TYPES.get(text("type").strip().lower(), "OTHER"),
                date_posted=text("date_publication"),
                valid_through=text("date_expiration"),
                description=text("description"),
                apply_url=text("lien"),
                open_to_abroad=text("recrutement_international").strip().lower() in YES,
                french_level=text("niveau_francais"),
                known_region_codes=self.known_region_codes,
            )
        except OfferRejected as rejection:
            return FeedItem(rejection=rejection)
        return FeedItem(posting=posting)
