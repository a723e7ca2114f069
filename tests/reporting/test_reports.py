"""The reports page: ministry admins only, filters, small cells hidden, CSV, a fixed number of queries."""

import csv
import io

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from accounts.models import Profile
from reporting.models import CoachMembership
from reporting.services import progress_snapshot_refresh
from tests.accounts.factories import CoachFactory, MinistryAdminFactory
from tests.accounts.profile_factories import region
from tests.action_plan.factories import PlanTemplateFactory
from tests.content.factories import OrganisationFactory
from tests.reporting.factories import participant_in, reviewed

pytestmark = pytest.mark.django_db

URL = reverse("reporting:reports")


@pytest.fixture(autouse=True)
def no_report_cache(settings):
    # Each test sees the figures of its own data; the cache has its own test below.
    settings.REPORTING_CACHE_SECONDS = 0


@pytest.fixture
def admin_client_(client):
    client.force_login(MinistryAdminFactory(is_superuser=False))
    return client


@pytest.fixture
def population():
    """Montréal (06): 7 people, 6 of them in week 6 or later; Québec (03): 2 people, one in week 7."""
    template = PlanTemplateFactory()
    people = [participant_in("06", furthest_week=week, template=template) for week in (0, 6, 6, 7, 8, 9, 11)]
    people += [participant_in("03", furthest_week=week, template=template) for week in (2, 7)]
    progress_snapshot_refresh()
    return people


def csv_rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def test_participants_and_coaches_get_403(client, participant, coach):
    for person in (participant, coach):
        client.force_login(person)
        assert client.get(URL).status_code == 403
        assert client.get(reverse("reporting:report_csv", kwargs={"key": "reach_region"})).status_code == 403


def test_week_six_or_later_by_region_with_small_cells_hidden(admin_client_, population):
    response = admin_client_.get(URL)
    table = response.context["report"].table("progress_week_six")
    rows = {line[0]: line[1:] for line in table.text_rows()}
    montreal = next(label for label in rows if label.startswith("06"))
    quebec = next(label for label in rows if label.startswith("03"))
    # Montréal: 1 before week 6 (small), 6 after, hidden since the row's total would give it;
    # Québec: 1, 1, total 2, all small. The totals' column then holds one small cell (Québec's 2)
    # beside the grand total: Montréal's 7 is hidden too, or 9 - 7 would give Québec's.
    assert rows[montreal] == ["x", "x", "x"]
    assert rows[quebec] == ["x", "x", "x"]
    # Total row: 2 before (small) and 7 after (hidden as its complement); 9 people in all.
    assert rows["Total"] == ["x", "x", "9"]


def test_filtering_by_region_keeps_only_that_region(admin_client_, population):
    response = admin_client_.get(URL, {"region": region("06").pk})
    table = response.context["report"].table("progress_week_six")
    assert [line[0][:2] for line in table.text_rows()] == ["06", "To"]
    assertContains(response, "Semaine 6 ou plus")


def test_the_csv_holds_the_same_cells_utf8_with_bom(admin_client_, population):
    response = admin_client_.get(
        reverse("reporting:report_csv", kwargs={"key": "progress_week_six"}), {"region": region("06").pk}
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = csv_rows(response)
    assert rows[0] == ["Région", "Avant la semaine 6", "Semaine 6 ou plus", "Total"]
    assert rows[1][0].startswith("06 – Montréal")
    assert rows[1][1:] == ["x", "x", "7"]


def test_an_unknown_table_is_404(admin_client_):
    assert admin_client_.get(reverse("reporting:report_csv", kwargs={"key": "nope"})).status_code == 404


def test_review_delays_per_coach_and_organisation_hide_coaches_with_few_reviews(admin_client_, population):
    busy, quiet = CoachFactory(display_name="Anne Busy"), CoachFactory(display_name="Zoé Quiet")
    organisation = OrganisationFactory()
    CoachMembership.objects.create(coach=busy, organisation=organisation)
    for person, hours in zip(population[:6], (2, 4, 6, 8, 10, 40), strict=True):
        reviewed(person, coach=busy, hours=hours)
    reviewed(population[6], coach=quiet, hours=1)

    report = admin_client_.get(URL).context["report"]
    per_coach = {line[0]: line[1:] for line in report.table("review_coach").text_rows()}
    assert per_coach["Anne Busy"] == ["6", "7,0", "25,0"]
    assert per_coach["Zoé Quiet"] == ["x", "—", "—"]
    per_organisation = {line[0]: line[1:] for line in report.table("review_organisation").text_rows()}
    assert per_organisation[organisation.name] == ["6", "7,0", "25,0"]


def test_the_page_draws_accessible_svg_charts_without_script(admin_client_, population):
    response = admin_client_.get(URL)
    assertContains(
        response,
        '<svg class="reports-chart" role="img"',
        count=len(
            [
                table
                for _title, tables in response.context["report"].sections
                for table in tables
                if table.chart and table.rows
            ]
        ),
    )
    assertContains(response, '<title id="progress_funnel-chart-title">')
    assertNotContains(response, "<script>")


def test_a_reversed_period_is_explained(admin_client_):
    response = admin_client_.get(URL, {"start": "2026-12-01", "end": "2026-11-01"})
    assertContains(response, "La date de début doit précéder la date de fin.")


def test_the_mode_filter(admin_client_, population):
    participant_in("06", furthest_week=3, mode=Profile.Mode.ACCOMPANIED)
    progress_snapshot_refresh()
    report = admin_client_.get(URL, {"mode": "accompanied"}).context["report"]
    assert report.table("reach_mode").text_rows()[1][1] == "x"
    assert report.table("reach_mode").text_rows()[0][1] == "0"


# The page's queries, whatever the population: the user and their two-factor check (2),
# regions (1); reach: stage, region, country, families and their names, mode, French level,
# sign-ups (8); progress by week (1), days per week (1), activity (1), deliverables (2), review
# delays per coach and per organisation (2), interviews (1), forum questions by region and first answers (2),
# offers by region and imports (2), when the progress
# was computed (1); the region choices (1). (No admin menu: views.admin_frame.)
REPORT_QUERIES = 25


def test_the_page_runs_a_fixed_number_of_queries(admin_client_, population, django_assert_num_queries):
    admin_client_.get(URL)  # warm the session's caches
    with django_assert_num_queries(REPORT_QUERIES):
        admin_client_.get(URL)
    participant_in("03", furthest_week=9)
    participant_in("05", furthest_week=1)
    progress_snapshot_refresh()
    with django_assert_num_queries(REPORT_QUERIES):
        admin_client_.get(URL)


def test_the_progress_copy_follows_the_tasks_when_refreshed(admin_client_, population):
    from action_plan.models import PlanTask

    PlanTask.objects.filter(plan__user__in=population[:2], week__lte=8).update(status=PlanTask.Status.DONE)
    before = admin_client_.get(URL).context["report"].table("progress_funnel").text_rows()
    progress_snapshot_refresh()
    after = admin_client_.get(URL).context["report"].table("progress_funnel").text_rows()
    # Week 1 or later: 8 of 9 before the refresh, hidden since the one person still in week 0
    # (a small cell of the furthest-week table) would be 9 - 8; after it, all 9 (nobody in week 0).
    assert before[0] == ["Semaine 1 ou plus", "x"]
    assert after[0] == ["Semaine 1 ou plus", "9"]


def test_the_progress_tables_cannot_be_set_against_each_other(admin_client_, population):
    """Montréal: weeks 0, 6, 6, 7, 8, 9, 11; Québec: 2, 7. Every count the furthest-week table
    hides stays hidden whatever is subtracted from what, within and across the three tables."""
    import itertools

    report = admin_client_.get(URL).context["report"]
    furthest, week_six = report.table("progress_weeks"), report.table("progress_week_six")
    funnel = [cells[0] for _label, cells in report.table("progress_funnel").rows]
    columns = furthest.column_totals
    # The funnel's steps are the furthest-week columns: no visible step spans a hidden column.
    for week in range(1, 11):
        if not funnel[week - 1].suppressed and not funnel[week].suppressed:
            assert not columns[week].suppressed, week
    # "Before week 6" is weeks 0 to 5 of the same row: both visible or a second one hidden there.
    for (_label, weeks), (_same, halves) in zip(furthest.rows, week_six.rows, strict=True):
        for part, whole in ((weeks[:6], halves[0]), (weeks[6:], halves[1])):
            assert sum(cell.suppressed for cell in [*part, whole]) != 1
    # Nothing of a hidden cell is shown anywhere as a number.
    every_cell = [cell for _label, cells in furthest.rows for cell in cells] + columns
    every_cell += [cell for _label, cells in week_six.rows for cell in cells] + funnel
    assert all(cell.shown(5) == "x" for cell in every_cell if cell.suppressed)
    assert any(not cell.suppressed for cell in itertools.chain(funnel, columns))


def test_the_refresh_task_counts_the_plans(population, celery_eager):
    from reporting.tasks import progress_snapshot_refresh_task

    assert progress_snapshot_refresh_task.delay().get() == len(population)


def test_a_report_is_cached_for_the_same_filters(admin_client_, population, settings, django_assert_num_queries):
    from django.core.cache import cache

    cache.clear()
    settings.REPORTING_CACHE_SECONDS = 60
    admin_client_.get(URL, {"mode": "accompanied"})
    # Only the admin's own queries remain: the user and their two-factor check, the region choices
    # of the filter form.
    with django_assert_num_queries(3):
        response = admin_client_.get(URL, {"mode": "accompanied"})
    # The tables come from their cached HTML, the report itself is not even read.
    assert response.context["report"] is None
    assertContains(response, "Participants en semaine 6 ou plus, par région")
    assertContains(response, "Période du")


def test_interviews_held_cancelled_and_missed(admin_client_, population):
    import datetime

    from django.utils import timezone

    from coaching.models import Interview

    coach = CoachFactory()
    start = timezone.now() - datetime.timedelta(days=3)
    statuses = ["held"] * 6 + ["cancelled"] * 2 + ["no_show"]
    for number, status in enumerate(statuses):
        begins = start + datetime.timedelta(hours=number)
        Interview.objects.create(
            participant=population[number % len(population)],
            coach=coach,
            starts_at=begins,
            ends_at=begins + datetime.timedelta(minutes=45),
            status=status,
        )
    rows = {line[0]: line[1] for line in admin_client_.get(URL).context["report"].table("interviews").text_rows()}
    assert rows["tenue"] == "6"
    assert rows["annulée"] == "x"
    assert rows["absence"] == "x"
    assert rows["Total"] == "9"


def test_the_refresh_builds_the_default_report_ahead(population, settings, celery_eager, django_assert_num_queries):
    from django.core.cache import cache
    from django.test import Client

    from reporting.tasks import progress_snapshot_refresh_task

    cache.clear()
    settings.REPORTING_CACHE_SECONDS = 60
    progress_snapshot_refresh_task.delay().get()
    client = Client()
    client.force_login(MinistryAdminFactory(is_superuser=False))
    # Only the admin's own queries: the user and their two-factor check, the region choices.
    with django_assert_num_queries(3):
        assert client.get(URL).status_code == 200


def test_a_region_hidden_in_the_reach_table_is_hidden_in_the_progress_table_too(admin_client_, settings):
    """The same people split two ways. Threshold 3; Québec (03): 1 person; Mauricie (04): 4;
    Montréal (06): 6, of whom 3 have a plan. By region, Québec's 1 is small and Mauricie's 4 (the
    smallest other) is hidden beside it; in the progress table Montréal's 3 plans are the smallest
    other total instead. Were Mauricie's 4 plans shown there (everyone there has a plan), the
    reach table's visible 6 and 11 would give Québec's 1 back: 11 - 6 - 4."""
    from tests.accounts.factories import ParticipantFactory
    from tests.action_plan.factories import ProfileFactory

    settings.REPORTING_SMALL_CELL = 3
    template = PlanTemplateFactory()
    participant_in("03", template=template)
    for _number in range(4):
        participant_in("04", template=template)
    for _number in range(3):
        participant_in("06", template=template)
        ProfileFactory(user=ParticipantFactory(), region=region("06"))
    progress_snapshot_refresh()

    report = admin_client_.get(URL).context["report"]
    reach = {str(label)[:2]: cells[0] for label, cells in report.table("reach_region").rows}
    furthest = report.table("progress_weeks")
    plans = {str(label)[:2]: total for (label, _cells), total in zip(furthest.rows, furthest.row_totals, strict=True)}
    assert reach["03"].suppressed and reach["04"].suppressed and not reach["06"].suppressed
    assert report.table("reach_region").column_totals[0].shown(3) == "11"
    # Where everyone has a plan (Québec, Mauricie), hidden on one side means hidden on the other.
    assert plans["03"].suppressed and plans["04"].suppressed
    assert not plans["06"].suppressed or plans["06"].value != reach["06"].value
    # The progress table's own lines and links still hold (no line with a single hidden cell).
    grid = furthest.grid()
    for line in [*zip(grid.cells, grid.row_totals, strict=True), (grid.row_totals, grid.grand_total)]:
        assert sum(cell.suppressed for cell in [*line[0], line[1]]) != 1
