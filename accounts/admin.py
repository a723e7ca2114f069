from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.emails import emails_send_again
from accounts.erasure import account_erase
from accounts.models import (
    ConfidentialityIncident,
    ConsentRecord,
    DeletionLog,
    Occupation,
    PolicyVersion,
    Profile,
    Region,
    SentEmail,
    StaffAccessLog,
    User,
)
from accounts.services import user_set_role
from accounts.signals import account_deactivated
from accounts.staff import staff_access_record, staff_login_redirect
from accounts.staff_invitations import staff_invitation_send

# Staff sign in through allauth, which asks for the second factor; the admin's own login would not.
admin.site.login = staff_login_redirect


class ParticipantFileAccessLogMixin:
    """Records in StaffAccessLog each time staff open or change a participant's file in the admin.

    A ModelAdmin using it says which participant an object belongs to with participant_of(obj).
    """

    def participant_of(self, obj) -> User | None:
        raise NotImplementedError

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        obj = self.get_object(request, unquote(object_id)) if response.status_code in (200, 302) else None
        participant = self.participant_of(obj) if obj is not None else None
        if participant is not None and participant.is_participant:
            saved = request.method == "POST" and response.status_code == 302
            staff_access_record(
                staff=request.user,
                participant=participant,
                action=StaffAccessLog.Action.ADMIN_CHANGE if saved else StaffAccessLog.Action.ADMIN_VIEW,
                what=obj._meta.model_name,
                path=request.path,
            )
        return response


class ReadOnlyAdminMixin:
    """A register that the admin shows but nobody edits (it is written by the portal itself)."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ProfileInline(admin.StackedInline):
    """A participant's onboarding profile, on their user page (staff have none)."""

    model = Profile
    can_delete = False
    max_num = 1
    extra = 0
    autocomplete_fields = ["occupation"]
    readonly_fields = ["onboarding_step", "onboarding_completed_at", "created_at", "updated_at"]


@admin.register(User)
class UserAdmin(ParticipantFileAccessLogMixin, DjangoUserAdmin):
    inlines = [ProfileInline]
    ordering = ["email"]
    list_display = ["email", "display_name", "role", "is_active", "date_joined"]
    list_filter = ["role", "is_active", "is_staff"]
    search_fields = ["email", "display_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Profil"), {"fields": ("display_name", "role", "language", "time_zone")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    # "usable_password" lets the admin leave the password to the person: staff get an invitation.
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "role", "usable_password", "password1", "password2")}),
    )

    actions = ["erase_accounts"]

    # Privileges are granted by superusers only: a ministry admin's `change_user` would otherwise
    # let them tick "superuser" on their own account or hand themselves any permission.
    SUPERUSER_ONLY_FIELDS = frozenset({"is_staff", "is_superuser", "groups", "user_permissions"})
    # The roles a ministry admin who is not a superuser manages (and may give).
    MANAGED_ROLES = (User.Role.PARTICIPANT, User.Role.COACH)

    def participant_of(self, obj: User) -> User:
        return obj

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        return tuple(
            (name, {**options, "fields": [f for f in options["fields"] if f not in self.SUPERUSER_ONLY_FIELDS]})
            for name, options in fieldsets
        )

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and not request.user.is_superuser and obj.is_staff_member:
            # A coach's e-mail is their login: changing it would let an admin reset their password.
            readonly.append("email")
        return readonly

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "role" and not request.user.is_superuser:
            kwargs["choices"] = [(value, label) for value, label in User.Role.choices if value in self.MANAGED_ROLES]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None) -> bool:
        if not super().has_change_permission(request, obj):
            return False
        if obj is None or request.user.is_superuser:
            return True
        # Ministry admins and superusers (one's own account included) are changed by superusers only.
        return obj.role in self.MANAGED_ROLES and not obj.is_superuser and not obj.is_staff

    def user_change_password(self, request, id, form_url=""):
        user = self.get_object(request, unquote(id))
        if user is not None and not request.user.is_superuser and user.is_staff_member:
            # Setting another staff member's password would be taking over their account.
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    def has_delete_permission(self, request, obj=None) -> bool:
        # Deleting the row would break what others can still read (forum posts) and skip the
        # apps' own erasure: participants are erased with the action below instead.
        return False

    @admin.action(
        description=_("Effacer les comptes choisis (Loi 25) : données personnelles supprimées"), permissions=["change"]
    )
    def erase_accounts(self, request, queryset) -> None:
        participants = [user for user in queryset if user.is_participant and user.is_active]
        for user in participants:
            account_erase(user=user)
        self.message_user(
            request,
            ngettext(
                "%(count)d compte de participant effacé.",
                "%(count)d comptes de participants effacés.",
                len(participants),
            )
            % {"count": len(participants)},
            messages.SUCCESS,
        )

    def get_inlines(self, request, obj):
        # The onboarding profile exists for participants only (coaching shows assignments on its own page).
        if obj is None:
            return []
        return [inline for inline in self.inlines if inline is not ProfileInline or obj.is_participant]

    def save_model(self, request, obj: User, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if not change or "role" in form.changed_data:
            # A coach or an admin made here lands in their role's group (the admin's permissions).
            user_set_role(user=obj, role=obj.role)
        if not change and obj.is_staff_member:
            staff_invitation_send(user=obj)
        if change and "is_active" in form.changed_data and not obj.is_active:
            account_deactivated.send(sender=User, user=obj, request=request)


class OnboardingCompletedFilter(admin.SimpleListFilter):
    title = _("accueil terminé")
    parameter_name = "onboarded"

    def lookups(self, request, model_admin):
        return [("yes", _("Oui")), ("no", _("Non"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(onboarding_completed_at__isnull=self.value() == "no")
        return queryset


@admin.register(Profile)
class ProfileAdmin(ParticipantFileAccessLogMixin, admin.ModelAdmin):
    list_display = ["user", "stage", "region", "occupation", "french_level", "mode", "onboarding_completed_at"]
    list_filter = [
        "stage",
        "region",
        "mode",
        OnboardingCompletedFilter,
    ]
    search_fields = ["user__email"]
    list_select_related = ["user", "region", "occupation"]
    autocomplete_fields = ["occupation"]
    raw_id_fields = ["user"]
    readonly_fields = ["onboarding_step", "onboarding_completed_at", "created_at", "updated_at"]
    date_hierarchy = "created_at"

    def participant_of(self, obj: Profile) -> User:
        return obj.user


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name_fr", "name_en", "main_city", "to_confirm"]
    list_filter = ["to_confirm"]
    search_fields = ["code", "name_fr", "name_en"]


@admin.register(Occupation)
class OccupationAdmin(admin.ModelAdmin):
    list_display = ["code", "name_fr", "name_en", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name_fr", "name_en"]
    list_select_related = ["parent"]
    raw_id_fields = ["parent"]


@admin.register(PolicyVersion)
class PolicyVersionAdmin(admin.ModelAdmin):
    list_display = ["document", "version", "published_at"]
    list_filter = ["document"]
    ordering = ["document", "-published_at"]

    def get_readonly_fields(self, request, obj=None):
        # Once people have accepted a version, what they accepted must not change under them.
        if obj is not None and obj.consents.exists():
            return ["document", "version", "published_at"]
        return []

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ConsentRecord)
class ConsentRecordAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["user", "policy", "accepted_at"]
    list_filter = ["policy"]
    search_fields = ["user__email"]
    list_select_related = ["user", "policy"]
    date_hierarchy = "accepted_at"


@admin.register(StaffAccessLog)
class StaffAccessLogAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["at", "staff", "participant", "action", "what", "path"]
    list_filter = ["action", "staff__role"]
    search_fields = ["staff__email", "participant__email"]
    list_select_related = ["staff", "participant"]
    date_hierarchy = "at"


@admin.register(SentEmail)
class SentEmailAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The e-mails the portal sent or could not send (invitations, reminders, reviews…): a mail
    server that refused them all day is seen here, and its e-mails sent again once it is back."""

    list_display = ["key", "builder", "sent", "failed", "failures", "last_error", "handled_at"]
    list_filter = ["failed", "sent", "builder"]
    search_fields = ["key"]
    date_hierarchy = "handled_at"
    actions = ["send_again"]

    @admin.action(description=_("Envoyer de nouveau les courriels en échec"), permissions=["view"])
    def send_again(self, request, queryset) -> None:
        count = emails_send_again(rows=queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)s courriel en échec remis dans la file d'envoi.",
                "%(count)s courriels en échec remis dans la file d'envoi.",
                count,
            )
            % {"count": count},
            messages.SUCCESS if count else messages.WARNING,
        )


@admin.register(DeletionLog)
class DeletionLogAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["deleted_at", "reference"]
    date_hierarchy = "deleted_at"


@admin.register(ConfidentialityIncident)
class ConfidentialityIncidentAdmin(admin.ModelAdmin):
    list_display = ["discovered_on", "short_nature", "serious_injury_risk", "cai_notified_on", "people_notified_on"]
    list_filter = ["serious_injury_risk", ("cai_notified_on", admin.EmptyFieldListFilter)]
    search_fields = ["nature", "data_concerned"]
    readonly_fields = ["recorded_by", "recorded_at", "updated_at"]
    fieldsets = (
        (None, {"fields": ("occurred_on", "discovered_on", "nature")}),
        (_("Personnes et renseignements"), {"fields": ("people_concerned", "data_concerned", "serious_injury_risk")}),
        (_("Mesures"), {"fields": ("measures_taken",)}),
        (_("Avis"), {"fields": ("cai_notified_on", "people_notified_on", "notifications_detail")}),
        (_("Inscription"), {"fields": ("recorded_by", "recorded_at", "updated_at")}),
    )

    @admin.display(description=_("nature de l'incident"))
    def short_nature(self, obj: ConfidentialityIncident) -> str:
        return obj.nature[:80]

    def has_module_permission(self, request) -> bool:
        return _is_ministry_admin(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return _is_ministry_admin(request.user) and super().has_view_permission(request, obj)

    def has_add_permission(self, request) -> bool:
        return _is_ministry_admin(request.user) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return _is_ministry_admin(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj: ConfidentialityIncident, form, change: bool) -> None:
        if not change:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)


def _is_ministry_admin(user) -> bool:
    """The incident register is for the ministry's admins only."""
    return user.is_active and (user.is_ministry_admin or user.is_superuser)
