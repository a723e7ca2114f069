"""Adapters turn one feed format into JobPostings; the rest of the app knows only the posting.

Adding a source format = writing one module here with a FeedAdapter subclass decorated by
@register. Nothing else changes: FeedSource.format offers every registered key.
"""

# Importing the shipped adapters registers them.
from job_feed.adapters import jsonld, placement_en_ligne  # noqa: F401
from job_feed.adapters.base import FeedAdapter, FeedError, FeedItem, adapter_choices, get_adapter, register

__all__ = ["FeedAdapter", "FeedError", "FeedItem", "adapter_choices", "get_adapter", "register"]
