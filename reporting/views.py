"""The reports page in the admin, and each table as CSV. For ministry admins only (403 otherwise)."""

import csv

from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.permissions import require_ministry_admin
from reporting.charts import chart_of
from reporting.forms import ReportFilterForm
from reporting.selectors import report_build
from reporting.suppression import small_cell_threshold


@login_required
@require_GET
def reports(request: HttpRequest) -> HttpResponse:
    require_ministry_admin(request.user)
    form = ReportFilterForm(request.GET or None)
    report = report_build(filters=form.filters())
    sections = [(title, [(table, chart_of(table)) for table in tables]) for title, tables in report.sections]
    context = {
        **admin.site.each_context(request),
        "title": _("Rapports"),
        "form": form,
        "report": report,
        "sections": sections,
        "query": request.GET.urlencode(),
        "threshold": small_cell_threshold(),
    }
    return render(request, "reporting/reports.html", context)


@login_required
@require_GET
def report_csv(request: HttpRequest, key: str) -> HttpResponse:
    require_ministry_admin(request.user)
    filters = ReportFilterForm(request.GET or None).filters()
    table = report_build(filters=filters).table(key)
    if table is None:
        raise Http404
    # Excel set to French reads ";" as the separator (the decimal comma is taken); the BOM tells it UTF-8.
    delimiter = ";" if get_language().startswith("fr") else ","
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{key}-{filters.start}-{filters.end}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=delimiter)
    writer.writerow(table.header)
    writer.writerows(table.text_rows())
    return response
