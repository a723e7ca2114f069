"""The dashboards are made of blocks that the apps contribute (accounts' registry, see README.md).

An app registers, in its AppConfig.ready():
    register_dashboard_block(key="job_offers", template="job_feed/dashboard_block.html",
                             order=40, context=recommendations.job_offers_dashboard_context)
`context(user, profile) -> dict | None` returns the block template's context, or None to hide the
block. The page reads the profile once (with region and occupation) and hands it to every block
(None on the coach's dashboard: coaches have no profile). A block runs a fixed number of queries,
whatever the data size, so each dashboard stays a constant number of queries.
`audience="participant"` blocks appear on the participant's dashboard (accounts:dashboard),
`audience="coach"` blocks on the coach's (coaching:dashboard).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

Audience = Literal["participant", "coach"]
AUDIENCES = ("participant", "coach")


@dataclass(frozen=True)
class DashboardBlock:
    key: str
    template: str
    order: int
    context: Callable
    audience: Audience = "participant"


@dataclass(frozen=True)
class FilledBlock:
    """A block ready to include: its template and the context its function returned."""

    key: str
    template: str
    context: dict


_blocks: dict[str, DashboardBlock] = {}


def register_dashboard_block(
    *, key: str, template: str, order: int, context: Callable, audience: Audience = "participant"
) -> None:
    if audience not in AUDIENCES:
        raise ValueError(f"unknown dashboard audience {audience!r}")
    _blocks[key] = DashboardBlock(key=key, template=template, order=order, context=context, audience=audience)


def dashboard_blocks(*, audience: Audience = "participant") -> list[DashboardBlock]:
    return sorted((block for block in _blocks.values() if block.audience == audience), key=lambda block: block.order)


def dashboard_filled_blocks(*, user, profile, audience: Audience = "participant") -> list[FilledBlock]:
    """Each block's context for this person, in order; blocks whose function returned None are left out."""
    filled = []
    for block in dashboard_blocks(audience=audience):
        context = block.context(user, profile)
        if context is not None:
            filled.append(FilledBlock(key=block.key, template=block.template, context=context))
    return filled
