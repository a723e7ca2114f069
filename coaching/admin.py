from django.contrib import admin

from coaching.models import Assignment


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["participant", "coach", "started_at", "ended_at", "assigned_by"]
    list_filter = [("ended_at", admin.EmptyFieldListFilter)]
    search_fields = ["participant__email", "coach__email"]
    list_select_related = ["participant", "coach", "assigned_by"]
    raw_id_fields = ["participant", "coach", "assigned_by"]
    readonly_fields = ["started_at", "assigned_by"]
