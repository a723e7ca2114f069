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

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import (
    Case,
    CharField,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, NullIf, Substr, TruncWeek
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from accounts.models import Occupation, Profile, Region, User
from action_plan.models import PlanTask, TaskReview
from integration_portal.db import is_postgresql
from integration_portal.i18n import english_active
from job_feed.models import FeedRun, FeedSource, JobOffer
from reporting.models import PlanProgress, ProgressSnapshot, WeekCompletion
from reporting.suppression import Cell, Grid, build_grid, small_cell_threshold, suppress_linked

PLAN_WEEKS = 11
PROGRESS_KEYS = ("progress_weeks", "progress_week_six", "progress_funnel")
INACTIVE_DAYS = 14


@dataclass(frozen=True)
class ReportFilters:
    start: datetime.date
    end: datetime.date
    region_id: int | None = None
    mode: str = ""

    @property
    def start_at(self) -> datetime.datetime:
        return timezone.make_aware(
            datetime.datetime.combine(self.start, datetime.time.min), timezone.get_default_timezone()
        )

    @property
    def end_at(self) -> datetime.datetime:
        """The end of the period's last day, in the portal's zone."""
        next_day = self.end + datetime.timedelta(days=1)
        return timezone.make_aware(
            datetime.datetime.combine(next_day, datetime.time.min), timezone.get_default_timezone()
        )


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

    @property
    def has_hidden(self) -> bool:
        """Whether a count is hidden: the table then carries the mark's legend (spreadsheet)."""
        cells = [cell for _label, row in self.rows for cell in row]
        cells += [*(self.row_totals or []), *(self.column_totals or [])]
        cells += [self.grand_total] if self.grand_total else []
        return any(cell.suppressed for cell in cells)

    def grid(self) -> Grid:
        """The table's count cells as a grid (the same Cell objects): for suppression across tables."""
        return Grid(
            cells=[cells for _label, cells in self.rows],
            row_totals=self.row_totals,
            column_totals=self.column_totals,
            grand_total=self.grand_total,
            threshold=self.threshold,
        )

    def text_rows(self) -> list[list[str]]:
        """Rows as shown (hidden cells as "x"), total row last: the page's table and the CSV."""
        return self._lines(lambda cell: cell.shown(self.threshold))

    def value_rows(self) -> list[list]:
        """The same rows with numbers left as numbers (the spreadsheet); hidden cells stay text."""
        return self._lines(lambda cell: cell.typed(self.threshold))

    def _lines(self, render) -> list[list]:
        lines = []
        for index, (label, cells) in enumerate(self.rows):
            line = [str(label), *(render(cell) for cell in cells)]
            if self.row_totals is not None:
                line.append(render(self.row_totals[index]))
            lines.append(line)
        if self.column_totals is not None:
            line = [_("Total"), *(render(cell) for cell in self.column_totals)]
            if self.row_totals is not None:
                line.append(render(self.grand_total) if self.grand_total else "")
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


def population_q(filters: ReportFilters, prefix: str = "") -> Q:
    """The population as a condition on Profile, reached from another model through `prefix`."""
    condition = Q(
        **{
            f"{prefix}user__role": User.Role.PARTICIPANT,
            f"{prefix}user__is_active": True,
            f"{prefix}user__date_joined__lt": filters.end_at,
        }
    )
    if filters.region_id:
        condition &= Q(**{f"{prefix}region_id": filters.region_id})
    if filters.mode:
        condition &= Q(**{f"{prefix}mode": filters.mode})
    return condition


def population(filters: ReportFilters) -> QuerySet[Profile]:
    return Profile.objects.filter(population_q(filters))


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


def progress_tables(filters: ReportFilters, regions: dict[int, str]) -> list[ReportTable]:
    """The furthest week by region, week 6 or later by region, the funnel (2 queries)."""
    rows = (
        PlanProgress.objects.filter(population_q(filters, "user__profile__"))
        .values("furthest_week", region_id=F("user__profile__region_id"))
        .annotate(n=Count("plan_id"))
        .order_by()
    )
    by_region: dict = {}
    for row in rows:
        counts = by_region.setdefault(row["region_id"], {f"w{week}": 0 for week in range(PLAN_WEEKS + 1)})
        counts[f"w{min(row['furthest_week'], PLAN_WEEKS)}"] += row["n"]
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
    suppress_linked([furthest.grid(), week_six.grid()], _progress_links(furthest, week_six, funnel))
    return [furthest, week_six, funnel, _days_per_week(filters)]


def _progress_links(furthest: ReportTable, week_six: ReportTable, funnel: ReportTable) -> list:
    """The three tables count the same people: "before week 6" is the sum of weeks 0 to 5 of the
    same row, and the funnel's step from week k to k + 1 is the column of week k. Hidden cells are
    hidden across them, or setting one table against another would give them back."""
    if not furthest.rows:
        return []
    links = []
    for (_label, weeks), (_same, halves), total, same_total in zip(
        furthest.rows, week_six.rows, furthest.row_totals, week_six.row_totals, strict=True
    ):
        links += [(weeks[:6], halves[0]), (weeks[6:], halves[1]), ([total], same_total)]
    columns, halves = furthest.column_totals, week_six.column_totals
    links += [(columns[:6], halves[0]), (columns[6:], halves[1]), ([furthest.grand_total], week_six.grand_total)]
    reached = [cells[0] for _label, cells in funnel.rows]  # week 1 or more … week 11 or more
    links.append(([columns[0], reached[0]], furthest.grand_total))
    for week in range(1, PLAN_WEEKS):
        links.append(([columns[week], reached[week]], reached[week - 1]))
    links.append(([columns[PLAN_WEEKS]], reached[PLAN_WEEKS - 1]))
    return links


def _link_reach_and_progress(reach: list[ReportTable], progress: list[ReportTable], activity: ReportTable) -> None:
    """The reach and progress tables count the same population, split different ways: its total is
    the same in every reach table, and the participants with a plan are a part of it (all of it
    when everyone has one, as plans are made at sign-up). A hidden cell here must stay hidden
    there: a region's count, hidden in one table as the complement of a small region, would
    otherwise be read in the other and the small one given back from the grand total.

    A region's count and its count with a plan are linked when they are equal (then hidden on one
    side, hidden on the other): when they differ, the reader cannot tell by how much, and linking
    them all the same hid much more (a progress table's complement would hide a reach count that
    gives nothing away). Hiding goes on across every table's lines and the progress tables' own
    links until none holds one hidden cell."""
    furthest, week_six, funnel = (next(table for table in progress if table.key == key) for key in PROGRESS_KEYS)
    by_region = next(table for table in reach if table.key == "reach_region")
    counted = [table for table in reach if table.key != "signups" and table.column_totals]
    links: list = []
    # Every split of the population adds up to the same total.
    links += [([table.column_totals[0]], by_region.column_totals[0]) for table in counted if table is not by_region]
    if furthest.rows and by_region.column_totals:
        plans = {str(label): total for (label, _cells), total in zip(furthest.rows, furthest.row_totals, strict=True)}
        links += [
            ([plans[str(label)]], cells[0])
            for label, cells in by_region.rows
            if str(label) in plans and plans[str(label)].value == cells[0].value
        ]
        if furthest.grand_total.value == by_region.column_totals[0].value:
            links.append(([furthest.grand_total], by_region.column_totals[0]))
        if activity.column_totals:
            links.append(([activity.column_totals[0]], furthest.grand_total))
    links += _progress_links(furthest, week_six, funnel)
    suppress_linked([table.grid() for table in [*counted, furthest, week_six, activity]], links)
    if activity.has_hidden:
        activity.note = ""  # the share of inactive people would give a hidden count back


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
    completions = (
        WeekCompletion.objects.filter(population_q(filters, "user__profile__"), week__lte=PLAN_WEEKS)
        .annotate(grp=F("week"), label=F("week"), value=F("days"))
        .values("grp", "label", "value")
        .order_by()
    )
    sql, params = completions.query.sql_with_params()
    medians = {grp: stats for (grp, _label), stats in _percentiles(sql, params).items()}
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
    since = now - datetime.timedelta(days=INACTIVE_DAYS)
    recent = (
        Q(last_draft_at__gte=since)
        | Q(last_submitted_at__gte=since)
        | Q(last_completed_at__gte=since)
        | Q(user__last_login__gte=since)
    )
    profiles = PlanProgress.objects.filter(population_q(filters, "user__profile__")).aggregate(
        active=Count("plan_id", filter=recent), inactive=Count("plan_id", filter=~recent)
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
    submitted = PlanTask.objects.filter(
        population_q(filters, "plan__user__profile__"),
        submitted_at__gte=filters.start_at,
        submitted_at__lt=filters.end_at,
    ).count()
    reviews = TaskReview.objects.filter(
        population_q(filters, "task__plan__user__profile__"),
        created_at__gte=filters.start_at,
        created_at__lt=filters.end_at,
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
        population_q(filters, "task__plan__user__profile__"),
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


# --- Coaching -----------------------------------------------------------------------------------


def interview_table(filters: ReportFilters) -> ReportTable:
    """Interviews of the period (by their start) by what became of them (1 query)."""
    from coaching.models import Interview

    statuses = {
        row["status"]: row["n"]
        for row in Interview.objects.filter(
            population_q(filters, "participant__profile__"),
            starts_at__gte=filters.start_at,
            starts_at__lt=filters.end_at,
        )
        .values("status")
        .annotate(n=Count("id"))
        .order_by()
    }
    return count_table(
        "interviews",
        _("Entrevues de la période"),
        _("Entrevues"),
        [_("Nombre")],
        [(label, [statuses.get(value, 0)]) for value, label in Interview.Status.choices],
        note=_("Selon la date prévue de l'entrevue."),
    )


# --- Forum --------------------------------------------------------------------------------------

ANSWER_DELAY = datetime.timedelta(hours=48)


def forum_tables(filters: ReportFilters, regions: dict[int, str]) -> list[ReportTable]:
    """Questions asked in the period by the population, by the asker's region: answered within
    48 hours, later, or not yet; and who answered first with the median delay (2 queries)."""
    from forum.selectors import questions_with_first_answer

    questions = questions_with_first_answer(asked_from=filters.start_at, asked_before=filters.end_at).filter(
        population_q(filters, "author__profile__")
    )
    in_time = Q(first_answer_at__lte=F("created_at") + ANSWER_DELAY)
    grouped = {
        row["region_id"]: row
        for row in questions.values(region_id=F("author__profile__region_id"))
        .annotate(
            in_time=Count("pk", filter=in_time),
            later=Count("pk", filter=Q(first_answer_at__isnull=False) & ~in_time),
            waiting=Count("pk", filter=Q(first_answer_at__isnull=True)),
        )
        .order_by()
    }
    region_rows = [(pk, label) for pk, label in regions.items() if pk in grouped]
    if None in grouped:
        region_rows.append((None, NOT_STATED))
    by_region = count_table(
        "forum_questions",
        _("Questions du forum et réponses en 48 heures, par région"),
        _("Région"),
        [_("Répondues en 48 h"), _("Répondues plus tard"), _("Sans réponse")],
        [(label, [grouped[pk]["in_time"], grouped[pk]["later"], grouped[pk]["waiting"]]) for pk, label in region_rows],
        row_totals=True,
        chart="",
        note=_(
            "Questions posées pendant la période; une réponse est le premier message visible d'une autre "
            "personne (personne-ressource ou participant·e). Région de la personne qui demande."
        ),
    )
    first_answer = _first_answer_table(questions, by_region)
    asked = sum(row["in_time"] + row["later"] + row["waiting"] for row in grouped.values())
    answered_in_time = sum(row["in_time"] for row in grouped.values())
    # The share would give back a hidden count: shown only when both of its terms are.
    if asked and not by_region.grand_total.suppressed and not by_region.column_totals[0].suppressed:
        by_region.note = "{} {}".format(
            by_region.note,
            _("Part répondue en 48 heures : %(share)s %%") % {"share": round(100 * answered_in_time / asked)},
        )
    return [by_region, first_answer]


def _first_answer_table(questions, by_region: ReportTable) -> ReportTable:
    """Who answered first (a coach or another participant), how many and the median delay in hours."""
    answered = (
        questions.filter(first_answer_at__isnull=False)
        .annotate(
            grp=Case(
                When(first_answer_role=User.Role.PARTICIPANT, then=Value("peer")),
                default=Value("staff"),
                output_field=CharField(),
            ),
            label=Value(""),
            delay=ExpressionWrapper(F("first_answer_at") - F("created_at"), output_field=DurationField()),
        )
        .values("grp", "label", "delay")
        .order_by()
    )
    sql, params = answered.query.sql_with_params()
    if is_postgresql():
        hours = f"SELECT grp, label, EXTRACT(EPOCH FROM delay) / 3600.0 AS value FROM ({sql}) AS r"
    else:
        hours = f"SELECT grp, label, delay / 3600000000.0 AS value FROM ({sql}) AS r"
    # Each group and all answers together, in one query.
    inner = f"{hours} UNION ALL SELECT 'all', '', value FROM ({hours}) AS every_answer"
    stats = {grp: values for (grp, _label), values in _percentiles(inner, (*params, *params)).items()}
    kinds = [("staff", _("Une personne-ressource")), ("peer", _("Une autre personne participante"))]
    table = count_table(
        "forum_first_answer",
        _("Première réponse aux questions du forum"),
        _("Première réponse par"),
        [_("Questions répondues")],
        [(label, [stats.get(grp, ([None], 0))[1]]) for grp, label in kinds],
        chart="",
        note=_("Délai médian de la question à la première réponse; caché sous le seuil de questions."),
    )
    # Answered questions, here by who answered, are also answered in 48 h plus later in the table
    # by region: one hidden there must not be recovered from the total here, nor the reverse.
    if table.column_totals and by_region.column_totals:
        suppress_linked([by_region.grid(), table.grid()], [(by_region.column_totals[:2], table.column_totals[0])])
    # The medians ride beside the counts, hidden with them (a median of a few people says too much).
    table.columns = [*table.columns, _("Délai médian (heures)")]
    for (grp, _label), (_row_label, cells) in zip(kinds, table.rows, strict=True):
        cells.append(_median_cell(stats.get(grp), hidden=cells[0].suppressed))
    if table.column_totals is not None:
        table.column_totals.append(_median_cell(stats.get("all"), hidden=table.column_totals[0].suppressed))
    return table


def _median_cell(stats, *, hidden: bool) -> Cell:
    if stats is None or hidden or stats[1] < small_cell_threshold():
        return Cell(None, is_count=False)
    return Cell(round(max(stats[0][0], 0.0), 1), is_count=False)


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

    def typed(self, threshold: int) -> str:
        return str(self.value)


def _text_cell(text: str) -> Cell:
    return TextCell(text, is_count=False)


# --- The page -----------------------------------------------------------------------------------


@dataclass
class Report:
    filters: ReportFilters
    sections: list[tuple[str, list[ReportTable]]]
    # When the progress copies were rebuilt (None: never yet); the progress tables are as of then.
    progress_as_of: datetime.datetime | None = None

    def table(self, key: str) -> ReportTable | None:
        for _title, tables in self.sections:
            for table in tables:
                if table.key == key:
                    return table
        return None


def report_build(*, filters: ReportFilters, now: datetime.datetime | None = None) -> Report:
    now = now or timezone.now()
    regions = _regions()
    snapshot = ProgressSnapshot.objects.order_by("-refreshed_at").first()
    reach, progress = reach_tables(filters, regions), progress_tables(filters, regions)
    activity = activity_table(filters, now=now)
    _link_reach_and_progress(reach, progress, activity)
    return Report(
        filters=filters,
        progress_as_of=snapshot.refreshed_at if snapshot else None,
        sections=[
            (_("Rejoindre les personnes"), reach),
            (_("Progression dans le plan"), [*progress, activity, deliverables_table(filters)]),
            (_("Révision des livrables"), review_delay_tables(filters)),
            (_("Accompagnement"), [interview_table(filters)]),
            (_("Forum"), forum_tables(filters, regions)),
            (_("Offres d'emploi"), job_tables(filters, regions)),
        ],
    )


def report_cache_key(filters: ReportFilters) -> str:
    return "{}:{}:{}:{}:{}".format(
        filters.start, filters.end, filters.region_id or "", filters.mode, translation.get_language()
    )


def report_cached(*, filters: ReportFilters, rebuild: bool = False) -> Report:
    """The report for these filters, built at most once every REPORTING_CACHE_SECONDS per language.

    Building it reads every participant (about a second over 50,000 on a busy machine); ministry
    figures a few minutes old are as good, and the progress tables are a 15-minute copy anyway.
    """
    seconds = settings.REPORTING_CACHE_SECONDS
    if not seconds:
        return report_build(filters=filters)
    key = "reporting:report:" + report_cache_key(filters)
    report = None if rebuild else cache.get(key)
    if report is None:
        report = report_build(filters=filters)
        cache.set(key, report, seconds)
    return report
