"""The participant dashboard is made of blocks that the apps contribute.

An app registers, in its AppConfig.ready():
    register_dashboard_block(key="job_offers", template="job_feed/dashboard_block.html",
                             order=40, context=job_offers_block_context)
`context(user) -> dict` must run a fixed number of queries, whatever the data size, so the
dashboard stays a constant number of queries.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class DashboardBlock:
    key: str
    template: str
    order: int
    context: Callable


_blocks: dict[str, DashboardBlock] = {}


def register_dashboard_block(*, key: str, template: str, order: int, context: Callable) -> None:
    _blocks[key] = DashboardBlock(key=key, template=template, order=order, context=context)


def dashboard_blocks() -> list[DashboardBlock]:
    return sorted(_blocks.values(), key=lambda block: block.order)
