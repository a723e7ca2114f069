"""Logging pieces named in settings.LOGGING."""

import logging


class ForbiddenInOneLine(logging.Filter):
    """Django logs a PermissionDenied with its traceback ("Forbidden (Permission denied): /path");
    a refusal is the expected answer to a forbidden request, so the record keeps its one line."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403 and record.exc_info:
            record.exc_info = None
            record.exc_text = None
        return True
