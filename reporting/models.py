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
from coaching.models import Assignment, Interview
from content.models import Article, Capsule, Organisation
from forum.models import Category, ModerationAction, Post, Topic
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


def trail_base(
    tracked, *, exclude: tuple[str, ...] = (), watched: tuple[str, ...] | None = None, creations: bool = True
):
    """The abstract event model of `tracked`: every field but `exclude`, four trackers.

    `watched`: only a change of these fields records an update (the others still show in the row);
    `creations=False`: new rows are not recorded (a coach's forum post is not a change to anyone's data).
    """
    auto = {
        field.name
        for field in tracked._meta.local_fields
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    }
    recorded = [field.name for field in tracked._meta.local_fields if field.name not in exclude]
    changed = list(watched) if watched else [n for n in recorded if n not in auto and n != tracked._meta.pk.name]
    trackers = [pghistory.InsertEvent(CREATE, condition=StaffContext())] if creations else []
    return pghistory.create_event_model(
        tracked,
        *trackers,
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


# Bookings changed by a coach (held, no-show, rescheduled, cancelled); the reminders' marks are the
# beat task's bookkeeping.
class InterviewEvent(trail_base(Interview, exclude=("reminder_day_sent_at", "reminder_hour_sent_at"))):
    Meta = event_meta(Interview)


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


# --- Forum moderation ---------------------------------------------------------------------------
# Each moderator's action (hide, lock, pin, move, approve, warn, suspend…) with its reason, and the
# moderation fields of topics and posts themselves, so a change made in the admin, by `.update()`
# or in bulk shows too. Writing is not moderation: new topics and posts and their text, author and
# counters are left out.
# A logged action is never edited: only the erasure of an account (Law 25) updates these rows.
class ModerationActionEvent(trail_base(ModerationAction, watched=("action", "reason"))):
    Meta = event_meta(ModerationAction)


class TopicEvent(
    trail_base(
        Topic,
        exclude=("author", "last_posted_at", "last_number", "reply_count", "last_poster_name", "coach_replied_at"),
        watched=("category", "is_pinned", "is_locked", "is_hidden", "is_approved", "title"),
        creations=False,
    )
):
    Meta = event_meta(Topic)


class PostEvent(
    trail_base(
        Post,
        exclude=("author", "body", "html", "search_vector", "edited_at"),
        watched=("is_hidden", "is_approved", "is_deleted"),
        creations=False,
    )
):
    Meta = event_meta(Post)


class CategoryEvent(trail_base(Category)):
    Meta = event_meta(Category)


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


class PlanProgress(models.Model):
    """One row per plan, rebuilt by `progress_snapshot_refresh` (every 15 minutes by beat).

    The reports read these instead of scanning every task of every plan on each page: over 50,000
    participants (550,000 tasks) that scan alone took seconds. Plain columns, no constraints: the
    rows are a copy, replaced whole at each refresh.
    """

    plan_id = models.BigIntegerField(primary_key=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    furthest_week = models.PositiveSmallIntegerField(default=0)
    last_draft_at = models.DateTimeField(null=True)
    last_submitted_at = models.DateTimeField(null=True)
    last_completed_at = models.DateTimeField(null=True)

    class Meta:
        verbose_name = _("progression d'un plan (copie pour les rapports)")
        verbose_name_plural = _("progression des plans (copie pour les rapports)")

    def __str__(self) -> str:
        return f"{self.plan_id}: {self.furthest_week}"


class WeekCompletion(models.Model):
    """A plan week whose tasks are all finished, and the days it took from its opening."""

    plan_id = models.BigIntegerField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    week = models.PositiveSmallIntegerField()
    days = models.FloatField()

    class Meta:
        verbose_name = _("semaine terminée (copie pour les rapports)")
        verbose_name_plural = _("semaines terminées (copie pour les rapports)")

    def __str__(self) -> str:
        return f"{self.plan_id} S{self.week}"


class ProgressSnapshot(models.Model):
    """When the copies above were last rebuilt (one row)."""

    refreshed_at = models.DateTimeField()
    plans = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("copie de la progression")
        verbose_name_plural = _("copies de la progression")

    def __str__(self) -> str:
        return self.refreshed_at.isoformat()
