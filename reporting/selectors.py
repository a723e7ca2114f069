"""The figures of the reports page: aggregate queries only, a fixed number whatever the population.

Each function returns a `ReportTable` whose cells are already suppressed (suppression.py), so the
page, the chart and the CSV show the same thing. Definitions:

- population: active participants with a profile, signed up by the end of the period, in the
  chosen region and mode;
- furthest week: the highest plan week in which the participant finished a task (0: none yet);
- days per week: from the week's opening to the participant finishing its last task, for weeks
  whose tasks are all finished;
- inactive: no task saved, submitted or finished, and no sign-in, for 14 days or more;
- review delay: from the deliverable's submission to the coach's decision (reviews of the period).
"""

import datetime
import statistics
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import (
    CharField,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Greatest, NullIf, Substr, TruncWeek
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from accounts.models import Occupation, Profile, Region, User
from action_plan.models import PlanTask, TaskReview
from integration_portal.db import is_postgresql
from integration_portal.i18n import english_active
from job_feed.models import FeedRun, FeedSource, JobOffer
from reporting.suppression import Cell, build_grid, small_cell_threshold

PLAN_WEEKS = 11
INACTIVE_DAYS = 14


@dataclass(frozen=True)
class ReportFilters:
    start: datetime.date
    end: datetime.date
    region_id: int | None = None
    mode: str = ""

    @property
    def start_at(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(self.start, datetime.time.min))

    @property
    def end_at(self) -> datetime.datetime:
        """The end of the period's last day, in the portal's zone."""
        next_day = self.end + datetime.timedelta(days=1)
        return timezone.make_aware(datetime.datetime.combine(next_day, datetime.time.min))


@dataclass
class ReportTable:
    key: str
    title: str
    row_header: str
    columns: list[str]
    rows: list[tuple[str, list[Cell]]]
    row_totals: list[Cell] | None = None
    column_totals: list[Cell] | None = None
    grand_total: Cell | None = None
    chart: str = ""  # "bar" (first column), "funnel", or "" (no chart)
    note: str = ""
    threshold: int = field(default_factory=small_cell_threshold)

    @property
    def header(self) -> list[str]:
        return [self.row_header, *self.columns, *([_("Total")] if self.row_totals is not None else [])]

    def text_rows(self) -> list[list[str]]:
        """Rows as shown (suppressed cells as "< 5"), total row last: the page's table and the CSV."""
        lines = []
        for index, (label, cells) in enumerate(self.rows):
            line = [str(label), *(cell.shown(self.threshold) for cell in cells)]
            if self.row_totals is not None:
                line.append(self.row_totals[index].shown(self.threshold))
            lines.append(line)
        if self.column_totals is not None:
            line = [_("Total"), *(cell.shown(self.threshold) for cell in self.column_totals)]
            if self.row_totals is not None:
                line.append(self.grand_total.shown(self.threshold) if self.grand_total else "")
            lines.append(line)
        return lines


def count_table(
    key, title, row_header, columns, labelled_rows, *, row_totals=False, column_totals=True, chart="bar", note=""
) -> ReportTable:
    threshold = small_cell_threshold()
    labels = [label for label, _values in labelled_rows]
    grid = build_grid(
        [values for _label, values in labelled_rows] or [[0] * len(columns)][:0],
        row_totals=row_totals,
        column_totals=column_totals and bool(labelled_rows),
        threshold=threshold,
    )
    return ReportTable(
        key=key,
        title=title,
        row_header=row_header,
        columns=columns,
        rows=list(zip(labels, grid.cells, strict=True)),
        row_totals=grid.row_totals,
        column_totals=grid.column_totals,
        grand_total=grid.grand_total,
        chart=chart,
        note=note,
        threshold=threshold,
    )


# --- Population ---------------------------------------------------------------------------------


def population(filters: ReportFilters) -> QuerySet[Profile]:
    profiles = Profile.objects.filter(
        user__role=User.Role.PARTICIPANT, user__is_active=True, user__date_joined__lt=filters.end_at
    )
    if filters.region_id:
        profiles = profiles.filter(region_id=filters.region_id)
    if filters.mode:
        profiles = profiles.filter(mode=filters.mode)
    return profiles


def _name(obj) -> str:
    return obj.name_en or obj.name_fr if english_active() else obj.name_fr


def _regions() -> dict[int, str]:
    return {region.pk: f"{region.code} – {_name(region)}" for region in Region.objects.order_by("code")}


NOT_STATED = gettext_lazy("Non précisé")


# --- Reach --------------------------------------------------------------------------------------


def reach_tables(filters: ReportFilters, regions: dict[int, str]) -> list[ReportTable]:
    """Six distributions of the population and the sign-ups per week (7 queries, 1 for families' names)."""
    profiles = population(filters)
    tables = []

    def grouped(field_name: str) -> dict:
        return {row[field_name]: row["n"] for row in profiles.values(field_name).annotate(n=Count("id")).order_by()}

    stages = grouped("stage")
    tables.append(
        count_table(
            "reach_stage",
            _("Participants par étape"),
            _("Étape"),
            [_("Participants")],
            [(label, [stages.get(value, 0)]) for value, label in Profile.Stage.choices],
        )
    )
    by_region = grouped("region_id")
    rows = [
        (label, [by_region.get(pk, 0)])
        for pk, label in regions.items()
        if not filters.region_id or pk == filters.region_id
    ]
    if by_region.get(None):
        rows.append((NOT_STATED, [by_region[None]]))
    tables.append(
        count_table(
            "reach_region", _("Participants par région d'établissement"), _("Région"), [_("Participants")], rows
        )
    )

    by_country = grouped("country_of_residence")
    rows = sorted(
        ((countries.name(code) or NOT_STATED, [n]) for code, n in by_country.items()),
        key=lambda row: (-row[1][0], str(row[0])),
    )
    tables.append(
        count_table("reach_country", _("Participants par pays de résidence"), _("Pays"), [_("Participants")], rows)
    )

    families = {
        row["family"]: row["n"]
        for row in profiles.annotate(family=Substr("occupation__code", 1, 1))
        .values("family")
        .annotate(n=Count("id"))
        .order_by()
    }
    names = {
        occupation.code: _name(occupation)
        for occupation in Occupation.objects.filter(level=Occupation.Level.BROAD_CATEGORY)
    }
    rows = [(f"{code} – {name}", [families.get(code, 0)]) for code, name in sorted(names.items())]
    if families.get(None):
        rows.append((NOT_STATED, [families[None]]))
    tables.append(
        count_table(
            "reach_family", _("Participants par famille de professions (CNP)"), _("Famille"), [_("Participants")], rows
        )
    )

    modes = grouped("mode")
    tables.append(
        count_table(
            "reach_mode",
            _("Participants par formule"),
            _("Formule"),
            [_("Participants")],
            [(label, [modes.get(value, 0)]) for value, label in Profile.Mode.choices],
        )
    )
    levels = grouped("french_level")
    rows = [(str(level), [levels.get(level, 0)]) for level in range(1, 13)]
    rows.append((NOT_STATED, [levels.get(None, 0)]))
    tables.append(
        count_table(
            "reach_french", _("Participants par niveau de français (1 à 12)"), _("Niveau"), [_("Participants")], rows
        )
    )

    weeks = (
        profiles.filter(user__date_joined__gte=filters.start_at)
        .annotate(week=TruncWeek("user__date_joined"))
        .values("week")
        .annotate(n=Count("id"))
        .order_by("week")
    )
    rows = [(row["week"].date().isoformat(), [row["n"]]) for row in weeks]
    tables.append(
        count_table(
            "signups",
            _("Nouvelles inscriptions par semaine"),
            _("Semaine du"),
            [_("Inscriptions")],
            rows,
            note=_("Participants inscrits pendant la période, par semaine (du lundi)."),
        )
    )
    return tables


# --- Progress -----------------------------------------------------------------------------------


def _with_furthest_week(profiles: QuerySet[Profile]) -> QuerySet[Profile]:
    furthest = (
        PlanTask.objects.filter(plan__user_id=OuterRef("user_id"), status=PlanTask.Status.DONE)
        .order_by()
        .values("plan__user_id")
        .annotate(week=Max("week"))
        .values("week")
    )
    return profiles.filter(user__action_plan__isnull=False).annotate(furthest=Coalesce(Subquery(furthest), 0))


def progress_tables(filters: ReportFilters, regions: dict[int, str]) -> list[ReportTable]:
    """The furthest week by region, week 6 or later by region, the funnel (2 queries)."""
    profiles = _with_furthest_week(population(filters))
    counts = {
        f"w{week}": Count("id", filter=Q(furthest=week) if week < PLAN_WEEKS else Q(furthest__gte=week))
        for week in range(PLAN_WEEKS + 1)
    }
    by_region = {row["region_id"]: row for row in profiles.values("region_id").annotate(**counts).order_by()}
    region_rows = [(pk, label) for pk, label in regions.items() if pk in by_region]
    if None in by_region:
        region_rows.append((None, NOT_STATED))
    week_columns = [_("Aucune")] + [_("S%(week)s") % {"week": week} for week in range(1, PLAN_WEEKS + 1)]
    exact = [(label, [by_region[pk][f"w{week}"] for week in range(PLAN_WEEKS + 1)]) for pk, label in region_rows]
    furthest = count_table(
        "progress_weeks",
        _("Semaine la plus avancée du plan, par région"),
        _("Région"),
        week_columns,
        exact,
        row_totals=True,
        chart="",
        note=_("La plus haute semaine du plan où la personne a terminé une tâche (« Aucune » : pas encore)."),
    )
    late = [(label, [sum(values[:6]), sum(values[6:])]) for label, values in exact]
    week_six = count_table(
        "progress_week_six",
        _("Participants en semaine 6 ou plus, par région"),
        _("Région"),
        [_("Avant la semaine 6"), _("Semaine 6 ou plus")],
        late,
        row_totals=True,
        chart="",
    )
    # The funnel: how many reached each week or beyond, over the whole population shown.
    totals = [sum(values[week] for _label, values in exact) for week in range(PLAN_WEEKS + 1)]
    reached = [
        (_("Semaine %(week)s ou plus") % {"week": week}, [sum(totals[week:])]) for week in range(1, PLAN_WEEKS + 1)
    ]
    funnel = count_table(
        "progress_funnel",
        _("Entonnoir : participants ayant atteint chaque semaine"),
        _("Semaine atteinte"),
        [_("Participants")],
        reached,
        column_totals=False,
        chart="funnel",
    )
    return [furthest, week_six, funnel, _days_per_week(filters)]


def _percentiles(inner_sql: str, params, *, fractions=(0.5,)) -> dict:
    """{(group, label): ([percentiles], n)} from a query selecting (grp, label, value) rows.

    PostgreSQL computes them (percentile_cont); SQLite (`make run`, small data) in Python.
    """
    with connection.cursor() as cursor:
        if is_postgresql():
            parts = ", ".join(f"percentile_cont({fraction}) WITHIN GROUP (ORDER BY value)" for fraction in fractions)
            cursor.execute(
                f"SELECT grp, label, {parts}, COUNT(*) FROM ({inner_sql}) AS inner_rows GROUP BY grp, label", params
            )
            return {(row[0], row[1]): ([float(v) for v in row[2:-1]], row[-1]) for row in cursor.fetchall()}
        cursor.execute(inner_sql, params)
        values: dict = {}
        for group, label, value in cursor.fetchall():
            values.setdefault((group, label), []).append(float(value))
    result = {}
    for group, items in values.items():
        items.sort()
        quantiles = statistics.quantiles(items, n=10, method="inclusive") if len(items) > 1 else items * 9
        picks = {0.5: statistics.median(items), 0.9: quantiles[8]}
        result[group] = ([picks[fraction] for fraction in fractions], len(items))
    return result


def _days_per_week(filters: ReportFilters) -> ReportTable:
    weeks = (
        PlanTask.objects.filter(plan__user__profile__in=population(filters))
        .values("plan_id", "week")
        .annotate(
            total=Count("id"),
            done=Count("id", filter=Q(status=PlanTask.Status.DONE)),
            finished=Max("completed_at"),
            opened=Max("opens_on"),
        )
        .filter(total=F("done"), week__lte=PLAN_WEEKS)
        .annotate(grp=F("week"))
        .order_by()
    )
    sql, params = weeks.values("grp", "finished", "opened").query.sql_with_params()
    if is_postgresql():
        days = "EXTRACT(EPOCH FROM (finished - opened::timestamptz)) / 86400.0"
    else:
        days = "julianday(finished) - julianday(opened)"
    medians = {
        grp: stats
        for (grp, _label), stats in _percentiles(
            f"SELECT grp, grp AS label, {days} AS value FROM ({sql}) AS w", params
        ).items()
    }
    threshold = small_cell_threshold()
    rows = []
    for week in range(1, PLAN_WEEKS + 1):
        (median,), n = medians.get(week, ([None], 0))
        n_cell = Cell(n, suppressed=0 < n < threshold)
        median_cell = Cell(
            round(max(median, 0.0), 1) if median is not None and not n_cell.suppressed else None, is_count=False
        )
        rows.append((_("Semaine %(week)s") % {"week": week}, [n_cell, median_cell]))
    return ReportTable(
        key="progress_days",
        title=_("Jours médians pour terminer chaque semaine"),
        row_header=_("Semaine"),
        columns=[_("Semaines terminées"), _("Jours (médiane)")],
        rows=rows,
        chart="",
        note=_("De l'ouverture de la semaine à la dernière tâche terminée; médiane cachée sous le seuil."),
        threshold=threshold,
    )


def activity_table(filters: ReportFilters, *, now: datetime.datetime) -> ReportTable:
    """Active and inactive (14 days or more) participants with a plan (1 query)."""
    last_task = (
        PlanTask.objects.filter(plan__user_id=OuterRef("user_id"))
        .order_by()
        .values("plan__user_id")
        .annotate(last=Max(Greatest("draft_saved_at", "submitted_at", "completed_at")))
        .values("last")
    )
    since = now - datetime.timedelta(days=INACTIVE_DAYS)
    profiles = (
        population(filters)
        .filter(user__action_plan__isnull=False)
        .annotate(
            last=Greatest(
                Coalesce(Subquery(last_task), "user__action_plan__generated_at"),
                Coalesce("user__last_login", "user__action_plan__generated_at"),
            )
        )
        .aggregate(active=Count("id", filter=Q(last__gte=since)), inactive=Count("id", filter=Q(last__lt=since)))
    )
    table = count_table(
        "activity",
        _("Participants inactifs depuis 14 jours ou plus"),
        _("Activité"),
        [_("Participants")],
        [(_("Actifs"), [profiles["active"]]), (_("Inactifs (14 jours ou plus)"), [profiles["inactive"]])],
        chart="bar",
    )
    total = profiles["active"] + profiles["inactive"]
    shown = not any(cell.suppressed for _label, cells in table.rows for cell in cells)
    if total and shown:
        table.note = _("Part des inactifs : %(share)s %%") % {"share": round(100 * profiles["inactive"] / total)}
    return table


def deliverables_table(filters: ReportFilters) -> ReportTable:
    """Deliverables submitted and reviewed in the period (2 queries)."""
    tasks = PlanTask.objects.filter(plan__user__profile__in=population(filters))
    submitted = tasks.filter(submitted_at__gte=filters.start_at, submitted_at__lt=filters.end_at).count()
    reviews = TaskReview.objects.filter(
        task__in=tasks, created_at__gte=filters.start_at, created_at__lt=filters.end_at
    ).aggregate(
        approved=Count("id", filter=Q(decision=TaskReview.Decision.APPROVED)),
        changes=Count("id", filter=Q(decision=TaskReview.Decision.CHANGES_REQUESTED)),
    )
    return count_table(
        "deliverables",
        _("Livrables remis et révisés pendant la période"),
        _("Livrables"),
        [_("Nombre")],
        [
            (_("Remis"), [submitted]),
            (_("Approuvés"), [reviews["approved"]]),
            (_("Modifications demandées"), [reviews["changes"]]),
        ],
        column_totals=False,
    )


def review_delay_tables(filters: ReportFilters) -> list[ReportTable]:
    """Median and 90th percentile of the review delay, per coach and per organisation (4 queries)."""
    # A decision before the last submission belongs to an earlier round: its delay is unknown.
    reviews = TaskReview.objects.filter(
        Q(created_at__gte=F("task__submitted_at")),
        task__plan__user__profile__in=population(filters),
        created_at__gte=filters.start_at,
        created_at__lt=filters.end_at,
    )
    reviews = reviews.annotate(
        delay=ExpressionWrapper(F("created_at") - F("task__submitted_at"), output_field=DurationField())
    )
    tables = []
    for key, title, header, group, label in (
        (
            "review_coach",
            _("Délai de révision par accompagnatrice"),
            _("Accompagnatrice ou accompagnateur"),
            "coach_id",
            Coalesce(NullIf("coach__display_name", Value("")), "coach__email", output_field=CharField()),
        ),
        (
            "review_organisation",
            _("Délai de révision par organisme"),
            _("Organisme"),
            "coach__membership__organisation_id",
            F("coach__membership__organisation__name"),
        ),
    ):
        grouped = reviews.annotate(grp=F(group), label=label).values("grp", "label", "delay").order_by()
        sql, params = grouped.query.sql_with_params()
        if is_postgresql():
            inner = f"SELECT grp, label, EXTRACT(EPOCH FROM delay) / 3600.0 AS value FROM ({sql}) AS r"
        else:
            inner = f"SELECT grp, label, delay / 3600000000.0 AS value FROM ({sql}) AS r"
        stats = _percentiles(inner, params, fractions=(0.5, 0.9))
        threshold = small_cell_threshold()
        rows = []
        for (_grp, name), ((median, p90), n) in sorted(stats.items(), key=lambda item: str(item[0][1] or "")):
            small = n < threshold
            rows.append(
                (
                    name or NOT_STATED,
                    [
                        Cell(n, suppressed=small),
                        Cell(None if small else round(median, 1), is_count=False),
                        Cell(None if small else round(p90, 1), is_count=False),
                    ],
                )
            )
        tables.append(
            ReportTable(
                key=key,
                title=title,
                row_header=header,
                columns=[_("Révisions"), _("Délai médian (heures)"), _("90e centile (heures)")],
                rows=rows,
                chart="",
                note=_("De la remise du livrable à la décision; délais cachés sous le seuil de révisions."),
                threshold=threshold,
            )
        )
    return tables


# --- Job offers and imports ---------------------------------------------------------------------


def job_tables(filters: ReportFilters, regions: dict[int, str]) -> list[ReportTable]:
    """Open offers by region (offers are not people: no suppression) and each source's last import (2 queries)."""
    offers = JobOffer.objects.filter(status=JobOffer.Status.OPEN)
    if filters.region_id:
        offers = offers.filter(region_id=filters.region_id)
    by_region = {row["region_id"]: row["n"] for row in offers.values("region_id").annotate(n=Count("id")).order_by()}
    rows = [
        (label, [Cell(by_region.get(pk, 0), is_count=False)])
        for pk, label in regions.items()
        if not filters.region_id or pk == filters.region_id
    ]
    open_offers = ReportTable(
        key="jobs_region",
        title=_("Offres d'emploi ouvertes par région"),
        row_header=_("Région"),
        columns=[_("Offres ouvertes")],
        rows=rows,
        column_totals=[Cell(sum(by_region.values()), is_count=False)],
        chart="bar",
    )
    last_run = FeedRun.objects.filter(source=OuterRef("pk")).order_by("-started_at", "-pk")
    sources = FeedSource.objects.annotate(
        last_status=Subquery(last_run.values("status")[:1]),
        last_started=Subquery(last_run.values("started_at")[:1]),
        last_created=Subquery(last_run.values("created")[:1]),
        last_rejected=Subquery(last_run.values("rejected")[:1]),
        open_count=Count("offers", filter=Q(offers__status=JobOffer.Status.OPEN)),
    ).order_by("name")
    statuses = dict(FeedRun.Status.choices)
    rows = [
        (
            source.name,
            [
                Cell(None, is_count=False)
                if source.last_started is None
                else _text_cell(timezone.localtime(source.last_started).strftime("%Y-%m-%d %H:%M")),
                _text_cell(str(statuses.get(source.last_status, "—"))),
                Cell(source.last_created, is_count=False),
                Cell(source.last_rejected, is_count=False),
                Cell(source.consecutive_failures, is_count=False),
                Cell(source.open_count, is_count=False),
            ],
        )
        for source in sources
    ]
    imports = ReportTable(
        key="imports",
        title=_("Santé des imports d'offres"),
        row_header=_("Source"),
        columns=[
            _("Dernier import"),
            _("Résultat"),
            _("Créées"),
            _("Rejetées"),
            _("Échecs consécutifs"),
            _("Offres ouvertes"),
        ],
        rows=rows,
        chart="",
    )
    return [open_offers, imports]


class TextCell(Cell):
    def shown(self, threshold: int) -> str:
        return str(self.value)


def _text_cell(text: str) -> Cell:
    return TextCell(text, is_count=False)


# --- The page -----------------------------------------------------------------------------------


@dataclass
class Report:
    filters: ReportFilters
    sections: list[tuple[str, list[ReportTable]]]

    def table(self, key: str) -> ReportTable | None:
        for _title, tables in self.sections:
            for table in tables:
                if table.key == key:
                    return table
        return None


def report_build(*, filters: ReportFilters, now: datetime.datetime | None = None) -> Report:
    now = now or timezone.now()
    regions = _regions()
    return Report(
        filters=filters,
        sections=[
            (_("Rejoindre les personnes"), reach_tables(filters, regions)),
            (
                _("Progression dans le plan"),
                [*progress_tables(filters, regions), activity_table(filters, now=now), deliverables_table(filters)],
            ),
            (_("Révision des livrables"), review_delay_tables(filters)),
            (_("Offres d'emploi"), job_tables(filters, regions)),
        ],
    )
