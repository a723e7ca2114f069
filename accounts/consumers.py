from channels.generic.websocket import AsyncJsonWebsocketConsumer

from accounts.services import user_notification_group


class NotificationConsumer(AsyncJsonWebsocketConsumer):
    """Carries portal notifications (feedback received, replies…) to the person's open pages."""

    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=4401)
            return
        self.group_name = user_notification_group(user.pk)
        await self.channel_layer.group_add(self.group_name, self.channel_name)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        if hasattr(self, "group_name"):
            await self.channel_layer.group_discard(self.group_name, self.channel_name)

    async def user_notification(self, event: dict) -> None:
        await self.send_json(event["payload"])
