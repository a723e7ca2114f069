"""Attaches who (the staff member) and where (the page) to every write of a staff request."""

import pghistory
from pghistory.middleware import HistoryMiddleware

from integration_portal.db import is_postgresql


class StaffHistoryMiddleware(HistoryMiddleware):
    """pghistory's context middleware, opened only for staff (coaches, ministry admins).

    The triggers record a write only inside this context, so participants' own edits stay out of
    the trail. pghistory prefixes each write with `set_config(...)`, which only PostgreSQL knows:
    on SQLite (`make run`) the request passes straight through.
    """

    def __call__(self, request):
        user = getattr(request, "user", None)
        if not is_postgresql() or not (user and user.is_authenticated and user.is_staff_member):
            return self.get_response(request)
        return super().__call__(request)

    def get_context(self, request) -> dict:
        return {"user": request.user.pk, "url": request.path, "method": request.method}


def staff_context(*, user, url: str = ""):
    """The same context outside a request (a management command run by a named staff member)."""
    return pghistory.context(user=user.pk, url=url)
