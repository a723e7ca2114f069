from celery import shared_task


@shared_task(name="forum.digest")
def digest_task(*, frequency: str = "daily") -> int:
    from forum.digest import digest_send_due

    return digest_send_due(frequency=frequency)


@shared_task(name="forum.read_state_cleanup")
def read_state_cleanup_task() -> int:
    from forum.services import read_state_cleanup

    return read_state_cleanup()
