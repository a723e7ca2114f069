"""Who is told what when an interview is booked, moved, cancelled or near (through accounts.emails)."""

from coaching.models import Interview


def interview_email_key(*, interview: Interview, kind: str, recipient_id: int) -> str:
    # The sequence is in the key: a moved interview's new confirmation is a new e-mail, while a
    # retried task or a second reminder scan finds the key already sent and sends nothing.
    return f"coaching:interview:{interview.pk}:{interview.sequence}:{kind}:{recipient_id}"


def interview_notify(*, interview: Interview, kind: str) -> None:
    """Queue the e-mail of this kind to both people, sent once the transaction commits."""
    # Wired to accounts.emails.email_enqueue once the "house" stream lands it on main.
    return None
