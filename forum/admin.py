"""Admins manage categories; topics, posts and the moderation log are read here (moderators act
in the forum's own pages, where every action is logged)."""

from django.contrib import admin

from forum.models import Category, ModerationAction, Topic


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name_fr", "name_en", "kind", "position", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name_fr", "name_en", "slug")
    prepopulated_fields = {"slug": ("name_fr",)}
    autocomplete_fields = ("region",)
    raw_id_fields = ("occupation",)
    list_editable = ("position", "is_active")


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Topic)
class TopicAdmin(ReadOnlyAdmin):
    list_display = ("title", "category", "is_question", "is_pinned", "is_locked", "is_hidden", "last_posted_at")
    list_filter = ("category__kind", "is_question", "is_locked", "is_hidden")
    search_fields = ("title",)
    list_select_related = ("category",)
    show_full_result_count = False
    fields = ("title", "category", "is_question", "is_pinned", "is_locked", "is_hidden", "created_at")


@admin.register(ModerationAction)
class ModerationActionAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "action", "moderator", "target_user", "topic", "reason")
    list_filter = ("action",)
    list_select_related = ("moderator", "target_user", "topic")
    fields = ("created_at", "action", "moderator", "target_user", "topic", "post", "reason")
