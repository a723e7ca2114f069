"""The reports as Excel workbooks: the same cells as the page, numbers as numbers, hidden cells hidden."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from reporting.models import CoachMembership
from reporting.services import progress_snapshot_refresh
from tests.accounts.factories import CoachFactory, MinistryAdminFactory
from tests.accounts.profile_factories import region
from tests.action_plan.factories import PlanTemplateFactory
from tests.content.factories import OrganisationFactory
from tests.reporting.factories import participant_in, reviewed

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def no_report_cache(settings):
    settings.REPORTING_CACHE_SECONDS = 0


@pytest.fixture
def admin_client_(client):
    client.force_login(MinistryAdminFactory(is_superuser=False))
    return client


@pytest.fixture
def population():
    """Montréal (06): 7 people, 6 of them in week 6 or later; Québec (03): 2 people."""
    template = PlanTemplateFactory()
    people = [participant_in("06", furthest_week=week, template=template) for week in (0, 6, 6, 7, 8, 9, 11)]
    people += [participant_in("03", furthest_week=week, template=template) for week in (2, 7)]
    progress_snapshot_refresh()
    return people


def workbook(response):
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"].endswith('.xlsx"')
    return load_workbook(io.BytesIO(response.content))


def values(sheet) -> list[list]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_a_table_as_xlsx_keeps_its_hidden_cells_hidden(admin_client_, population):
    url = reverse("reporting:report_xlsx", kwargs={"key": "progress_week_six"})
    book = workbook(admin_client_.get(url))
    assert len(book.sheetnames) == 1
    sheet = book.worksheets[0]
    assert sheet.title == "Participants en semaine 6 ou pl"  # Excel's 31 characters
    rows = values(sheet)
    assert rows[0] == ["Région", "Avant la semaine 6", "Semaine 6 ou plus", "Total"]
    by_label = {row[0][:2]: row[1:] for row in rows[1:] if row[0]}
    # The same cells as the page's table: small cells and their complements "x" alike, the rest numbers.
    assert by_label["06"] == ["x", "x", "x"]
    assert by_label["03"] == ["x", "x", "x"]
    assert by_label["To"] == ["x", "x", 9]
    assert isinstance(by_label["To"][2], int)
    # No number anywhere in the file that the page hides (the small counts 1, 2, 6, 7).
    numbers = {value for row in rows for value in row if isinstance(value, int | float)}
    assert numbers == {9}


def test_the_workbook_has_every_table_with_numbers_and_medians(admin_client_, population):
    organisation = OrganisationFactory(name="Accueil Plus")
    coach = CoachFactory(display_name='=HYPERLINK("http://evil.example","Anne")')
    CoachMembership.objects.create(coach=coach, organisation=organisation)
    for index, hours in enumerate((2, 4, 7, 9, 25, 30)):
        reviewed(population[1 + index % 6], coach=coach, hours=hours)

    response = admin_client_.get(reverse("reporting:report_workbook"), {"region": region("06").pk})
    book = workbook(response)
    page = admin_client_.get(reverse("reporting:reports"), {"region": region("06").pk})
    tables = [table for _title, section in page.context["report"].sections for table in section]
    assert len(book.sheetnames) == len(tables)
    sheet = book[book.sheetnames[[table.key for table in tables].index("review_coach")]]
    rows = values(sheet)
    header = ["Accompagnatrice ou accompagnateur", "Révisions", "Délai médian (heures)", "90e centile (heures)"]
    assert rows[0] == header
    # A name that looks like a formula stays text: nothing runs when the file is opened.
    assert rows[1] == ['=HYPERLINK("http://evil.example","Anne")', 6, 8.0, 27.5]
    assert sheet.cell(row=2, column=1).data_type == "s"
    assert sheet.cell(row=2, column=3).number_format == "0.0"


def test_the_workbook_is_in_the_readers_language(admin_client_, population):
    response = admin_client_.get("/en" + reverse("reporting:report_workbook"))
    assert "Participants by stage" in workbook(response).sheetnames
    assert 'filename="reports-' in response["Content-Disposition"]


def test_participants_and_coaches_get_403(client, participant, coach):
    for person in (participant, coach):
        client.force_login(person)
        assert client.get(reverse("reporting:report_workbook")).status_code == 403
        assert client.get(reverse("reporting:report_xlsx", kwargs={"key": "reach_region"})).status_code == 403


def test_an_unknown_table_is_404(admin_client_):
    assert admin_client_.get(reverse("reporting:report_xlsx", kwargs={"key": "nope"})).status_code == 404
