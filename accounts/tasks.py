"""accounts' Celery tasks. Celery's autodiscovery imports this module in the worker."""

from accounts.emails import email_send_task

__all__ = ["email_send_task"]
