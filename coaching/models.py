from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import User
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
