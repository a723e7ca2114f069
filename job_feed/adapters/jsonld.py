"""schema.org JobPosting in JSON-LD: a list, an ItemList, a @graph, or one JobPosting.

JSON has no streaming parser in the standard library: the document is read whole, within the
size limit the fetcher enforces. Large feeds should use the streamed XML format.
"""

import json
import re
from collections.abc import Iterator
from typing import BinaryIO

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from job_feed.adapters.base import FeedAdapter, FeedError, FeedItem, register
from job_feed.postings import OfferRejected, posting_from_fields

HOME = {"ca", "can", "canada", "qc", "québec", "quebec"}
HOURS = re.compile(r"^\s*(\d+(?:[.,]\d+)?)")


def _first(value):
    return value[0] if isinstance(value, list) and value else value


def _name(value) -> str:
    value = _first(value)
    if isinstance(value, dict):
        return str(value.get("name") or value.get("value") or value.get("codeValue") or "")
    return "" if value is None else str(value)


def _identifier(value) -> str:
    """schema.org identifier: a text, or a PropertyValue whose `value` is the number."""
    value = _first(value)
    if isinstance(value, dict):
        return str(value.get("value") or value.get("@id") or "")
    return "" if value is None else str(value)


@register
class JsonLdAdapter(FeedAdapter):
    key = "schema_org_jsonld"
    label = _("schema.org JobPosting (JSON-LD)")

    def items(self, stream: BinaryIO) -> Iterator[FeedItem]:
        try:
            document = json.loads(stream.read())
        except (ValueError, UnicodeDecodeError) as error:
            raise FeedError(gettext("JSON mal formé : %(error)s") % {"error": str(error)[:200]}) from None
        for node in self._nodes(document):
            yield self._item(node)

    def _nodes(self, document) -> Iterator:
        if isinstance(document, list):
            yield from document
        elif isinstance(document, dict) and "@graph" in document:
            yield from document["@graph"] if isinstance(document["@graph"], list) else []
        elif isinstance(document, dict) and document.get("@type") == "ItemList":
            self.is_complete = str(document.get("complete", "true")).lower() != "false"
            for element in document.get("itemListElement") or []:
                yield element.get("item", element) if isinstance(element, dict) else element
        elif isinstance(document, dict):
            yield document
        else:
            raise FeedError(gettext("Le document JSON ne contient aucune offre JobPosting."))

    def _item(self, node) -> FeedItem:
        if not isinstance(node, dict) or node.get("@type") != "JobPosting":
            return FeedItem(
                rejection=OfferRejected(
                    "invalid_structure", _identifier(node.get("identifier")) if isinstance(node, dict) else ""
                )
            )
        location = _first(node.get("jobLocation")) or {}
        address = location.get("address", {}) if isinstance(location, dict) else {}
        address = address if isinstance(address, dict) else {}
        salary = node.get("baseSalary") or {}
        amount = salary.get("value", {}) if isinstance(salary, dict) else {}
        amount = amount if isinstance(amount, dict) else {"value": amount}
        hours = HOURS.match(str(node.get("workHours") or ""))
        requirements = node.get("applicantLocationRequirements") or []
        requirements = requirements if isinstance(requirements, list) else [requirements]
        abroad = any(_name(place).strip().lower() not in HOME for place in requirements) or bool(
            node.get("internationalRecruitment")
        )
        try:
            posting = posting_from_fields(
                external_id=_identifier(node.get("identifier")),
                title=node.get("title"),
                employer=_name(node.get("hiringOrganization")),
                region_code=address.get("addressRegion"),
                municipality=address.get("addressLocality"),
                occupation_code=_name(node.get("occupationalCategory")),
                salary_min=amount.get("minValue", amount.get("value")),
                salary_max=amount.get("maxValue", amount.get("value")),
                salary_unit=amount.get("unitText", ""),
                hours_per_week=hours.group(1) if hours else None,
                employment_type=_first(node.get("employmentType")) or "",
                date_posted=node.get("datePosted"),
                valid_through=node.get("validThrough"),
                description=node.get("description"),
                apply_url=node.get("url"),
                open_to_abroad=abroad,
                french_level=node.get("frenchLevel"),
                known_region_codes=self.known_region_codes,
            )
        except OfferRejected as rejection:
            return FeedItem(rejection=rejection)
        return FeedItem(posting=posting)
