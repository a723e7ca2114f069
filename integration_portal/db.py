"""Database pieces shared by every app: the timestamped base model, which database this is."""

from django.db import connections, models
from django.db.models import Func, TextField
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


SQLITE_FOLD_FUNCTION = "portal_fold"


def register_sqlite_fold(sender, connection, **kwargs) -> None:
    """connection_created receiver: SQLite (make run) gets integration_portal.text.fold() as an SQL
    function, so its searches ignore accents and case as PostgreSQL's unaccent does. Connected by
    each app that searches, with one dispatch_uid: registered once."""
    if connection.vendor == "sqlite":
        from integration_portal.text import fold

        connection.connection.create_function(
            SQLITE_FOLD_FUNCTION, 1, lambda value: None if value is None else fold(value), deterministic=True
        )


class Fold(Func):
    """fold() of a column or expression, in SQL: SQLite only (PostgreSQL uses its search vectors)."""

    function = SQLITE_FOLD_FUNCTION
    output_field = TextField()
