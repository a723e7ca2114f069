"""What the plan reads from other apps, through their selectors, in one place.

content gives the professional order of an occupation and the address of a content item;
job_feed gives the new offers matching a profile (for the weekly e-mail). Both apps are always
installed: a missing selector is a bug to see, not something to hide.
"""

import datetime
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

from django.urls import reverse

from content.selectors import content_item_url, professional_order_for_occupation
from job_feed.selectors import new_matching_offers as job_feed_new_matching_offers


@dataclass(frozen=True)
class OrderInfo:
    pk: int | None = None
    name_fr: str = ""
    name_en: str = ""


def professional_order(occupation) -> OrderInfo:
    """The order governing this occupation (one query), or an empty OrderInfo."""
    order = professional_order_for_occupation(occupation) if occupation is not None else None
    if order is None:
        return OrderInfo()
    name_fr = order.name_fr or str(order)
    return OrderInfo(pk=order.pk, name_fr=name_fr, name_en=order.name_en or name_fr)


def _with_query(url: str, query: str) -> str:
    # Keep only well-formed pairs: the filter text comes from the admin.
    pairs = [(key, value) for key, value in parse_qsl(query, keep_blank_values=False) if key]
    return f"{url}?{urlencode(pairs)}" if pairs else url


LIST_PAGES = {
    "capsule": "content:capsule_list",
    "article": "content:article_list",
    "organisation": "content:organisation_list",
    "profession": "content:profession_list",
}


def link_url(link) -> str | None:
    """Where a plan link points, resolved when the page renders: the item itself while it is
    published, else the list of its kind (filtered by the link's query); None for an unknown kind."""
    if link.kind == "url":
        return link.url or None
    if link.kind == "job_offers":
        return _with_query(reverse("job_feed:offer_list"), link.query)
    if link.object_id:
        url = content_item_url(link.kind, link.object_id)
        if url:
            return url
    if link.kind not in LIST_PAGES:
        return None
    return _with_query(reverse(LIST_PAGES[link.kind]), link.query)


def content_item_exists(kind: str, pk: int) -> bool:
    """Whether content publishes this item (one query)."""
    return content_item_url(kind, pk) is not None


def new_matching_offers(*, user, since: datetime.datetime, limit: int = 5) -> list:
    return list(job_feed_new_matching_offers(user=user, since=since, limit=limit))
