"""New matching offers for the dashboard, computed when their inputs change, read as a short list.

new_offers_matching_profile (job_feed.selectors) scores the newest matching offers of the last
days with an SQL expression built for each profile. Its answer changes only when offers change
(an import that wrote some, an offer edited in the admin: both bump the "offers" version), when
the day changes (offers reach their valid_through) or when the profile's matching facts change
(they are in the key). So the scored candidates, with their import time, are cached under
(offers version, today, region, occupation code, French level, abroad); each view keeps those
imported since its own `since` and reads the few offers shown by id. Measured on the bench
(issue 16): building and running that query was a third of the dashboard.

Why keeping the candidates rather than the answer is exact: between two bumps no offer is added,
so the newest offers of a branch since a later `since` are the cached newest ones, minus those
imported before it.
"""

import copy
import datetime

from django.utils import timezone

from accounts.models import Profile
from integration_portal.versioned_cache import bump, cached, versions
from job_feed.models import FeedRun, JobOffer
from job_feed.selectors import (
    DASHBOARD_DAYS,
    DASHBOARD_LIMIT,
    OFFERS_VERSION,
    match_score_expression,
    matching_inputs,
    new_matching_candidates,
)

VERSION = OFFERS_VERSION
TIMEOUT = 24 * 3600


def _candidates(profile: Profile, since: datetime.datetime) -> list[tuple[int, int, datetime.date, datetime.datetime]]:
    """(id, score, date_posted, created_at) of every scored candidate, as the selector scores them."""
    candidates = new_matching_candidates(profile, since)
    if candidates is None:
        return []
    return list(
        JobOffer.objects.filter(candidates)
        .annotate(score=match_score_expression(profile))
        .values_list("id", "score", "date_posted", "created_at")
    )


def new_offers_for(*, profile: Profile | None, since: datetime.datetime, limit: int) -> list[JobOffer]:
    """Same answer as job_feed.selectors.new_offers_matching_profile, from cached candidates and
    offers: no query once both are cached."""
    if profile is None:
        return []
    # Candidates from the start of `since`'s hour: the same entry serves every view of that hour,
    # each keeping the offers imported since its own `since`.
    window = since.replace(minute=0, second=0, microsecond=0)
    key = (
        f"offers:new-matching:{versions(VERSION)}:{timezone.localdate().isoformat()}:{window.isoformat()}:"
        f"{matching_inputs(profile)}"
    )
    rows = cached(key, lambda: _candidates(profile, window), timeout=TIMEOUT)
    kept = sorted((row for row in rows if row[3] >= since), key=lambda row: (-row[1], -row[2].toordinal(), -row[0]))[
        :limit
    ]
    ids = [row[0] for row in kept]
    # The offers' rows change only with the offers version (an import, an edit): cached under it
    # and the ids shown, they cost no query from one view to the next (issue 16).
    offers = cached(
        f"offers:shown:{versions(VERSION)}:{','.join(map(str, ids))}",
        lambda: JobOffer.objects.select_related("region").defer("description", "search_vector").in_bulk(ids),
        timeout=TIMEOUT,
    )
    shown = []
    for pk, score, _posted, _created in kept:
        if pk in offers:
            offer = copy.copy(offers[pk])  # the cached row is shared: the score is this profile's
            offer.score = score
            shown.append(offer)
    return shown


def job_offers_dashboard_context(user, profile: Profile | None) -> dict:
    """The dashboard block: no query when the candidates and the offers shown are cached."""
    since = timezone.now() - datetime.timedelta(days=DASHBOARD_DAYS)
    return {"matching_offers": new_offers_for(profile=profile, since=since, limit=DASHBOARD_LIMIT)}


# --- What invalidates them -----------------------------------------------------------------------


def run_finished(sender, instance: FeedRun, **kwargs) -> None:
    """An import that created, updated or closed offers (it writes by COPY: no offer signal)."""
    if instance.status == FeedRun.Status.SUCCEEDED and (instance.created or instance.updated or instance.closed):
        bump(VERSION)


def offers_changed(**kwargs) -> None:
    """An offer saved through the ORM (the admin), or a source's offers deleted (feed_source_delete).

    No post_delete receiver: it would make Django load and signal each of a source's 50,000 offers
    when they are deleted, instead of one DELETE; the service that deletes them calls this."""
    bump(VERSION)


def connect_signals() -> None:
    """Called by job_feed.apps.JobFeedConfig.ready()."""
    from django.db.models.signals import post_save

    post_save.connect(run_finished, sender=FeedRun, dispatch_uid="recommendations.feed_run")
    post_save.connect(offers_changed, sender=JobOffer, dispatch_uid="recommendations.offer_save")
