"""The audit trail in the admin: one read-only list per tracked model, for ministry admins.

Nobody adds, changes or deletes a row here, superusers included (the tables also refuse UPDATE
and DELETE at the database level). Each list is filtered by staff member, action and date, and
searched by the participant's e-mail. A page runs a fixed number of queries: the staff e-mail,
the participant's e-mail and the row before each update are subqueries of the list's query.
"""

from django.contrib import admin
from django.db.models import BigIntegerField, F, OuterRef, Subquery
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, JSONObject
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from action_plan.models import Plan, PlanTask
from reporting import models as trail_models
from reporting.admin_actions import export_selected_as_csv
from reporting.trail import LABELS, changes_between, recorded_fields


def is_ministry_admin(user) -> bool:
    return user.is_active and (user.is_ministry_admin or user.is_superuser)


class StaffMemberFilter(admin.SimpleListFilter):
    title = _("membre du personnel")
    parameter_name = "staff"

    def lookups(self, request, model_admin):
        staff = User.objects.filter(role__in=[User.Role.COACH, User.Role.MINISTRY_ADMIN]).order_by("email")
        return [(str(person.pk), person.email) for person in staff]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(pgh_context__metadata__user=int(self.value()))
        return queryset


class ActionFilter(admin.SimpleListFilter):
    title = _("action")
    parameter_name = "action"

    def lookups(self, request, model_admin):
        return list(LABELS.items())

    def queryset(self, request, queryset):
        if self.value() in LABELS:
            return queryset.filter(pgh_label=self.value())
        return queryset


def _row_json(model) -> JSONObject:
    return JSONObject(**{field.name: F(field.attname) for field in recorded_fields(model)})


class TrailAdmin(admin.ModelAdmin):
    """What the lists of every event model share."""

    # How to reach the participant's e-mail from the event row (None: not a participant's data).
    participant_email_expression = None
    participant_search = ()

    list_display = ["pgh_created_at", "staff_email", "action", "pgh_obj_id", "participant_email", "page", "changes"]
    list_display_links = ["pgh_created_at"]
    list_filter = [StaffMemberFilter, ActionFilter]
    date_hierarchy = "pgh_created_at"
    ordering = ["-pgh_id"]
    list_per_page = 50
    show_full_result_count = False

    def get_search_fields(self, request):
        return list(self.participant_search)

    def get_list_display(self, request):
        columns = list(self.list_display)
        if self.participant_email_expression is None:
            columns.remove("participant_email")
        return columns

    def get_queryset(self, request):
        model = self.model
        before = (
            model.objects.filter(
                pgh_obj_id=OuterRef("pgh_obj_id"), pgh_id__lt=OuterRef("pgh_id"), pgh_label=trail_models.BEFORE
            )
            .order_by("-pgh_id")
            .values(row=_row_json(model))[:1]
        )
        queryset = (
            super()
            .get_queryset(request)
            .exclude(pgh_label=trail_models.BEFORE)
            .select_related("pgh_context")
            .annotate(staff_id=Cast(KeyTextTransform("user", "pgh_context__metadata"), BigIntegerField()))
            .annotate(
                before_row=Subquery(before),
                after_row=_row_json(model),
                staff_email=_email_of_user("staff_id"),
            )
        )
        if self.participant_email_expression is not None:
            queryset = queryset.annotate(participant_email_value=self.participant_email_expression)
        return queryset

    @admin.display(description=_("membre du personnel"))
    def staff_email(self, event) -> str:
        return event.staff_email or "—"

    @admin.display(description=_("action"), ordering="pgh_label")
    def action(self, event) -> str:
        return LABELS.get(event.pgh_label, event.pgh_label)

    # Not "participant": some event models have a field of that name, which the list would render.
    @admin.display(description=_("participant"))
    def participant_email(self, event) -> str:
        return getattr(event, "participant_email_value", None) or "—"

    @admin.display(description=_("page"))
    def page(self, event) -> str:
        return (event.pgh_context.metadata.get("url") if event.pgh_context_id else "") or "—"

    @admin.display(description=_("ce qui a changé"))
    def changes(self, event):
        if event.pgh_label == trail_models.DELETE:
            changed = changes_between(event.after_row, None)
        else:
            changed = changes_between(event.before_row, event.after_row)
        return format_html_join(
            "",
            "<div><strong>{}</strong> : {} → {}</div>",
            ((name, "—" if old is None else old, "—" if new is None else new) for name, (old, new) in changed.items()),
        )

    def has_module_permission(self, request) -> bool:
        return is_ministry_admin(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return is_ministry_admin(request.user)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


def _email_of_user(field: str) -> Subquery:
    return Subquery(User.objects.filter(pk=OuterRef(field)).values("email")[:1])


@admin.register(trail_models.UserEvent)
class UserEventAdmin(TrailAdmin):
    participant_email_expression = _email_of_user("pgh_obj_id")
    participant_search = ["pgh_obj__email"]


@admin.register(trail_models.ProfileEvent)
class ProfileEventAdmin(TrailAdmin):
    participant_email_expression = _email_of_user("user_id")
    participant_search = ["user__email"]


@admin.register(trail_models.PlanEvent)
class PlanEventAdmin(TrailAdmin):
    participant_email_expression = _email_of_user("user_id")
    participant_search = ["user__email"]


@admin.register(trail_models.PlanTaskEvent)
class PlanTaskEventAdmin(TrailAdmin):
    participant_email_expression = Subquery(Plan.objects.filter(pk=OuterRef("plan_id")).values("user__email")[:1])
    participant_search = ["plan__user__email"]


@admin.register(trail_models.TaskReviewEvent)
class TaskReviewEventAdmin(TrailAdmin):
    participant_email_expression = Subquery(
        PlanTask.objects.filter(pk=OuterRef("task_id")).values("plan__user__email")[:1]
    )
    participant_search = ["task__plan__user__email"]


@admin.register(trail_models.AssignmentEvent)
class AssignmentEventAdmin(TrailAdmin):
    participant_email_expression = _email_of_user("participant_id")
    participant_search = ["participant__email"]


@admin.register(trail_models.InterviewEvent)
class InterviewEventAdmin(TrailAdmin):
    participant_email_expression = _email_of_user("participant_id")
    participant_search = ["participant__email"]


@admin.register(trail_models.ModerationActionEvent)
class ModerationActionEventAdmin(TrailAdmin):
    participant_email_expression = _email_of_user("target_user_id")
    participant_search = ["target_user__email"]


for _model in (
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
):
    admin.site.register(_model, TrailAdmin)


@admin.register(trail_models.CoachMembership)
class CoachMembershipAdmin(admin.ModelAdmin):
    list_display = ["coach", "organisation"]
    list_filter = ["organisation__region"]
    search_fields = ["coach__email", "coach__display_name", "organisation__name"]
    list_select_related = ["coach", "organisation"]
    autocomplete_fields = ["organisation"]
    raw_id_fields = ["coach"]

    def has_module_permission(self, request) -> bool:
        return is_ministry_admin(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return is_ministry_admin(request.user)

    def has_add_permission(self, request) -> bool:
        return is_ministry_admin(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return is_ministry_admin(request.user)

    def has_delete_permission(self, request, obj=None) -> bool:
        return is_ministry_admin(request.user)


# Offered on every list of the admin (a list shows only what its reader may view).
admin.site.add_action(export_selected_as_csv, "export_selected_as_csv")
