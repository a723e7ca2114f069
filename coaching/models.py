from django.conf import settings
from django.contrib.postgres.fields import RangeBoundary, RangeOperators
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from coaching.constraints import PostgresOnlyExclusionConstraint, TsTzRange
from integration_portal.db import TimeStampedModel


class Assignment(TimeStampedModel):
    """A coach accompanying a participant. Past assignments are kept (ended_at set) as history."""

    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="coach_assignments",
        limit_choices_to={"role": "participant"},
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accompagnatrice ou accompagnateur"),
        on_delete=models.PROTECT,
        related_name="participant_assignments",
        limit_choices_to={"role": "coach"},
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigné par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    started_at = models.DateTimeField(_("début"), auto_now_add=True)
    ended_at = models.DateTimeField(_("fin"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("assignation")
        verbose_name_plural = _("assignations")
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant"], condition=Q(ended_at__isnull=True), name="one_active_assignment_per_participant"
            ),
        ]
        indexes = [models.Index(fields=["coach", "ended_at"], name="assignment_coach_active")]

    def __str__(self) -> str:
        return f"{self.participant} → {self.coach}"

    @property
    def is_active(self) -> bool:
        return self.ended_at is None


class Interview(TimeStampedModel):
    """A video interview between a participant and their coach. Times are stored in UTC.

    Two active (booked) interviews of one coach can never overlap: an exclusion constraint on the
    coach and the [starts_at, ends_at) range, on PostgreSQL (btree_gist for the equality on coach).
    """

    class Status(models.TextChoices):
        BOOKED = "booked", _("réservée")
        CANCELLED = "cancelled", _("annulée")
        HELD = "held", _("tenue")
        NO_SHOW = "no_show", _("absence")

    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="interviews",
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accompagnatrice ou accompagnateur"),
        on_delete=models.PROTECT,
        related_name="coach_interviews",
    )
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    status = models.CharField(_("statut"), max_length=20, choices=Status.choices, default=Status.BOOKED)
    # Bumped on each change (reschedule, cancellation): the SEQUENCE of the .ics, so calendars
    # replace the event they already hold instead of adding a second one.
    sequence = models.PositiveIntegerField(_("version"), default=0)
    change_reason = models.CharField(_("motif du changement"), max_length=500, blank=True)
    cancelled_at = models.DateTimeField(_("annulée le"), null=True, blank=True)
    # The periodic reminder scan marks each reminder here, so a second scan sends nothing.
    reminder_day_sent_at = models.DateTimeField(_("rappel de la veille envoyé le"), null=True, blank=True)
    reminder_hour_sent_at = models.DateTimeField(_("rappel de l'heure envoyé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("entrevue")
        verbose_name_plural = _("entrevues")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="interview_ends_after_start"),
            PostgresOnlyExclusionConstraint(
                name="interview_no_overlap_per_coach",
                expressions=[
                    (TsTzRange("starts_at", "ends_at", RangeBoundary()), RangeOperators.OVERLAPS),
                    ("coach", RangeOperators.EQUAL),
                ],
                condition=Q(status="booked"),
                violation_error_message=_("Cette plage vient d'être réservée."),
            ),
        ]
        indexes = [
            models.Index(fields=["participant", "status", "starts_at"], name="interview_participant_next"),
            models.Index(fields=["coach", "status", "starts_at"], name="interview_coach_next"),
        ]

    def __str__(self) -> str:
        return f"{self.participant} / {self.coach} @ {self.starts_at:%Y-%m-%d %H:%M} UTC"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.BOOKED


# The interview room's models live in their own module (see its docstring).
from coaching.room_models import ChatMessage, FollowUpItem, InterviewSummary  # noqa: E402, F401
