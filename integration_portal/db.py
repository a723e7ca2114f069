"""Database pieces shared by every app: the timestamped base model, which database this is."""

from django.db import connections, models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        abstract = True


def is_postgresql(using: str = "default") -> bool:
    """Whether this database is PostgreSQL (full-text search, COPY, row locks) rather than the
    embedded SQLite of `make run`. Reads the connection, so it works after settings are overridden."""
    return connections[using].vendor == "postgresql"
