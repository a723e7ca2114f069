from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import BinaryIO

from django.conf import settings
from django.utils.translation import gettext

from job_feed.postings import JobPosting, OfferRejected

# Deeper than any offer needs (the XML format has 3 levels, JSON-LD postings about 5): nesting
# is how a small document asks for unbounded recursion or memory.
MAX_DEPTH = 32


class FeedError(Exception):
    """The feed as a whole cannot be trusted (malformed, hostile, truncated, too large, empty).

    Nothing is written when it is raised: the import runs in one transaction.
    """


@contextmanager
def hostile_input_as_feed_error():
    """A document that makes the parser recurse or allocate without end is a bad feed, recorded
    as the run's failure (not retried), not a crash of the worker's task."""
    try:
        yield
    except RecursionError:
        raise FeedError(gettext("Le flux est imbriqué trop profondément.")) from None
    except MemoryError:
        raise FeedError(gettext("Le flux demande trop de mémoire pour être lu.")) from None


def too_deep() -> FeedError:
    return FeedError(
        gettext("Le flux est imbriqué trop profondément (plus de %(depth)s niveaux).") % {"depth": MAX_DEPTH}
    )


class NodeSizeGuard:
    """Wraps the stream a parser reads: fails once more than max_node_bytes have been read since
    the adapter last finished an offer (node_done), so one huge offer, string or run of junk
    cannot make the parser hold it whole. The parser reads ahead by its buffer (16 to 64 KiB),
    small beside the limit."""

    def __init__(self, stream: BinaryIO, *, max_node_bytes: int | None = None) -> None:
        self.stream = stream
        self.max_node_bytes = max_node_bytes or settings.JOB_FEED_MAX_NODE_BYTES
        self.position = 0
        self.mark = 0

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.position += len(data)
        if self.position - self.mark > self.max_node_bytes:
            raise FeedError(
                gettext("Une offre du flux dépasse la taille permise (%(limit)s octets).")
                % {"limit": self.max_node_bytes}
            )
        return data

    def node_done(self) -> None:
        self.mark = self.position


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
