from django.conf import settings
from django.contrib.postgres.fields import RangeBoundary, RangeOperators
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from coaching.constraints import PostgresOnlyExclusionConstraint, TsTzRange
from integration_portal.db import TimeStampedModel


class ParticipantManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(role=User.Role.PARTICIPANT)


class CoachedParticipant(User):
    """Participants as coaching sees them in the admin: their coaches, and assigning one.

    A proxy of accounts.User, so coaching has its own admin page instead of changing accounts'.
    """

    objects = ParticipantManager()

    class Meta:
        proxy = True
        verbose_name = _("participant (accompagnement)")
        verbose_name_plural = _("participants (accompagnement)")


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


def validate_zone(value: str) -> None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    from django.core.exceptions import ValidationError

    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValidationError(_("« %(zone)s » n'est pas un fuseau horaire connu."), params={"zone": value}) from error


class CoachSettings(TimeStampedModel):
    """How a coach meets participants: their availability zone, interview length, buffer, caseload cap."""

    coach = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accompagnatrice ou accompagnateur"),
        on_delete=models.CASCADE,
        related_name="coaching_settings",
    )
    # Weekly hours are wall-clock times in this IANA zone: a daylight-saving change never moves 9:00.
    time_zone = models.CharField(_("fuseau horaire des disponibilités"), max_length=64, validators=[validate_zone])
    interview_minutes = models.PositiveSmallIntegerField(
        _("durée d'une entrevue (minutes)"), default=45, validators=[MinValueValidator(15), MaxValueValidator(180)]
    )
    buffer_minutes = models.PositiveSmallIntegerField(
        _("pause entre deux entrevues (minutes)"), default=15, validators=[MaxValueValidator(120)]
    )
    max_caseload = models.PositiveSmallIntegerField(
        _("nombre maximal de participants accompagnés"), default=40, validators=[MinValueValidator(1)]
    )
    speaks_french = models.BooleanField(_("accompagne en français"), default=True)
    speaks_english = models.BooleanField(_("accompagne en anglais"), default=False)

    class Meta:
        verbose_name = _("réglages d'accompagnement")
        verbose_name_plural = _("réglages d'accompagnement")

    def __str__(self) -> str:
        return str(self.coach)


class WeeklyHours(models.Model):
    """A range of hours a coach offers every week, e.g. Tuesdays 9:00–12:00 in their zone."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("lundi")
        TUESDAY = 1, _("mardi")
        WEDNESDAY = 2, _("mercredi")
        THURSDAY = 3, _("jeudi")
        FRIDAY = 4, _("vendredi")
        SATURDAY = 5, _("samedi")
        SUNDAY = 6, _("dimanche")

    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accompagnatrice ou accompagnateur"),
        on_delete=models.CASCADE,
        related_name="weekly_hours",
    )
    weekday = models.PositiveSmallIntegerField(_("jour"), choices=Weekday.choices)
    start_time = models.TimeField(_("de"))
    end_time = models.TimeField(_("à"))

    class Meta:
        verbose_name = _("heures de la semaine")
        verbose_name_plural = _("heures de la semaine")
        ordering = ["weekday", "start_time"]
        constraints = [
            models.CheckConstraint(condition=Q(end_time__gt=F("start_time")), name="weekly_hours_end_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start_time:%H:%M}–{self.end_time:%H:%M}"


class AvailabilityException(models.Model):
    """A date that differs from the weekly hours: a day (or some hours) off, or extra hours."""

    class Kind(models.TextChoices):
        OFF = "off", _("absence")
        EXTRA = "extra", _("heures supplémentaires")

    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accompagnatrice ou accompagnateur"),
        on_delete=models.CASCADE,
        related_name="availability_exceptions",
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, default=Kind.OFF)
    # An absence without hours is the whole day.
    start_time = models.TimeField(_("de"), null=True, blank=True)
    end_time = models.TimeField(_("à"), null=True, blank=True)

    class Meta:
        verbose_name = _("exception de disponibilité")
        verbose_name_plural = _("exceptions de disponibilité")
        ordering = ["date", "start_time"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(start_time__isnull=True, end_time__isnull=True, kind="off"))
                | Q(start_time__isnull=False, end_time__isnull=False, end_time__gt=F("start_time")),
                name="availability_exception_hours",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}"


class CoachNote(TimeStampedModel):
    """A coach's private note on a participant: shown to coaches only, never to the participant,
    in no export of theirs, erased with their account (coaching's personal-data hook)."""

    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="coach_notes_about",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="coach_notes_written",
    )
    body = models.TextField(_("note"), max_length=5000)

    class Meta:
        verbose_name = _("note d'accompagnement")
        verbose_name_plural = _("notes d'accompagnement")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["participant", "-created_at"], name="coach_note_participant")]

    def __str__(self) -> str:
        return f"{self.participant} ({self.created_at:%Y-%m-%d})"
