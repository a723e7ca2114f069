from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from accounts.permissions import socket_refusal
from accounts.services import user_notification_group


class PageRuleMixin:
    """For every consumer: `if await self.refused(): return` first thing in connect().

    The same rule as the pages (accounts.permissions.socket_refusal): signed in, staff with
    two-factor set up, current policies accepted. The socket is closed with 4401 or 4403.
    """

    async def refused(self) -> bool:
        code = await database_sync_to_async(socket_refusal)(
            user=self.scope.get("user"), session=self.scope.get("session")
        )
        if code is None:
            return False
        await self.close(code=code)
        return True


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
