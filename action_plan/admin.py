from django import forms
from django.contrib import admin, messages
from django.db import models
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.admin import ParticipantFileAccessLogMixin
from action_plan import services
from action_plan.models import LinkKind, Plan, PlanTask, PlanTemplate, ReminderSent, StepLink, TaskReview, TemplateStep
from action_plan.selectors import template_rule_problems
from content.selectors import linkable_items
from integration_portal.admin_forms import LabelledInlineMixin


class TemplateStepInline(LabelledInlineMixin, admin.TabularInline):
    model = TemplateStep
    fields = ["week", "order", "key", "title_fr", "deliverable_type", "timing", "cond_stage", "cond_regulated"]
    extra = 0
    show_change_link = True
    ordering = ["week", "order"]


@admin.register(PlanTemplate)
class PlanTemplateAdmin(admin.ModelAdmin):
    list_display = ["name_fr", "slug", "version", "status", "is_default", "published_at", "problem_count"]
    list_filter = ["status", "is_default"]
    search_fields = ["name_fr", "name_en", "slug"]
    readonly_fields = ["status", "published_at", "rule_problems"]
    fieldsets = [
        (None, {"fields": ["slug", "version", "name_fr", "name_en", "weeks", "is_default"]}),
        (_("Description"), {"fields": ["description_fr", "description_en"]}),
        (_("Publication"), {"fields": ["status", "published_at", "rule_problems"]}),
    ]
    inlines = [TemplateStepInline]
    actions = ["make_new_version", "publish"]

    @admin.display(description=_("règles à vérifier"))
    def problem_count(self, obj: PlanTemplate) -> int:
        return len(template_rule_problems(obj))

    @admin.display(description=_("règles qui visent un code inexistant"))
    def rule_problems(self, obj: PlanTemplate):
        if obj.pk is None:
            return "–"
        problems = template_rule_problems(obj)
        if not problems:
            return _("Aucune : chaque région et chaque code CNP visés existent.")
        return format_html_join("", "<div>{}</div>", ((problem,) for problem in problems))

    @admin.action(description=_("Créer une nouvelle version (brouillon) à partir du modèle choisi"))
    def make_new_version(self, request, queryset):
        for template in queryset:
            copy = services.template_new_version(template=template)
            self.message_user(
                request, _("Version %(version)s créée en brouillon.") % {"version": copy.version}, messages.SUCCESS
            )

    @admin.action(
        description=_(
            "Publier (les plans existants ne changent pas ; les personnes pourront passer à la nouvelle version)"
        )
    )
    def publish(self, request, queryset):
        count = 0
        for template in queryset.filter(status=PlanTemplate.Status.DRAFT):
            services.template_publish(template=template)
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d version publiée.", "%(count)d versions publiées.", count) % {"count": count},
            messages.SUCCESS,
        )


def content_item_choices() -> list:
    """Published content items to pick from, grouped by kind (content's selector)."""
    groups: dict[str, list] = {}
    for kind, pk, title, _url in linkable_items():
        groups.setdefault(kind, []).append((f"{kind}:{pk}", f"{title} (n° {pk})"))
    labels = dict(LinkKind.choices)
    return [("", "—")] + [(labels.get(kind, kind), items) for kind, items in groups.items()]


class StepLinkForm(forms.ModelForm):
    content_item = forms.ChoiceField(
        label=_("contenu publié"),
        required=False,
        help_text=_("Remplit le type et l'identifiant du contenu."),
    )
    url = forms.URLField(label=_("adresse"), required=False, assume_scheme="https")

    class Meta:
        model = StepLink
        fields = ["order", "kind", "content_item", "label_fr", "label_en", "object_id", "query", "url"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["content_item"].choices = content_item_choices()
        if self.instance.pk and self.instance.object_id:
            self.initial["content_item"] = f"{self.instance.kind}:{self.instance.object_id}"

    def clean(self):
        data = super().clean()
        picked = data.get("content_item")
        if picked:
            kind, _sep, pk = picked.partition(":")
            data["kind"], data["object_id"] = kind, int(pk)
            self.instance.kind, self.instance.object_id = kind, int(pk)
        return data


class StepLinkInline(LabelledInlineMixin, admin.TabularInline):
    model = StepLink
    form = StepLinkForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fields = ["order", "kind", "content_item", "label_fr", "label_en", "object_id", "query", "url"]
    extra = 0


@admin.register(TemplateStep)
class TemplateStepAdmin(admin.ModelAdmin):
    list_display = ["title_fr", "template", "week", "order", "deliverable_type", "timing"]
    list_filter = ["template", "week", "deliverable_type", "timing"]
    search_fields = ["title_fr", "title_en", "key"]
    list_select_related = ["template"]
    inlines = [StepLinkInline]
    fieldsets = [
        (None, {"fields": ["template", "key", "week", "order", "timing", "effort_minutes"]}),
        (_("Textes"), {"fields": ["title_fr", "title_en", "instructions_fr", "instructions_en"]}),
        (
            _("Livrable"),
            {"fields": ["deliverable_type", "checklist_fr", "checklist_en", "max_file_mb"]},
        ),
        (
            _("Conditions (toutes doivent être remplies ; vide = pour tout le monde)"),
            {
                "fields": [
                    "cond_stage",
                    "cond_region_codes",
                    "cond_occupation_prefixes",
                    "cond_regulated",
                    "cond_french_min",
                    "cond_french_max",
                    "cond_has_children",
                ]
            },
        ),
    ]


class PlanTaskInline(LabelledInlineMixin, admin.TabularInline):
    model = PlanTask
    fields = ["week", "title_fr", "status", "due_on", "submitted_at", "completed_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Plan)
class PlanAdmin(ParticipantFileAccessLogMixin, admin.ModelAdmin):
    list_display = ["user", "template", "start_date", "arrival_date", "accompanied", "reminders_enabled"]
    list_filter = ["accompanied", "reminders_enabled", "template"]
    search_fields = ["user__email"]
    list_select_related = ["user", "template"]
    readonly_fields = ["user", "template", "generated_at", "refresh_suggested"]
    fields = [
        "user",
        "template",
        "start_date",
        "arrival_date",
        "accompanied",
        "reminders_enabled",
        "generated_at",
        "refresh_suggested",
    ]
    inlines = [PlanTaskInline]

    def participant_of(self, obj: Plan):
        return obj.user

    def save_model(self, request, obj: Plan, form, change) -> None:
        super().save_model(request, obj, form, change)
        if {"start_date", "arrival_date"} & set(form.changed_data):
            # The tasks' dates follow, as when the participant moves them.
            services.plan_reschedule(plan=obj)

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(TaskReview)
class TaskReviewAdmin(admin.ModelAdmin):
    list_display = ["task", "coach", "decision", "created_at"]
    list_filter = ["decision"]
    list_select_related = ["task", "coach"]
    readonly_fields = ["task", "coach", "decision", "comment", "created_at"]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(ReminderSent)
class ReminderSentAdmin(admin.ModelAdmin):
    list_display = ["plan", "week", "sent_at"]
    list_select_related = ["plan__user"]
    readonly_fields = ["plan", "week", "sent_at"]

    def has_add_permission(self, request) -> bool:
        return False
