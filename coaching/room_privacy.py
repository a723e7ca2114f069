"""The interview room's part of "Download my data" and "Delete my account" (accounts.privacy)."""

from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy

from accounts.models import User
from accounts.privacy import choice, moment
from coaching.models import ChatMessage, FollowUpItem, Interview
from coaching.privacy import meeting
from coaching.room_selectors import room_member_name
from coaching.room_services import chat_erase_for

EXPORT_LABELS = {
    "starts_at": gettext_lazy("début"),
    "ends_at": gettext_lazy("fin"),
    "summary": gettext_lazy("résumé"),
    "follow_ups": gettext_lazy("suivis"),
    "chat": gettext_lazy("clavardage"),
    "number": gettext_lazy("numéro"),
    "from": gettext_lazy("de"),
    "sent_at": gettext_lazy("envoyé le"),
    "text": gettext_lazy("texte"),
}


def interview_room_personal_data_export(*, user: User) -> list[dict]:
    """Each interview of this person with its summary, follow-ups and chat (three queries)."""
    interviews = (
        Interview.objects.filter(Q(participant=user) | Q(coach=user))
        .select_related("participant", "coach", "summary")
        .prefetch_related(
            Prefetch("chat_messages", queryset=ChatMessage.objects.order_by("seq")),
            Prefetch("summary__follow_ups", queryset=FollowUpItem.objects.order_by("order")),
        )
        .order_by("starts_at")
    )
    exported = []
    for interview in interviews:
        names = {
            interview.participant_id: room_member_name(interview.participant),
            interview.coach_id: room_member_name(interview.coach),
        }
        summary = getattr(interview, "summary", None) if hasattr(interview, "summary") else None
        exported.append(
            {
                "starts_at": meeting(interview.starts_at, user),
                "ends_at": meeting(interview.ends_at, user),
                "status": choice(interview, "status"),
                "summary": summary.text if summary else None,
                "follow_ups": [item.text for item in summary.follow_ups.all()] if summary else [],
                "chat": [
                    {
                        "number": message.seq,
                        "from": names.get(message.sender_id, ""),
                        "sent_at": moment(message.created_at),
                        "text": "" if message.erased_at else message.body,
                    }
                    for message in interview.chat_messages.all()
                ],
            }
        )
    return exported


def interview_room_personal_data_erase(*, user: User) -> None:
    """The person's chat messages lose their words (their number and time stay for the other)."""
    chat_erase_for(user=user)
