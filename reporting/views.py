"""The reports page in the admin, and each table as CSV. For ministry admins only (403 otherwise)."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.permissions import require_ministry_admin
from reporting.charts import chart_of
from reporting.csv_files import csv_response
from reporting.forms import ReportFilterForm, TrailFilterForm
from reporting.selectors import report_cache_key, report_cached
from reporting.suppression import hidden_legend, small_cell_threshold
from reporting.trail import TRAIL_PAGE_SIZE, trail_entries, trail_rows
from reporting.xlsx_files import workbook_response


@login_required
@require_GET
def reports(request: HttpRequest) -> HttpResponse:
    require_ministry_admin(request.user)
    form = ReportFilterForm(request.GET or None)
    filters = form.filters()
    query = request.GET.urlencode()
    # The tables' HTML is cached on its own: when it is there, the report itself is not read (a
    # large object to fetch and unpickle for nothing). `report` is then None in the context.
    html = cached_sections_html(filters=filters, query=query)
    report = None
    if html is None:
        report = report_cached(filters=filters)
        html = sections_html(report=report, query=query)
    context = {
        **admin_frame(request),
        "title": _("Rapports"),
        "form": form,
        "filters": filters,
        "report": report,
        "sections_html": html,
        "query": query,
        "hidden_legend": hidden_legend(small_cell_threshold()),
    }
    return render(request, "reporting/reports.html", context)


def admin_frame(request: HttpRequest) -> dict:
    """The admin's context for its header and breadcrumbs, without its side menu of every model.

    `each_context` lists every registered model with the reader's permissions for the menu: about
    two thirds of the page's time once the report is cached (60 models, their names translated,
    two queries), to draw a menu the wide tables are better without; the breadcrumbs lead back."""
    site = admin.site
    script_name = request.META.get("SCRIPT_NAME", "")
    return {
        "site_title": site.site_title,
        "site_header": site.site_header,
        "site_url": script_name if site.site_url == "/" and script_name else site.site_url,
        "has_permission": site.has_permission(request),
        "available_apps": [],
        "is_popup": False,
        "is_nav_sidebar_enabled": False,
    }


def _sections_key(filters, query: str) -> str:
    return f"reporting:html:{report_cache_key(filters)}:{query}"


def cached_sections_html(*, filters, query: str) -> str | None:
    if not settings.REPORTING_CACHE_SECONDS:
        return None
    html = cache.get(_sections_key(filters, query))
    return None if html is None else mark_safe(html)  # rendered by the template engine, escaped there


def sections_html(*, report, query: str) -> str:
    """The tables and charts, the same for every reader: cached beside the report they draw."""
    key = _sections_key(report.filters, query)
    html = cache.get(key) if settings.REPORTING_CACHE_SECONDS else None
    if html is None:
        sections = [(title, [(table, chart_of(table)) for table in tables]) for title, tables in report.sections]
        html = render_to_string("reporting/_sections.html", {"sections": sections, "report": report, "query": query})
        if settings.REPORTING_CACHE_SECONDS:
            cache.set(key, html, settings.REPORTING_CACHE_SECONDS)
    return mark_safe(html)  # rendered by the template engine above, escaped there


@login_required
@require_GET
def report_csv(request: HttpRequest, key: str) -> HttpResponse:
    require_ministry_admin(request.user)
    filters = ReportFilterForm(request.GET or None).filters()
    table = report_cached(filters=filters).table(key)
    if table is None:
        raise Http404
    return csv_response(filename=f"{key}-{filters.start}-{filters.end}", header=table.header, rows=table.text_rows())


@login_required
@require_GET
def report_xlsx(request: HttpRequest, key: str) -> HttpResponse:
    require_ministry_admin(request.user)
    filters = ReportFilterForm(request.GET or None).filters()
    table = report_cached(filters=filters).table(key)
    if table is None:
        raise Http404
    return workbook_response(filename=f"{key}-{filters.start}-{filters.end}", tables=[table])


@login_required
@require_GET
def report_workbook(request: HttpRequest) -> HttpResponse:
    """Every table of the report in one workbook, one sheet each."""
    require_ministry_admin(request.user)
    filters = ReportFilterForm(request.GET or None).filters()
    report = report_cached(filters=filters)
    tables = [table for _title, section in report.sections for table in section]
    name = _("rapports")
    return workbook_response(filename=f"{name}-{filters.start}-{filters.end}", tables=tables)


@login_required
@require_GET
def trail(request: HttpRequest) -> HttpResponse:
    """Every staff change of every tracked model in one list, newest first (a fixed number of queries)."""
    require_ministry_admin(request.user)
    form = TrailFilterForm(request.GET or None)
    page = Paginator(trail_entries(**form.filters()), TRAIL_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        **admin.site.each_context(request),
        "title": _("Journal des modifications"),
        "form": form,
        "page_obj": page,
        "rows": trail_rows(page.object_list),
        "query": query.urlencode(),
    }
    return render(request, "reporting/trail.html", context)
