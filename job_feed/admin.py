from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from integration_portal.admin_forms import LabelledInlineMixin
from job_feed.fetch import feed_url_problem
from job_feed.models import FeedRun, FeedSource, JobOffer
from job_feed.services import feed_source_delete, feed_source_run_now, feed_source_save

RECENT_RUNS = 10


class FeedRunInline(LabelledInlineMixin, admin.TabularInline):
    model = FeedRun
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True
    fields = ["started_at", "finished_at", "status", "created", "updated", "closed", "rejected", "error"]
    readonly_fields = fields
    ordering = ["-started_at"]
    verbose_name_plural = _("Dernières exécutions")

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        recent = queryset.order_by("-started_at").values_list("pk", flat=True)[:RECENT_RUNS]
        return queryset.filter(pk__in=list(recent))


class FeedSourceForm(forms.ModelForm):
    def clean_url(self) -> str:
        # Checked again at every fetch (DNS may change): here the admin learns at once.
        url = self.cleaned_data["url"]
        problem = feed_url_problem(url)
        if problem:
            raise forms.ValidationError(problem)
        return url


@admin.register(FeedSource)
class FeedSourceAdmin(admin.ModelAdmin):
    form = FeedSourceForm
    list_display = ["name", "format", "schedule", "is_active", "health", "url"]
    list_filter = ["is_active", "format"]
    search_fields = ["name", "url"]
    readonly_fields = ["etag", "last_modified", "consecutive_failures", "periodic_task"]
    fields = ["name", "url", "format", "schedule", "is_active", *readonly_fields]
    inlines = [FeedRunInline]
    actions = ["run_now"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    change_form_template = "admin/job_feed/feedsource/change_form.html"

    @admin.display(description=_("état"))
    def health(self, source: FeedSource) -> str:
        if source.is_failing:
            return format_html(
                "<strong>⚠ {}</strong>",
                _("%(count)s échec(s) de suite") % {"count": source.consecutive_failures},
            )
        return _("OK")

    def save_model(self, request, obj, form, change) -> None:
        feed_source_save(source=obj)  # saves and keeps the beat schedule in step, in one transaction

    def delete_model(self, request, obj) -> None:
        feed_source_delete(source=obj)

    def delete_queryset(self, request, queryset) -> None:
        for source in queryset:
            feed_source_delete(source=source)

    @admin.action(description=_("Importer maintenant"), permissions=["change"])
    def run_now(self, request: HttpRequest, queryset: QuerySet[FeedSource]) -> None:
        for source in queryset:
            feed_source_run_now(source=source)
        self.message_user(request, _("Import demandé ; son résultat apparaîtra dans les exécutions."), messages.SUCCESS)

    def get_urls(self):
        urls = super().get_urls()
        custom = [
            path(
                "<int:pk>/importer/",
                self.admin_site.admin_view(require_POST(self.run_now_view)),
                name="job_feed_feedsource_run_now",
            )
        ]
        return custom + urls

    def run_now_view(self, request: HttpRequest, pk: int) -> HttpResponseRedirect:
        source = get_object_or_404(FeedSource, pk=pk)
        if not self.has_change_permission(request, source):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        feed_source_run_now(source=source)
        self.message_user(request, _("Import demandé ; son résultat apparaîtra dans les exécutions."), messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:job_feed_feedsource_change", args=[pk]))


@admin.register(FeedRun)
class FeedRunAdmin(admin.ModelAdmin):
    list_display = ["source", "started_at", "finished_at", "status", "created", "updated", "closed", "rejected"]
    list_filter = ["status", "source"]
    list_select_related = ["source"]
    date_hierarchy = "started_at"

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in FeedRun._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(JobOffer)
class JobOfferAdmin(admin.ModelAdmin):
    list_display = ["external_id", "title", "employer", "region", "occupation_code", "status", "date_posted"]
    list_filter = ["status", "source", "region", "employment_type", "open_to_abroad"]
    list_select_related = ["region", "source"]
    search_fields = ["external_id", "title", "employer"]
    show_full_result_count = False

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in JobOffer._meta.fields if field.name != "search_vector"]

    def has_add_permission(self, request) -> bool:
        # Offers come from the feeds only; an edit would be overwritten by the next import.
        return False
