"""Small-cell suppression: no figure of a report may single anyone out.

A count from 1 to (threshold - 1) is hidden (primary suppression). Where a table shows totals, a
line (a row with its total, a column with its total, the total row) must never hold exactly one
hidden cell, or the hidden one could be recovered by subtraction: a second cell of that line is
hidden too (complementary suppression), the smallest one, preferring a non-zero interior cell,
then the total. Hiding a cell can leave another line with one hidden cell, so the rule is applied
until every line is safe. A zero is shown: it singles nobody out.

Both kinds read the same, HIDDEN ("x"): marking the small ones "< 5" and their complements
otherwise would tell the reader which hidden cell is 5 or more, and a line such as "< 5, x, total
6" would give back 1 and 5. The page explains the mark (`hidden_legend`).
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _

# The one mark of a hidden count, small or hidden beside a small one (Statistics Canada's "x").
HIDDEN = "x"


def small_cell_threshold() -> int:
    return settings.REPORTING_SMALL_CELL


def hidden_legend(threshold: int) -> str:
    """What the mark means, for the page and the spreadsheet: the two kinds are not told apart."""
    return _(
        "« %(mark)s » : nombre caché. Tout nombre de personnes sous %(threshold)s est caché, et, quand un "
        "total permettrait de le retrouver, une deuxième case de la même ligne ou colonne aussi; les deux "
        "portent la même marque, pour qu'on ne puisse pas savoir laquelle est sous %(threshold)s."
    ) % {"mark": HIDDEN, "threshold": threshold}


@dataclass
class Cell:
    value: int | float | None
    suppressed: bool = False
    is_count: bool = True

    def shown(self, threshold: int) -> str:
        """The text of the cell, the same on the page and in the CSV, in the active language."""
        if self.suppressed:
            return HIDDEN
        if self.value is None:
            return "—"
        if isinstance(self.value, float):
            return number_format(self.value, 1)
        return str(self.value)

    def typed(self, threshold: int) -> int | float | str:
        """For a spreadsheet: the number itself, unless hidden or missing (then the page's text)."""
        if self.suppressed or self.value is None:
            return self.shown(threshold)
        return self.value


@dataclass
class Grid:
    """Counts in rows and columns; totals computed here, never passed in (they must add up)."""

    cells: list[list[Cell]]
    row_totals: list[Cell] | None = None
    column_totals: list[Cell] | None = None
    grand_total: Cell | None = None
    threshold: int = 5


def build_grid(values: list[list[int]], *, row_totals: bool, column_totals: bool, threshold: int) -> Grid:
    cells = [[Cell(value) for value in row] for row in values]
    width = len(values[0]) if values else 0
    grid = Grid(cells=cells, threshold=threshold)
    if row_totals:
        grid.row_totals = [Cell(sum(row)) for row in values]
    if column_totals:
        grid.column_totals = [Cell(sum(row[index] for row in values)) for index in range(width)]
    if row_totals and column_totals:
        grid.grand_total = Cell(sum(sum(row) for row in values))
    suppress(grid)
    return grid


def _lines(grid: Grid) -> list[tuple[list[Cell], Cell | None]]:
    """Each line: its interior cells and the total that closes it (None: no total, nothing to protect)."""
    lines = []
    if grid.row_totals is not None:
        lines += [(row, total) for row, total in zip(grid.cells, grid.row_totals, strict=True)]
        if grid.column_totals is not None:
            lines.append((grid.row_totals, grid.grand_total))
    if grid.column_totals is not None:
        width = len(grid.column_totals)
        lines += [([row[index] for row in grid.cells], grid.column_totals[index]) for index in range(width)]
        if grid.row_totals is not None:
            lines.append((grid.column_totals, grid.grand_total))
    return lines


def suppress(grid: Grid) -> None:
    threshold = grid.threshold
    everything = [cell for row in grid.cells for cell in row]
    everything += (grid.row_totals or []) + (grid.column_totals or [])
    everything += [grid.grand_total] if grid.grand_total else []
    for cell in everything:
        if cell.is_count and cell.value is not None and 0 < cell.value < threshold:
            cell.suppressed = True
    _complete(_lines(grid))


def suppress_linked(grids: list[Grid], links: list[tuple[list[Cell], Cell]]) -> None:
    """Tables that count the same people: `links` says which cells of one add up to a cell of
    another (interior cells, their total). Hiding goes on across all the tables' lines and the
    links until none holds exactly one hidden cell, so no subtraction between tables undoes it."""
    _complete([line for grid in grids for line in _lines(grid)] + list(links))


def _complete(lines: list[tuple[list[Cell], Cell | None]]) -> None:
    changed = True
    while changed:
        changed = False
        for interior, total in lines:
            if total is None:
                continue
            members = [*interior, total]
            hidden = [cell for cell in members if cell.suppressed]
            if len(hidden) != 1:
                continue
            candidates = [cell for cell in interior if not cell.suppressed]
            # The smallest non-zero cell first: hiding a zero beside a 1 would still tell a lot.
            candidates.sort(key=lambda cell: (cell.value == 0, cell.value))
            if candidates:
                candidates[0].suppressed = True
            elif not total.suppressed:
                total.suppressed = True
            else:  # pragma: no cover - a line whose only visible member is hidden cannot happen
                continue
            changed = True
