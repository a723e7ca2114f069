"""Writes of the reporting app: the progress copies that the reports read."""

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, F, Max, Q
from django.db.models.functions import Coalesce
from django.utils import timezone, translation

from action_plan.models import PlanTask
from integration_portal.db import is_postgresql
from reporting.models import PlanProgress, ProgressSnapshot, WeekCompletion


@transaction.atomic
def progress_snapshot_refresh() -> ProgressSnapshot:
    """Rebuild PlanProgress and WeekCompletion from the tasks, in the database (INSERT … SELECT).

    Two scans of the task table, in one transaction: readers see the old copy until it commits.
    Takes a few seconds over 50,000 plans; the reports then read 50,000 rows instead of 550,000.
    """
    PlanProgress.objects.all()._raw_delete(PlanProgress.objects.db)
    WeekCompletion.objects.all()._raw_delete(WeekCompletion.objects.db)
    per_plan = (
        PlanTask.objects.order_by()
        .values("plan_id")
        .annotate(
            owner=F("plan__user_id"),
            furthest=Coalesce(Max("week", filter=Q(status=PlanTask.Status.DONE)), 0),
            draft=Max("draft_saved_at"),
            submitted=Max("submitted_at"),
            completed=Max("completed_at"),
        )
        .values_list("plan_id", "owner", "furthest", "draft", "submitted", "completed")
    )
    sql, params = per_plan.query.sql_with_params()
    table = PlanProgress._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (plan_id, user_id, furthest_week, last_draft_at, last_submitted_at,"
            f" last_completed_at) {sql}",
            params,
        )
        plans = cursor.rowcount
    per_week = (
        PlanTask.objects.order_by()
        .values("plan_id", "week")
        .annotate(
            owner=F("plan__user_id"),
            total=Count("id"),
            done=Count("id", filter=Q(status=PlanTask.Status.DONE)),
            finished=Max("completed_at"),
            opened=Max("opens_on"),
        )
        .filter(total=F("done"), finished__isnull=False)
        .values_list("plan_id", "owner", "week", "finished", "opened")
    )
    sql, params = per_week.query.sql_with_params()
    if is_postgresql():
        days = "EXTRACT(EPOCH FROM (finished - opened::timestamptz)) / 86400.0"
    else:
        days = "julianday(finished) - julianday(opened)"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {WeekCompletion._meta.db_table} (plan_id, user_id, week, days) "
            f"SELECT plan_id, owner, week, GREATEST_ZERO FROM ({sql}) AS w".replace(
                "GREATEST_ZERO", f"CASE WHEN {days} > 0 THEN {days} ELSE 0 END"
            ),
            params,
        )
    ProgressSnapshot.objects.all().delete()
    return ProgressSnapshot.objects.create(refreshed_at=timezone.now(), plans=max(plans, 0))


def reports_warm() -> None:
    """Build the page everyone opens first (the last 12 weeks, all regions and modes) in each
    language, so that nobody waits for it: over 50,000 participants a cold build takes seconds."""
    from reporting.forms import ReportFilterForm
    from reporting.selectors import report_cached

    filters = ReportFilterForm().filters()
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            report_cached(filters=filters, rebuild=True)
