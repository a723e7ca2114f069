from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.admin import ParticipantFileAccessLogMixin
from accounts.models import User
from coaching.models import Assignment, AvailabilityException, CoachedParticipant, CoachSettings, Interview
from coaching.selectors import accompanied_participants_without_coach, coach_proposal_for
from coaching.services import assignment_create, assignment_end
from integration_portal.admin_forms import LabelledInlineMixin


@admin.register(CoachSettings)
class CoachSettingsAdmin(admin.ModelAdmin):
    list_display = [
        "coach",
        "time_zone",
        "interview_minutes",
        "buffer_minutes",
        "max_caseload",
        "speaks_french",
        "speaks_english",
    ]
    raw_id_fields = ["coach"]
    list_select_related = ["coach"]


@admin.register(AvailabilityException)
class AvailabilityExceptionAdmin(admin.ModelAdmin):
    list_display = ["coach", "date", "kind", "start_time", "end_time"]
    raw_id_fields = ["coach"]
    list_select_related = ["coach"]


@admin.register(Interview)
class InterviewAdmin(ParticipantFileAccessLogMixin, admin.ModelAdmin):
    """Read-only: interviews change through the booking services (e-mails, .ics sequence, locks)."""

    def participant_of(self, obj: Interview) -> User:
        return obj.participant

    list_display = ["starts_at", "coach", "participant", "status", "sequence"]
    list_filter = ["status"]
    list_select_related = ["coach", "participant"]
    raw_id_fields = ["coach", "participant"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class AssignmentAddForm(forms.ModelForm):
    class Meta:
        model = Assignment
        fields = ["participant", "coach", "note"]

    def clean_participant(self) -> User:
        participant = self.cleaned_data["participant"]
        if not participant.is_participant:
            raise forms.ValidationError(_("Seul un ou une participante peut recevoir une accompagnatrice."))
        return participant

    def clean_coach(self) -> User:
        coach = self.cleaned_data["coach"]
        if not coach.is_coach:
            raise forms.ValidationError(_("Choisissez une accompagnatrice ou un accompagnateur."))
        return coach


@admin.register(Assignment)
class AssignmentAdmin(ParticipantFileAccessLogMixin, admin.ModelAdmin):
    list_display = ["participant", "coach", "started_at", "ended_at", "assigned_by"]
    list_filter = [("ended_at", admin.EmptyFieldListFilter)]
    search_fields = ["participant__email", "coach__email"]
    list_select_related = ["participant", "coach", "assigned_by"]
    raw_id_fields = ["participant", "coach"]
    actions = ["end_assignments"]

    def participant_of(self, obj: Assignment) -> User:
        return obj.participant

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = AssignmentAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["participant", "coach", "note"]
        return ["participant", "coach", "started_at", "ended_at", "assigned_by", "note"]

    def get_readonly_fields(self, request, obj=None):
        # History is kept as it happened: only the note may be edited afterwards.
        if obj is None:
            return []
        return ["participant", "coach", "started_at", "ended_at", "assigned_by"]

    def save_model(self, request, obj: Assignment, form, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        # Through the service, so the participant's current assignment is ended and kept.
        created = assignment_create(
            participant=obj.participant, coach=obj.coach, assigned_by=request.user, note=obj.note
        )
        obj.pk, obj.started_at, obj.assigned_by = created.pk, created.started_at, created.assigned_by
        obj._state.adding = False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=_("Mettre fin aux assignations choisies"), permissions=["change"])
    def end_assignments(self, request, queryset) -> None:
        ended = 0
        for assignment in queryset.filter(ended_at__isnull=True):
            assignment_end(assignment=assignment)
            ended += 1
        self.message_user(
            request,
            ngettext("%(count)d assignation terminée.", "%(count)d assignations terminées.", ended) % {"count": ended},
            messages.SUCCESS,
        )


class AssignmentHistoryInline(LabelledInlineMixin, admin.TabularInline):
    """On a participant's page in the admin: their coaches, current and past."""

    model = Assignment
    fk_name = "participant"
    verbose_name = _("assignation")
    verbose_name_plural = _("accompagnement (historique des assignations)")
    fields = ["coach", "started_at", "ended_at", "assigned_by", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    ordering = ["-started_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("coach", "assigned_by")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class CoachAssignmentFilter(admin.SimpleListFilter):
    """The admins' to-do list: accompanied participants who have no coach yet."""

    title = _("accompagnement")
    parameter_name = "coach"

    def lookups(self, request, model_admin):
        return [
            ("none", _("Accompagné·e sans accompagnatrice")),
            ("assigned", _("Avec une accompagnatrice")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "none":
            return queryset.filter(pk__in=accompanied_participants_without_coach().values("pk"))
        if self.value() == "assigned":
            return queryset.filter(Exists(Assignment.objects.filter(participant=OuterRef("pk"), ended_at__isnull=True)))
        return queryset


class AssignCoachForm(forms.Form):
    coach = forms.ModelChoiceField(
        label=_("Accompagnatrice ou accompagnateur"),
        queryset=User.objects.filter(role=User.Role.COACH, is_active=True).order_by("display_name", "email"),
    )


@admin.action(description=_("Assigner à une accompagnatrice ou un accompagnateur"), permissions=["change"])
def assign_coach(modeladmin, request, queryset):
    """From the user list (e.g. filtered on accompanied participants without a coach)."""
    if not request.user.has_perm("coaching.add_assignment"):
        raise PermissionDenied
    participants = [user for user in queryset if user.is_participant and user.is_active]
    form = AssignCoachForm(request.POST if "apply" in request.POST else None)
    if form.is_valid():
        coach = form.cleaned_data["coach"]
        for participant in participants:
            assignment_create(participant=participant, coach=coach, assigned_by=request.user)
        modeladmin.message_user(
            request,
            ngettext(
                "%(count)d participant assigné à %(coach)s.",
                "%(count)d participants assignés à %(coach)s.",
                len(participants),
            )
            % {"count": len(participants), "coach": coach.public_name},
            messages.SUCCESS,
        )
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": _("Assigner une accompagnatrice ou un accompagnateur"),
        "form": form,
        "participants": participants,
        "skipped": len(queryset) - len(participants),
        "queryset": queryset,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "opts": modeladmin.model._meta,
    }
    return TemplateResponse(request, "admin/coaching/assign_coach.html", context)


@admin.action(description=_("Assigner la personne proposée (langue, charge la plus basse)"), permissions=["change"])
def assign_proposed_coach(modeladmin, request, queryset):
    """Each selected participant gets the coach proposed for them, one after the other, so the
    caseloads stay even and no coach goes over their cap."""
    if not request.user.has_perm("coaching.add_assignment"):
        raise PermissionDenied
    assigned, without = 0, 0
    for participant in queryset.filter(role=User.Role.PARTICIPANT, is_active=True):
        coach = coach_proposal_for(participant=participant)
        if coach is None:
            without += 1
            continue
        assignment_create(participant=participant, coach=coach, assigned_by=request.user)
        assigned += 1
    modeladmin.message_user(
        request,
        ngettext("%(count)d participant assigné.", "%(count)d participants assignés.", assigned) % {"count": assigned},
        messages.SUCCESS,
    )
    if without:
        modeladmin.message_user(
            request,
            ngettext(
                "%(count)d participant sans accompagnatrice disponible dans sa langue.",
                "%(count)d participants sans accompagnatrice disponible dans leur langue.",
                without,
            )
            % {"count": without},
            messages.WARNING,
        )


@admin.register(CoachedParticipant)
class CoachedParticipantAdmin(ParticipantFileAccessLogMixin, admin.ModelAdmin):
    """Coaching's own page on participants (accounts' user admin stays accounts'): who accompanies
    each one, the list of those waiting for a coach, and assigning one to several at once."""

    list_display = ["email", "display_name", "is_active", "date_joined"]
    list_filter = [CoachAssignmentFilter, "is_active"]
    search_fields = ["email", "display_name"]
    ordering = ["email"]
    fields = ["email", "display_name", "language", "time_zone", "is_active", "date_joined"]
    readonly_fields = fields
    inlines = [AssignmentHistoryInline]
    actions = [assign_coach, assign_proposed_coach]

    def participant_of(self, obj: User) -> User:
        return obj

    def has_add_permission(self, request) -> bool:
        return False  # accounts are created by sign-up or in the user admin

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
