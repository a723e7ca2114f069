"""{% offer_items page profile saved_ids %}: a page of offers on the list, rendered once per content.

Twenty cards with their save buttons were most of the offers page's time (issue 16), and an
offer's card is the same for everyone who reads the page in the same language, but for the "in
your region" badge and the save button (saved or not, and the page to come back to). The items of
a page are kept together under the offers' version (bumped by every import and every offer saved;
job_feed.recommendations), the reference tables' (the region's name), the language and all of
that; the forms' CSRF token, the reader's own, is put in after the cache.
"""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from accounts.choices import VERSION as REFERENCE_VERSION
from integration_portal.cached_forms import csrf_placeholder, with_reader_token
from integration_portal.versioned_cache import cached_fragment, versions
from job_feed.selectors import OFFERS_VERSION

register = template.Library()


@register.simple_tag(takes_context=True)
def offer_items(context, page, profile, saved_ids) -> str:
    request, user = context["request"], context["user"]
    offers = list(page)
    region_id = getattr(profile, "region_id", None)
    participant = bool(user.is_authenticated and user.is_participant)
    items = [(offer, offer.pk in saved_ids, region_id is not None and offer.region_id == region_id) for offer in offers]
    shown = ([(offer.pk, saved, in_region) for offer, saved, in_region in items], participant, request.get_full_path())

    def render() -> str:
        common = {"participant": participant, "request": request, "csrf_token": csrf_placeholder()}
        return "".join(
            render_to_string(
                "job_feed/_offer_item.html", {**common, "offer": offer, "is_saved": saved, "in_region": in_region}
            )
            for offer, saved, in_region in items
        )

    # The templates' own escaped output, cached as is.
    html = cached_fragment(f"offer-items:{versions(OFFERS_VERSION, REFERENCE_VERSION)}", shown, render)
    return mark_safe(with_reader_token(html, context))
