"""Server-drawn SVG charts: the numbers a template needs to draw bars, nothing else (no JavaScript)."""

from dataclasses import dataclass

from reporting.selectors import ReportTable

BAR_HEIGHT = 22
GAP = 6
LABEL_WIDTH = 260
BAR_AREA = 360


@dataclass(frozen=True)
class Bar:
    label: str
    text: str
    y: int
    width: float
    x: float


def chart_of(table: ReportTable) -> dict | None:
    """Bars from the table's first column; a hidden cell draws no bar and reads "x"."""
    if not table.chart or not table.rows:
        return None
    values = [0 if cells[0].suppressed or cells[0].value is None else cells[0].value for _label, cells in table.rows]
    largest = max(values) or 1
    bars = []
    for index, ((label, cells), value) in enumerate(zip(table.rows, values, strict=True)):
        width = round(BAR_AREA * value / largest, 1)
        # The funnel centres its bars; a bar chart starts them at the labels.
        x = LABEL_WIDTH + (BAR_AREA - width) / 2 if table.chart == "funnel" else LABEL_WIDTH
        bars.append(Bar(str(label), cells[0].shown(table.threshold), index * (BAR_HEIGHT + GAP), width, x))
    return {
        "bars": bars,
        "height": len(bars) * (BAR_HEIGHT + GAP),
        "width": LABEL_WIDTH + BAR_AREA + 60,
        "label_x": LABEL_WIDTH - 8,
        "bar_height": BAR_HEIGHT,
        "text_dy": BAR_HEIGHT - 6,
        "value_x": LABEL_WIDTH + BAR_AREA + 6,
    }
