from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from job_feed.postings import JobPosting, OfferRejected


class FeedError(Exception):
    """The feed as a whole cannot be trusted (malformed, hostile, truncated, too large, empty).

    Nothing is written when it is raised: the import runs in one transaction.
    """


@dataclass(frozen=True, slots=True)
class FeedItem:
    """What an adapter yields for each offer element: a posting, or the reason it was rejected."""

    posting: JobPosting | None = None
    rejection: OfferRejected | None = None


class FeedAdapter:
    """Reads a byte stream and yields one FeedItem per offer, streaming (never the whole feed in memory).

    After iteration, `is_complete` says whether the feed lists every open offer of the source
    (so that missing offers may be closed) or only changes.
    """

    key: str = ""
    label: str = ""

    def __init__(self, *, known_region_codes: frozenset[str]) -> None:
        self.known_region_codes = known_region_codes
        self.is_complete = True

    def items(self, stream: BinaryIO) -> Iterator[FeedItem]:
        raise NotImplementedError


_registry: dict[str, type[FeedAdapter]] = {}


def register(adapter_class: type[FeedAdapter]) -> type[FeedAdapter]:
    _registry[adapter_class.key] = adapter_class
    return adapter_class


def get_adapter(key: str, *, known_region_codes: frozenset[str]) -> FeedAdapter:
    return _registry[key](known_region_codes=known_region_codes)


def adapter_choices() -> list[tuple[str, str]]:
    return [(key, str(adapter.label)) for key, adapter in sorted(_registry.items())]
