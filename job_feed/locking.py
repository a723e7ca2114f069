"""Two imports of one source never run at once, whatever process or machine runs them.

A transaction-scoped PostgreSQL advisory lock keyed on the source: it is released by the
database at commit, at rollback, and when the connection of a killed worker drops, so a
crash can never leave a source locked. It is tried, not waited for: the second import
returns at once (its run is recorded as skipped) rather than redoing the first one's work.
It locks no row, so admins may still edit the source while an import runs.

SQLite (the embedded `make run`) has no such lock; it serialises writers on the whole file,
and eager Celery runs one import at a time there.
"""

from django.db import connection

from integration_portal.db import is_postgresql

# The first key of the two-key advisory lock namespace: "job_feed" so other apps' locks never collide.
LOCK_NAMESPACE = 0x6A6F62  # "job"


def try_lock_source_for_import(source_id: int) -> bool:
    """Must be called inside transaction.atomic(); True if this transaction now holds the source."""
    if not is_postgresql():
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s::int, %s::int)", [LOCK_NAMESPACE, source_id])
        return bool(cursor.fetchone()[0])
