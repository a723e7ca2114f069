"""{% offer_cards page profile as cards %}: the cards of a page of offers, rendered once per offers version.

Twenty cards were most of the offers page's time (issue 16), and an offer's card is the same for
everyone who reads the page in the same language, but for the "in your region" badge. The cards of
a page are kept together under the offers' version (bumped by every import and every offer saved;
job_feed.recommendations), the language and the reader's region; the save buttons, which carry
the reader's CSRF token and their saved state, stay in the page's template.
"""

import hashlib

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from accounts.choices import VERSION as REFERENCE_VERSION
from integration_portal.versioned_cache import cached, versions
from job_feed.selectors import OFFERS_VERSION

register = template.Library()

TIMEOUT = 3600


@register.simple_tag
def offer_cards(page, profile) -> list[tuple]:
    """(offer, card HTML) for each offer of the page."""
    offers = list(page)
    region_id = getattr(profile, "region_id", None)
    shown = repr(([offer.pk for offer in offers], get_language(), region_id))
    # The offers' version, and the reference tables' (the region's name on each card).
    key = f"offers:cards:{versions(OFFERS_VERSION, REFERENCE_VERSION)}:{hashlib.sha256(shown.encode()).hexdigest()}"

    def render() -> list[str]:
        return [
            render_to_string(
                "job_feed/_offer_card.html",
                {"offer": offer, "in_region": region_id is not None and offer.region_id == region_id},
            )
            for offer in offers
        ]

    cards = cached(key, render, timeout=TIMEOUT)
    # The templates' own escaped output, cached as is.
    return [(offer, mark_safe(card)) for offer, card in zip(offers, cards, strict=True)]
