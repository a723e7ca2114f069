"""schema.org JobPosting in JSON-LD: a list, an ItemList, a @graph, or one JobPosting.

The document is parsed as it streams (ijson's C parser): only one posting is built at a time,
capped in size (NodeSizeGuard) and depth, so a 150 MB feed takes the memory of a 5 MB one, and
40 MB of JSON no longer becomes a gigabyte of Python objects.
"""

import re
from collections.abc import Iterator
from typing import BinaryIO

import ijson
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

HOME = {"ca", "can", "canada", "qc", "québec", "quebec"}
HOURS = re.compile(r"^\s*(\d+(?:[.,]\d+)?)")
# Keys of a top-level object whose array holds the postings (a @graph, an ItemList's elements).
LIST_KEYS = ("@graph", "itemListElement")
OPENING = frozenset({"start_map", "start_array"})
CLOSING = frozenset({"end_map", "end_array"})


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
        guard = NodeSizeGuard(stream)
        with hostile_input_as_feed_error():
            try:
                for node in self._nodes(guard):
                    yield self._item(node)
                    guard.node_done()
            except ijson.JSONError as error:
                raise FeedError(gettext("JSON mal formé : %(error)s") % {"error": str(error)[:200]}) from None

    def _nodes(self, stream: NodeSizeGuard) -> Iterator:
        """Each posting of the document, built one at a time from the parser's events.

        A top-level array holds the postings; a top-level object holds them in `@graph` or
        `itemListElement` (an element may wrap its posting in `item`), or is itself the posting.
        The rest of a top-level object (its `@type`, `complete`) is kept beside.
        """
        depth = 0
        top = None  # builder of the top-level object, without its lists of postings
        container_depth = None  # depth inside the array of postings being read
        element = None  # builder of the posting being read
        has_list = False
        for prefix, event, value in ijson.parse(stream, use_float=True):
            depth_before = depth
            if event in OPENING:
                depth += 1
                if depth > MAX_DEPTH:
                    raise too_deep()
            elif event in CLOSING:
                depth -= 1
            if element is not None:
                element.event(event, value)
                if depth == container_depth:
                    yield self._unwrap(element.value)
                    element = None
                continue
            if container_depth is not None and depth_before == container_depth:
                if event in CLOSING:  # the array of postings ends
                    container_depth = None
                    continue
                element = ijson.ObjectBuilder()
                element.event(event, value)
                if depth == container_depth:  # a bare value where a posting should be
                    yield element.value
                    element = None
                continue
            if depth_before == 0:
                if event == "start_array":
                    container_depth = 1
                    continue
                if event != "start_map":
                    raise FeedError(gettext("Le document JSON ne contient aucune offre JobPosting."))
            if depth_before == 1 and top is not None and event == "start_array" and prefix in LIST_KEYS:
                container_depth, has_list = 2, True
                continue
            if top is None and container_depth is None and depth_before == 0:
                top = ijson.ObjectBuilder()
            if top is not None:
                top.event(event, value)
        document = top.value if top is not None else None
        if isinstance(document, dict) and document.get("@type") == "ItemList":
            self.is_complete = str(document.get("complete", "true")).lower() != "false"
        if isinstance(document, dict) and not has_list:
            yield document

    def _unwrap(self, node):
        return node.get("item", node) if isinstance(node, dict) and "item" in node else node

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
