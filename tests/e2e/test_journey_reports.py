"""A ministry admin answers "how many participants headed to each region are in week 6 or later"
from the reports page: filters by region, reads the table beside the chart, downloads the CSV
and the same table as an Excel workbook."""

import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from reporting.services import progress_snapshot_refresh
from tests.accounts.factories import MinistryAdminFactory
from tests.accounts.profile_factories import region
from tests.e2e.test_journey_privacy import log_in, totp_code
from tests.reporting.factories import participant_in

pytestmark = pytest.mark.e2e


def test_an_admin_filters_the_reports_by_region_and_downloads_a_csv(page, check_accessibility, settings):
    settings.REPORTING_CACHE_SECONDS = 0
    for week in (1, 6, 7, 7, 8, 9, 10):
        participant_in("06", furthest_week=week)
    participant_in("03", furthest_week=2)
    progress_snapshot_refresh()
    admin = MinistryAdminFactory(is_superuser=False)

    log_in(page, admin.email)
    page.locator("#id_code").fill(totp_code(admin.totp_secret))
    page.locator("main").get_by_role("button").first.click()
    page.goto("/admin/")
    page.get_by_role("link", name=re.compile("^Rapports :")).click()
    expect(page.get_by_role("heading", name="Participants en semaine 6 ou plus, par région")).to_be_visible()
    check_accessibility(page)

    page.get_by_label("Région", exact=True).select_option(str(region("06").pk))
    page.get_by_role("button", name="Afficher").click()
    table = page.locator("#progress_week_six table")
    expect(table.locator("tbody tr")).to_have_count(2)  # Montréal and the total row
    montreal = table.locator("tbody tr").first
    expect(montreal.locator("th")).to_contain_text("06")
    # 1 before week 6 (small), 6 after (hidden: the row's total would give the small one away), 7:
    # both read "x", so nothing tells which of the two is the small one.
    expect(montreal.locator("td")).to_have_text(["x", "x", "7"])
    expect(page.locator("#progress_funnel svg title")).to_have_text(re.compile("Entonnoir"))

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger « Participants en semaine 6 ou plus, par région » (CSV)").click()
    body = Path(download_info.value.path()).read_bytes()
    assert body.startswith("\ufeff".encode())
    lines = body.decode("utf-8-sig").splitlines()
    assert lines[0] == "Région;Avant la semaine 6;Semaine 6 ou plus;Total"
    assert lines[1].endswith(";x;x;7")

    # The same table as an Excel workbook: the same cells, the counts as numbers Excel can add up.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Excel (.xlsx) – Participants en semaine 6 ou plus, par région").click()
    assert download_info.value.suggested_filename.endswith(".xlsx")
    # Playwright keeps the file under a name without its extension, which openpyxl refuses.
    sheet = load_workbook(io.BytesIO(Path(download_info.value.path()).read_bytes())).worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == ["Région", "Avant la semaine 6", "Semaine 6 ou plus", "Total"]
    assert rows[1][0].startswith("06")
    assert rows[1][1:] == ["x", "x", 7]
    assert isinstance(rows[1][3], int)
