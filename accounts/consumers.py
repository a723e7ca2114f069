from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from accounts.permissions import socket_refusal
from accounts.services import user_notification_group


class PageRuleMixin:
    """For every consumer: `if await self.refused(): return` first thing in connect().

    The same rule as the pages (accounts.permissions.socket_refusal): signed in, staff with
    two-factor set up, current policies accepted; then the consumer's own object rule, if it has
    one (`object_refusal`, e.g. "this interview's participant or coach, while its room is open").
    The socket is closed with the code (4401, 4403, or the object rule's).

    A consumer whose page explains each code sets `accept_before_closing`: a close sent before
    the accept reaches the browser as a failed handshake, without its code.
    """

    accept_before_closing = False

    async def refused(self) -> bool:
        code = await database_sync_to_async(self.access_refusal)()
        if code is None:
            return False
        if self.accept_before_closing:
            await self.accept()
        await self.close(code=code)
        return True

    def access_refusal(self) -> int | None:
        """In a thread (it reads the database): the pages' rule first, then the object rule."""
        user, session = self.scope.get("user"), self.scope.get("session")
        code = socket_refusal(user=user, session=session)
        if code is not None:
            return code
        return self.object_refusal(user=user)

    def object_refusal(self, *, user) -> int | None:
        """Override to check the object the socket is about, for this signed-in person who passed
        the pages' rule: return a close code, or None (and keep what was found on `self`)."""
        return None


class NotificationConsumer(PageRuleMixin, AsyncJsonWebsocketConsumer):
    """Carries portal notifications (feedback received, replies…) to the person's open pages."""

    async def connect(self) -> None:
        if await self.refused():
            return
        user = self.scope["user"]
        self.group_name = user_notification_group(user.pk)
        await self.channel_layer.group_add(self.group_name, self.channel_name)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        if hasattr(self, "group_name"):
            await self.channel_layer.group_discard(self.group_name, self.channel_name)

    async def user_notification(self, event: dict) -> None:
        await self.send_json(event["payload"])
