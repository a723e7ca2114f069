"""CSV files that Excel opens correctly in French and in English: one writer for every download."""

import csv
from collections.abc import Iterable

from django.http import HttpResponse
from django.utils.translation import get_language


def csv_response(*, filename: str, header: list[str], rows: Iterable[list[str]]) -> HttpResponse:
    """UTF-8 with a BOM (Excel then reads the accents); ";" in French, where the comma is the decimal mark."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";" if get_language().startswith("fr") else ",")
    writer.writerow(header)
    writer.writerows(rows)
    return response
