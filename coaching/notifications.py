"""Who is told what when an interview is booked, moved, cancelled or near (through accounts.emails)."""

from accounts.emails import email_enqueue
from coaching.models import Interview


def interview_email_key(*, interview: Interview, kind: str, recipient_id: int) -> str:
    # The sequence is in the key: a moved interview's new confirmation is a new e-mail, while a
    # retried task or a second reminder scan finds the key already handled and sends nothing.
    return f"coaching.interview:{interview.pk}:{interview.sequence}:{kind}:{recipient_id}"


def interview_notify(*, interview: Interview, kind: str) -> None:
    """Queue the e-mail of this kind to both people; sent by a task once the transaction commits."""
    for recipient_id in (interview.participant_id, interview.coach_id):
        email_enqueue(
            key=interview_email_key(interview=interview, kind=kind, recipient_id=recipient_id),
            builder="coaching.emails.interview_email",
            kwargs={
                "interview_id": interview.pk,
                "recipient_id": recipient_id,
                "kind": kind,
                "sequence": interview.sequence,
            },
        )
