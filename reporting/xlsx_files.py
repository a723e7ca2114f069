"""Excel workbooks (.xlsx, openpyxl) of the report's tables: the same cells as the page and the CSV.

Counts and figures are numbers Excel can sum and chart; a hidden cell stays text ("x", explained
under the table as on the page), so nothing the page hides reaches the file. Text that starts like
a formula is kept as text: a coach's or a feed source's name must never run in the reader's Excel.
"""

import io
import re

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from reporting.suppression import hidden_legend

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Excel refuses these in a sheet's name, and a name longer than 31 characters.
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def sheet_name(title: str, taken: set[str]) -> str:
    base = SHEET_NAME_FORBIDDEN.sub(" ", str(title)).strip()[:31] or "Tableau"
    name, number = base, 2
    while name.lower() in taken:
        suffix = f" ({number})"
        name, number = base[: 31 - len(suffix)] + suffix, number + 1
    taken.add(name.lower())
    return name


def _write(sheet, row: int, values: list, *, bold: bool = False) -> None:
    for column, value in enumerate(values, start=1):
        cell = sheet.cell(row=row, column=column, value=value)
        if isinstance(value, str):
            # openpyxl takes a string starting with "=" for a formula: keep it text.
            cell.data_type = "s"
        elif isinstance(value, float):
            cell.number_format = "0.0"
        if bold:
            cell.font = Font(bold=True)


def workbook_response(*, filename: str, tables) -> HttpResponse:
    """One sheet per table: its header (frozen), its rows and total row, then its title and note."""
    book = Workbook()
    book.remove(book.active)
    taken: set[str] = set()
    for table in tables:
        sheet = book.create_sheet(sheet_name(table.title, taken))
        _write(sheet, 1, [str(heading) for heading in table.header], bold=True)
        rows = table.value_rows()
        for index, values in enumerate(rows, start=2):
            _write(sheet, index, values)
        caption = f"{table.title} — {table.note}" if table.note else str(table.title)
        _write(sheet, len(rows) + 3, [caption])
        if table.has_hidden:
            _write(sheet, len(rows) + 4, [hidden_legend(table.threshold)])
        sheet.freeze_panes = "B2"
        sheet.column_dimensions["A"].width = max(12, min(50, max((len(str(v[0])) for v in rows), default=12) + 2))
        for column in range(2, len(table.header) + 1):
            sheet.column_dimensions[get_column_letter(column)].width = max(12, len(str(table.header[column - 1])) + 2)
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
