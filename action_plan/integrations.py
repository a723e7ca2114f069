"""The few functions of other apps the plan uses, each with a fallback while that app is not there.

Apps talk through their selectors; these guards keep the plan working (with plainer links) when
a selector does not exist yet, and never crash a page because another app changed.
"""

import datetime
import logging
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

from django.urls import NoReverseMatch, reverse

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class OrderInfo:
    pk: int | None = None
    name_fr: str = ""
    name_en: str = ""


def professional_order(occupation) -> OrderInfo:
    """The order governing this occupation (content's selector, one query), or an empty OrderInfo."""
    if occupation is None:
        return OrderInfo()
    try:
        from content.selectors import professional_order_for_occupation
    except ImportError:
        return OrderInfo()
    order = professional_order_for_occupation(occupation)
    if order is None:
        return OrderInfo()
    name_fr = getattr(order, "name_fr", "") or str(order)
    return OrderInfo(pk=order.pk, name_fr=name_fr, name_en=getattr(order, "name_en", "") or name_fr)


def _reverse_or_none(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


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
    """Where a plan link points, resolved when the page renders; None when it cannot be resolved yet."""
    if link.kind == "url":
        return link.url or None
    if link.kind == "job_offers":
        base = _reverse_or_none("job_feed:offer_list")
        return _with_query(base, link.query) if base else None
    if link.object_id:
        try:
            from content.selectors import content_item_url
        except ImportError:
            content_item_url = None
        if content_item_url is not None:
            try:
                url = content_item_url(link.kind, link.object_id)
            except Exception:  # another app's bug must not take the plan page down
                logger.exception("content_item_url failed for a plan link")
                url = None
            if url:
                return url
    base = _reverse_or_none(LIST_PAGES.get(link.kind, ""))
    return _with_query(base, link.query) if base else None


def content_item_exists(kind: str, pk: int) -> bool | None:
    """Whether content publishes this item; None when the content app cannot tell yet."""
    try:
        from content.selectors import content_item_url
    except ImportError:
        return None
    return content_item_url(kind, pk) is not None


def new_matching_offers(*, user, since: datetime.datetime, limit: int = 5) -> list:
    try:
        from job_feed.selectors import new_matching_offers as selector
    except ImportError:
        return []
    return list(selector(user=user, since=since, limit=limit))
