from celery import shared_task


@shared_task(name="forum.digest")
def digest_task(*, frequency: str = "daily") -> int:
    from forum.digest import digest_send_due

    return digest_send_due(frequency=frequency)


@shared_task(
    name="forum.digest_email",
    autoretry_for=(OSError,),
    retry_backoff=60,
    retry_backoff_max=30 * 60,
    retry_jitter=True,
    max_retries=5,
)
def digest_email_task(*, user_id: int, period: str, since: str) -> bool:
    """Sends one digest (the period's claim row was written by the beat job)."""
    from forum.digest import digest_email

    message = digest_email(user_id=user_id, period=period, since=since)
    if message is None:
        return False
    message.send()
    return True


@shared_task(name="forum.read_state_cleanup")
def read_state_cleanup_task() -> int:
    from forum.services import read_state_cleanup

    return read_state_cleanup()
