"""The audit trail: one event table per tracked model, written by PostgreSQL triggers (django-pghistory).

The tables live in this app (app_label "reporting") so that the tracked apps' migration folders
are untouched: pgtrigger's migration integration is off (settings) and the triggers are installed
after every `migrate` (PGTRIGGER_INSTALL_ON_MIGRATE). Triggers see every write, `.update()` and
bulk operations included, but record only writes made inside a staff member's request (the
context that `reporting.middleware.StaffHistoryMiddleware` opens): a participant's own edits and
the imports of background tasks are not staff changes. An update stores two rows, the row
before ("before") and after ("update"), so the change is exact even when the participant edited
the row in between. The tables are append-only (a trigger refuses UPDATE and DELETE), except for
the erasure of a participant (trail.reporting_personal_data_erase). On SQLite (`make run`) no
trigger exists and the tables stay empty.
"""

import pghistory
import pgtrigger
from django.conf import settings
from django.db import models
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import Profile, User
from action_plan.models import Plan, PlanTask, PlanTemplate, StepLink, TaskReview, TemplateStep
from coaching.models import Assignment
from content.models import Article, Capsule, Organisation
from job_feed.models import FeedSource

# A write is recorded when a staff request's context is set and the erasure has not paused it.
CONTEXT_SQL = (
    "NULLIF(current_setting('pghistory.context_id', true), '') IS NOT NULL"
    " AND COALESCE(current_setting('reporting.trail_paused', true), '') <> 'on'"
)

CREATE, BEFORE, UPDATE, DELETE = "create", "before", "update", "delete"


class StaffContext(pgtrigger.Condition):
    """Inside a staff request, and for updates, when one of the recorded fields changed."""

    def __init__(self, *, changed_fields: list[str] | None = None):
        self.changed_fields = changed_fields
        super().__init__(sql=CONTEXT_SQL)

    def resolve(self, model) -> str:
        if not self.changed_fields:
            return CONTEXT_SQL
        return f"{CONTEXT_SQL} AND ({pgtrigger.AnyChange(*self.changed_fields).resolve(model)})"


def trail_base(tracked, *, exclude: tuple[str, ...] = ()):
    """The abstract event model of `tracked`: every field but `exclude`, four trackers."""
    auto = {
        field.name
        for field in tracked._meta.local_fields
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    }
    recorded = [field.name for field in tracked._meta.local_fields if field.name not in exclude]
    changed = [name for name in recorded if name not in auto and name != tracked._meta.pk.name]
    return pghistory.create_event_model(
        tracked,
        pghistory.InsertEvent(CREATE, condition=StaffContext()),
        pghistory.UpdateEvent(BEFORE, row=pghistory.Old, condition=StaffContext(changed_fields=changed)),
        pghistory.UpdateEvent(UPDATE, condition=StaffContext(changed_fields=changed)),
        pghistory.DeleteEvent(DELETE, condition=StaffContext()),
        fields=recorded,
        obj_field=pghistory.ObjForeignKey(related_name="+", db_index=True),
        # Append-only is declared in each event model's own Meta (event_meta), which replaces the base's.
        append_only=False,
        app_label="reporting",
        model_name=f"{tracked.__name__}EventBase",
    )


def event_meta(tracked) -> type:
    # Lazy: the names are translated when shown, not once at import in the default language.
    opts = tracked._meta
    return type(
        "Meta",
        (),
        {
            "verbose_name": lazy(lambda: gettext("modification : %(model)s") % {"model": opts.verbose_name}, str)(),
            "verbose_name_plural": lazy(
                lambda: gettext("journal : %(model)s") % {"model": opts.verbose_name_plural}, str
            )(),
            "ordering": ["-pgh_id"],
            "triggers": [pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)],
        },
    )


# --- Participants' data -------------------------------------------------------------------------
# Neither the e-mail nor the display name is copied: the trail must not keep what the erasure
# of an account removes; a staff member changing them still shows as a change of the account.
class UserEvent(trail_base(User, exclude=("password", "last_login", "email", "display_name"))):
    Meta = event_meta(User)


class ProfileEvent(trail_base(Profile)):
    Meta = event_meta(Profile)


class PlanEvent(trail_base(Plan)):
    Meta = event_meta(Plan)


class PlanTaskEvent(trail_base(PlanTask)):
    Meta = event_meta(PlanTask)


class TaskReviewEvent(trail_base(TaskReview)):
    Meta = event_meta(TaskReview)


class AssignmentEvent(trail_base(Assignment)):
    Meta = event_meta(Assignment)


# --- What the ministry runs: rules and templates, content, feed sources --------------------------
class PlanTemplateEvent(trail_base(PlanTemplate)):
    Meta = event_meta(PlanTemplate)


class TemplateStepEvent(trail_base(TemplateStep)):
    Meta = event_meta(TemplateStep)


class StepLinkEvent(trail_base(StepLink)):
    Meta = event_meta(StepLink)


class CapsuleEvent(trail_base(Capsule, exclude=("search_vector",))):
    Meta = event_meta(Capsule)


class ArticleEvent(trail_base(Article, exclude=("search_vector",))):
    Meta = event_meta(Article)


class OrganisationEvent(trail_base(Organisation, exclude=("search_vector",))):
    Meta = event_meta(Organisation)


# The import's own bookkeeping (ETag, failures) is written by a task, not by staff.
class FeedSourceEvent(
    trail_base(FeedSource, exclude=("etag", "last_modified", "consecutive_failures", "periodic_task"))
):
    Meta = event_meta(FeedSource)


# --- Figures ------------------------------------------------------------------------------------
class CoachMembership(models.Model):
    """The partner organisation a coach works for: review delays are reported per organisation.

    Kept here because only the ministry's figures use it; a coach without one is counted under
    "no organisation".
    """

    coach = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="membership",
        verbose_name=_("accompagnatrice ou accompagnateur"),
        limit_choices_to={"role": "coach"},
    )
    organisation = models.ForeignKey(
        "content.Organisation",
        on_delete=models.PROTECT,
        related_name="coach_memberships",
        verbose_name=_("organisme partenaire"),
    )

    class Meta:
        verbose_name = _("organisme d'une accompagnatrice")
        verbose_name_plural = _("organismes des accompagnatrices")
        ordering = ["organisation", "coach"]

    def __str__(self) -> str:
        return f"{self.coach} – {self.organisation}"
