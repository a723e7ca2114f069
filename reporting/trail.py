"""Reading the audit trail: which event rows concern a participant, and what each change was.

Every tracked model says here how its rows lead to the participant they concern, so the
participant's export and the erasure of their account find them (also after the tracked rows
themselves were deleted: the event rows keep the ids).
"""

from dataclasses import dataclass

import pgtrigger
from django.db import connection, models, transaction
from django.utils.translation import gettext_lazy

from accounts.privacy import choice, moment
from integration_portal.db import is_postgresql
from reporting import models as trail_models

PARTICIPANT_MODELS = (
    trail_models.UserEvent,
    trail_models.ProfileEvent,
    trail_models.PlanEvent,
    trail_models.PlanTaskEvent,
    trail_models.TaskReviewEvent,
    trail_models.AssignmentEvent,
    trail_models.InterviewEvent,
    trail_models.ModerationActionEvent,
)
ALL_EVENT_MODELS = (
    *PARTICIPANT_MODELS,
    trail_models.PlanTemplateEvent,
    trail_models.TemplateStepEvent,
    trail_models.StepLinkEvent,
    trail_models.CapsuleEvent,
    trail_models.ArticleEvent,
    trail_models.OrganisationEvent,
    trail_models.FeedSourceEvent,
    trail_models.TopicEvent,
    trail_models.PostEvent,
    trail_models.CategoryEvent,
)


def participant_event_querysets(user_id: int) -> dict[type, models.QuerySet]:
    """The event rows of each participant model that concern this person (2 queries for the ids:
    their plans and tasks, those that exist and those the trail remembers)."""
    from action_plan.models import Plan, PlanTask

    plan_ids = set(
        Plan.objects.filter(user_id=user_id)
        .values_list("pk", flat=True)
        .union(trail_models.PlanEvent.objects.filter(user_id=user_id).values_list("pgh_obj_id", flat=True))
    )
    task_ids = set(
        PlanTask.objects.filter(plan_id__in=plan_ids)
        .values_list("pk", flat=True)
        .union(trail_models.PlanTaskEvent.objects.filter(plan_id__in=plan_ids).values_list("pgh_obj_id", flat=True))
    )
    return {
        trail_models.UserEvent: trail_models.UserEvent.objects.filter(pgh_obj_id=user_id),
        trail_models.ProfileEvent: trail_models.ProfileEvent.objects.filter(user_id=user_id),
        trail_models.PlanEvent: trail_models.PlanEvent.objects.filter(user_id=user_id),
        trail_models.PlanTaskEvent: trail_models.PlanTaskEvent.objects.filter(plan_id__in=plan_ids),
        trail_models.TaskReviewEvent: trail_models.TaskReviewEvent.objects.filter(task_id__in=task_ids),
        trail_models.AssignmentEvent: trail_models.AssignmentEvent.objects.filter(participant_id=user_id),
        trail_models.InterviewEvent: trail_models.InterviewEvent.objects.filter(participant_id=user_id),
        # A moderator's action about the person (a warning, a suspension, one of their posts hidden).
        trail_models.ModerationActionEvent: trail_models.ModerationActionEvent.objects.filter(target_user_id=user_id),
    }


def recorded_fields(event_model) -> list[models.Field]:
    """The tracked model's fields that the event rows copy (pgh_* bookkeeping left out)."""
    return [field for field in event_model._meta.concrete_fields if not field.name.startswith("pgh_")]


def row_values(event, fields) -> dict:
    return {field.name: _plain(field.value_from_object(event)) for field in fields}


def _plain(value):
    if value is None or isinstance(value, (str, int, float, bool, list, dict)):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def changes_between(before: dict | None, after: dict | None) -> dict[str, list]:
    """{field: [before, after]} for the fields that differ; a creation or a deletion lists all."""
    before, after = before or {}, after or {}
    names = list(after) or list(before)
    return {name: [before.get(name), after.get(name)] for name in names if before.get(name) != after.get(name)}


@dataclass(frozen=True)
class TrailEntry:
    at: object
    label: str
    model: str
    object_id: int
    staff_id: int | None
    url: str
    changes: dict


def entries_from_rows(event_model, rows) -> list[TrailEntry]:
    """Pairs each "update" row with the "before" row written by the same statement just before it."""
    fields = recorded_fields(event_model)
    entries, before_rows = [], {}
    for event in sorted(rows, key=lambda row: row.pgh_id):
        values = row_values(event, fields)
        if event.pgh_label == trail_models.BEFORE:
            before_rows[event.pgh_obj_id] = values
            continue
        before = before_rows.pop(event.pgh_obj_id, None) if event.pgh_label == trail_models.UPDATE else None
        if event.pgh_label == trail_models.DELETE:
            before, values = values, None
        context = event.pgh_context.metadata if event.pgh_context_id else {}
        entries.append(
            TrailEntry(
                at=event.pgh_created_at,
                label=event.pgh_label,
                model=str(event_model.pgh_tracked_model._meta.verbose_name),
                object_id=event.pgh_obj_id,
                staff_id=context.get("user"),
                url=context.get("url", ""),
                changes=changes_between(before, values),
            )
        )
    return entries


LABELS = {
    trail_models.CREATE: gettext_lazy("création"),
    trail_models.UPDATE: gettext_lazy("modification"),
    trail_models.DELETE: gettext_lazy("suppression"),
}


EXPORT_LABELS = {
    "at": gettext_lazy("le"),
    "by": gettext_lazy("par"),
    "role": gettext_lazy("rôle"),
    "what": gettext_lazy("élément modifié"),
    "action": gettext_lazy("action"),
    "changes": gettext_lazy("changements (avant, après)"),
}


def reporting_personal_data_export(*, user) -> list[dict]:
    """The changes staff made to this person's data: when, who (role and public name), what."""
    from accounts.models import User

    entries = []
    for event_model, queryset in participant_event_querysets(user.pk).items():
        entries += entries_from_rows(event_model, queryset.select_related("pgh_context"))
    staff = {person.pk: person for person in User.objects.filter(pk__in={e.staff_id for e in entries if e.staff_id})}
    entries.sort(key=lambda entry: entry.at)
    return [
        {
            "at": moment(entry.at),
            "by": str(staff[entry.staff_id].public_name) if entry.staff_id in staff else None,
            "role": choice(staff[entry.staff_id], "role") if entry.staff_id in staff else None,
            "what": entry.model,
            "action": str(LABELS[entry.label]),
            "changes": entry.changes,
        }
        for entry in entries
    ]


def trail_pause() -> None:
    """Stop recording for the rest of this transaction (the erasure must not copy what it removes)."""
    if is_postgresql():
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('reporting.trail_paused', 'on', true)")


@transaction.atomic
def reporting_personal_data_erase(*, user) -> None:
    """Law 25: the erased person's rows leave the trail too; what the staff did to them is gone with them."""
    trail_pause()
    querysets = participant_event_querysets(user.pk)
    uris = [f"{model._meta.label}:append_only" for model in querysets]
    with pgtrigger.ignore(*uris):
        for queryset in querysets.values():
            queryset._raw_delete(queryset.db)


# --- One chronological trail --------------------------------------------------------------------

TRAIL_PAGE_SIZE = 50


def trail_models_by_key() -> dict[str, type]:
    """The event models by a short key ("planevent"), in the order of the per-model lists."""
    return {model._meta.model_name: model for model in ALL_EVENT_MODELS}


def trail_entries(*, staff_id: int | None = None, model_key: str = "", start=None, end=None) -> models.QuerySet:
    """Every staff change of every tracked model, newest first, as rows of (pgh_id, when, action,
    object id, model key, staff id, page): one UNION query, whatever the number of models.

    The "before" copies are left out; each row links to its model's list, which shows what changed.
    """
    from django.db.models import CharField, Value
    from django.db.models.fields.json import KeyTextTransform

    chosen = trail_models_by_key()
    if model_key:
        chosen = {model_key: chosen[model_key]} if model_key in chosen else {}
    parts = []
    for key, model in chosen.items():
        rows = model.objects.exclude(pgh_label=trail_models.BEFORE)
        if staff_id:
            rows = rows.filter(pgh_context__metadata__user=staff_id)
        if start:
            rows = rows.filter(pgh_created_at__gte=start)
        if end:
            rows = rows.filter(pgh_created_at__lt=end)
        parts.append(
            rows.annotate(
                model_key=Value(key, output_field=CharField()),
                staff=KeyTextTransform("user", "pgh_context__metadata"),
                page=KeyTextTransform("url", "pgh_context__metadata"),
            )
            .values("pgh_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "model_key", "staff", "page")
            .order_by()
        )
    if not parts:
        return trail_models.UserEvent.objects.none().values("pgh_id")
    union = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return union.order_by("-pgh_created_at", "-pgh_id")


@dataclass(frozen=True)
class TrailRow:
    at: object
    action: str
    model: str
    object_id: int
    staff_email: str
    page: str
    link: str


def trail_rows(rows) -> list[TrailRow]:
    """A page of `trail_entries` ready to show: the staff members' e-mails in one query."""
    from django.urls import reverse

    from accounts.models import User

    rows = list(rows)
    ids = {int(row["staff"]) for row in rows if row["staff"] and str(row["staff"]).isdigit()}
    emails = dict(User.objects.filter(pk__in=ids).values_list("pk", "email")) if ids else {}
    models_by_key = trail_models_by_key()
    return [
        TrailRow(
            at=row["pgh_created_at"],
            action=str(LABELS.get(row["pgh_label"], row["pgh_label"])),
            model=str(models_by_key[row["model_key"]].pgh_tracked_model._meta.verbose_name),
            object_id=row["pgh_obj_id"],
            staff_email=emails.get(int(row["staff"]), "—") if str(row["staff"] or "").isdigit() else "—",
            page=row["page"] or "—",
            link=reverse(f"admin:reporting_{row['model_key']}_change", args=[row["pgh_id"]]),
        )
        for row in rows
    ]
