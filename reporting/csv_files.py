"""CSV files that Excel opens correctly in French and in English: one writer for every download."""

import csv
from collections.abc import Iterable

from django.http import HttpResponse
from django.utils.translation import get_language

# A cell starting with one of these is run as a formula by Excel and LibreOffice ("CSV injection"):
# a name typed as =HYPERLINK(...) in a profile would become a live link in the ministry's sheet.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """The value as the file keeps it: text that would start a formula gets a leading apostrophe,
    which spreadsheets show as plain text (OWASP's advice); numbers are left as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_response(*, filename: str, header: list[str], rows: Iterable[list[str]]) -> HttpResponse:
    """UTF-8 with a BOM (Excel then reads the accents); ";" in French, where the comma is the decimal mark."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";" if get_language().startswith("fr") else ",")
    writer.writerow([csv_cell(value) for value in header])
    writer.writerows([csv_cell(value) for value in row] for row in rows)
    return response
