"""The interview room's records: the chat of each interview and the coach's summary afterwards.

Imported by coaching/models.py (Django looks for an app's models there).
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from integration_portal.db import TimeStampedModel

CHAT_MESSAGE_MAX_LENGTH = 2000


class ChatMessage(models.Model):
    """One chat message of an interview room.

    `seq` numbers the messages of one interview 1, 2, 3… without gaps: a browser that reconnects
    sends the last number it saw and receives exactly what it missed, in order. `client_id` is
    chosen by the sending browser, so a message resent after a lost connection is stored once.
    """

    interview = models.ForeignKey(
        "coaching.Interview", on_delete=models.CASCADE, related_name="chat_messages", verbose_name=_("entrevue")
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("auteur")
    )
    seq = models.PositiveIntegerField(_("numéro"))
    client_id = models.UUIDField(_("identifiant du navigateur"), default=uuid.uuid4)
    body = models.TextField(_("message"), max_length=CHAT_MESSAGE_MAX_LENGTH)
    created_at = models.DateTimeField(_("envoyé le"), default=timezone.now)
    # Set when the author's account is erased: the number and time stay (the other person's
    # history keeps its shape), the words go.
    erased_at = models.DateTimeField(_("effacé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("message de clavardage")
        verbose_name_plural = _("messages de clavardage")
        ordering = ["interview", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["interview", "seq"], name="chat_message_seq_per_interview"),
            models.UniqueConstraint(fields=["interview", "sender", "client_id"], name="chat_message_sent_once"),
        ]

    def __str__(self) -> str:
        return f"{self.interview_id} #{self.seq}"


class InterviewSummary(TimeStampedModel):
    """What the coach writes after the interview; the participant reads it on the interview's page."""

    interview = models.OneToOneField(
        "coaching.Interview", on_delete=models.CASCADE, related_name="summary", verbose_name=_("entrevue")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("rédigé par")
    )
    text = models.TextField(_("résumé"), max_length=10_000)

    class Meta:
        verbose_name = _("résumé d'entrevue")
        verbose_name_plural = _("résumés d'entrevue")

    def __str__(self) -> str:
        return f"{self.interview_id}"


class FollowUpItem(models.Model):
    """A follow-up agreed during the interview; turned into a task of the participant's plan."""

    summary = models.ForeignKey(
        InterviewSummary, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("résumé")
    )
    text = models.CharField(_("suivi"), max_length=250)
    task = models.OneToOneField(
        "action_plan.PlanTask",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interview_follow_up",
        verbose_name=_("tâche du plan"),
    )
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("suivi d'entrevue")
        verbose_name_plural = _("suivis d'entrevue")
        ordering = ["summary", "order"]

    def __str__(self) -> str:
        return self.text
