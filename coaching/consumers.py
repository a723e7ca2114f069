"""The interview room's websocket: chat, presence, typing, WebRTC signalling and a heartbeat.

Who may connect: the pages' rule, then the room's object rule (its participant or its coach, while
the room is open), both through accounts.consumers.PageRuleMixin, the one way sockets check access.
Thin: the checks and the database work are in coaching.permissions, coaching.room_selectors and
coaching.room_services (run in threads through database_sync_to_async); this class only routes.
Protocol (JSON, "type" first) and close codes: coaching/README.md, "Interview room".
"""

import asyncio
import contextlib
import logging
import time

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from accounts.consumers import PageRuleMixin
from coaching import room_selectors, room_services
from coaching.permissions import ROOM_CLOSE_ANONYMOUS, ROOM_CLOSE_NOT_OPEN, get_interview_for_room
from coaching.webrtc import rtc_configuration_for

logger = logging.getLogger(__name__)

ROOM_CLOSE_SILENT = 4408  # nothing heard from the browser for `silence_seconds`
ROOM_CLOSE_REPLACED = 4409  # the same person opened the room again (another tab, a reload)
MODES = frozenset({"video", "audio", "chat"})
SIGNAL_MAX_CHARS = 20_000  # an SDP offer with many codecs is a few kB; ICE candidates far less
# Signalling and typing events one connection may send per 10 s: a call set-up sends a few dozen.
RELAY_RATE_PER_10_S = 400


class InterviewRoomConsumer(PageRuleMixin, AsyncJsonWebsocketConsumer):
    channel_layer_alias = room_services.ROOM_LAYER
    # Class attributes so that tests can shorten them. The browser pings every 10 s too and shows
    # "connection lost" after 25 s without hearing anything (coaching/static/coaching/room.js).
    heartbeat_seconds = 10.0
    silence_seconds = 30.0
    presence_seconds = 30

    interview = None
    heartbeat_task = None
    sent_seq: int | None = None

    # Refused sockets are accepted, then closed: the page says why from the code.
    accept_before_closing = True
    checked_interview = None

    def object_refusal(self, *, user) -> int | None:
        interview_id = int(self.scope["url_route"]["kwargs"]["interview_id"])
        code, self.checked_interview = get_interview_for_room(user=user, interview_id=interview_id)
        return code

    async def connect(self) -> None:
        if await self.refused():
            return
        await self.accept()
        user, interview = self.scope["user"], self.checked_interview
        self.user, self.interview = user, interview
        self.member_ids = [interview.participant_id, interview.coach_id]
        self.group = room_selectors.room_group(interview.pk)
        self.person_group = room_selectors.room_person_group(interview.pk, user.pk)
        self.last_heard = time.monotonic()
        self.relay_window = (time.monotonic(), 0)
        self.last_presence: list[int] | None = None
        # One connection per person: an older one (another tab, a page being reloaded) is told to go.
        await self.channel_layer.group_send(self.person_group, {"type": "room.replaced", "channel": self.channel_name})
        await self.channel_layer.group_add(self.person_group, self.channel_name)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self._touch_presence()
        await self.channel_layer.group_send(self.group, {"type": "room.presence_changed"})
        # Named, so that a test can kill it as a dying server process would.
        self.heartbeat_task = asyncio.create_task(self._heartbeat(), name=f"room-heartbeat:{interview.pk}:{user.pk}")

    async def disconnect(self, code: int) -> None:
        if self.heartbeat_task is not None and self.heartbeat_task is not asyncio.current_task():
            self.heartbeat_task.cancel()
        if self.interview is None:
            return
        await self.channel_layer.group_discard(self.group, self.channel_name)
        await self.channel_layer.group_discard(self.person_group, self.channel_name)
        await database_sync_to_async(room_selectors.presence_leave)(
            interview_id=self.interview.pk, user_id=self.user.pk, channel_name=self.channel_name
        )
        await self.channel_layer.group_send(self.group, {"type": "room.presence_changed"})

    # --- From the browser ----------------------------------------------------------------------

    async def receive_json(self, content, **kwargs) -> None:
        if self.interview is None or not isinstance(content, dict):
            return
        self.last_heard = time.monotonic()
        handler = {
            "hello": self._on_hello,
            "chat": self._on_chat,
            "typing": self._on_typing,
            "signal": self._on_signal,
            "mode": self._on_mode,
            "ping": self._on_ping,
        }.get(content.get("type"))
        if handler is not None:
            await handler(content)

    async def _on_hello(self, content: dict) -> None:
        """The browser's first message on each connection: the last chat number it has seen."""
        try:
            last_seq = max(0, int(content.get("last_seq") or 0))
        except (TypeError, ValueError):
            last_seq = 0
        await self.send_json(
            {
                "type": "welcome",
                "me": self.user.pk,
                # The participant yields when both offer at once (perfect negotiation's "polite" peer).
                "polite": self.user.pk == self.interview.participant_id,
                "rtc": rtc_configuration_for(user_id=self.user.pk, interview_id=self.interview.pk),
            }
        )
        await self._send_chat_after(last_seq)
        await self._send_presence()

    async def _on_chat(self, content: dict) -> None:
        try:
            await database_sync_to_async(room_services.chat_message_post)(
                interview=self.interview,
                sender=self.user,
                body=str(content.get("body") or ""),
                client_id=str(content.get("client_id") or ""),
            )
        except room_services.ChatRefused as refusal:
            await self.send_json(
                {"type": "chat_refused", "reason": refusal.code, "client_id": content.get("client_id")}
            )

    async def _on_typing(self, content: dict) -> None:
        if self._relay_allowed():
            await self.channel_layer.group_send(self.group, {"type": "room.typing", "from": self.user.pk})

    async def _on_signal(self, content: dict) -> None:
        data = content.get("data")
        if not isinstance(data, dict) or len(str(data)) > SIGNAL_MAX_CHARS or not self._relay_allowed():
            return
        await self.channel_layer.group_send(self.group, {"type": "room.signal", "from": self.user.pk, "data": data})

    async def _on_mode(self, content: dict) -> None:
        if content.get("mode") in MODES:
            await self.channel_layer.group_send(
                self.group,
                {"type": "room.mode", "from": self.user.pk, "mode": content["mode"], "reason": content.get("reason")},
            )

    async def _on_ping(self, content: dict) -> None:
        await self.send_json({"type": "pong"})

    def _relay_allowed(self) -> bool:
        started, count = self.relay_window
        now = time.monotonic()
        if now - started > 10:
            started, count = now, 0
        self.relay_window = (started, count + 1)
        return count < RELAY_RATE_PER_10_S

    # --- From the channel layer ------------------------------------------------------------------

    async def room_chat(self, event: dict) -> None:
        if self.sent_seq is None:  # before "hello": the backlog sent then will include it
            return
        if event["seq"] <= self.sent_seq:  # already sent (a resend, or part of a backlog)
            return
        if event["seq"] > self.sent_seq + 1:
            # Two messages committed in one order may be broadcast in the other: fill the gap
            # from the database so that the browser always receives 1, 2, 3… in order.
            await self._send_chat_after(self.sent_seq)
            return
        payload = {key: value for key, value in event.items() if key != "type"}
        await self.send_json({"type": "chat", **payload})
        self.sent_seq = event["seq"]

    async def room_typing(self, event: dict) -> None:
        if event["from"] != self.user.pk:
            await self.send_json({"type": "typing", "from": event["from"]})

    async def room_signal(self, event: dict) -> None:
        # Only to the other person of the interview: the group holds nobody else.
        if event["from"] != self.user.pk:
            await self.send_json({"type": "signal", "from": event["from"], "data": event["data"]})

    async def room_mode(self, event: dict) -> None:
        if event["from"] != self.user.pk:
            await self.send_json(
                {"type": "peer_mode", "from": event["from"], "mode": event["mode"], "reason": event.get("reason")}
            )

    async def room_presence_changed(self, event: dict) -> None:
        await self._send_presence()

    async def room_replaced(self, event: dict) -> None:
        if event["channel"] != self.channel_name:
            await self.close(code=ROOM_CLOSE_REPLACED)

    async def send_json(self, content, close=False) -> None:
        try:
            await super().send_json(content, close=close)
        except RuntimeError as error:
            # The browser's close crossed a room event (presence, chat) on its way to this socket:
            # the server has already answered the close and `disconnect` follows. Raising here
            # would end the consumer before `disconnect` cleans up its groups and presence.
            logger.debug("interview room: nothing sent to a closed socket: %s", error)

    # --- Helpers -------------------------------------------------------------------------------

    async def _send_chat_after(self, last_seq: int) -> None:
        messages = await database_sync_to_async(room_selectors.chat_messages_after)(
            interview=self.interview, after_seq=last_seq
        )
        for message in messages:
            await self.send_json({"type": "chat", **message})
        if messages:
            self.sent_seq = messages[-1]["seq"]
        else:
            # Nothing after it: never trust a number beyond the room's last one (a browser that
            # kept a number from elsewhere would otherwise never be sent anything again).
            last = await database_sync_to_async(room_selectors.chat_last_seq)(interview=self.interview)
            self.sent_seq = max(self.sent_seq or 0, min(last_seq, last))

    async def _send_presence(self) -> None:
        present = await database_sync_to_async(room_selectors.presence_of)(
            interview_id=self.interview.pk, member_ids=self.member_ids
        )
        self.last_presence = present
        await self.send_json({"type": "presence", "present": present})

    async def _touch_presence(self) -> None:
        await database_sync_to_async(room_selectors.presence_touch)(
            interview_id=self.interview.pk,
            user_id=self.user.pk,
            channel_name=self.channel_name,
            seconds=self.presence_seconds,
        )

    async def _heartbeat(self) -> None:
        """Every few seconds: ping the browser, close a silent one, end the room for a session
        that ended elsewhere or a room that closed, renew this connection's group memberships and
        presence (both expire by themselves if this process dies), and tell the browser when the
        other person's presence changed without a word (their connection vanished)."""
        session_key = getattr(self.scope.get("session"), "session_key", None)
        try:
            while True:
                await asyncio.sleep(self.heartbeat_seconds)
                if time.monotonic() - self.last_heard > self.silence_seconds:
                    await self.close(code=ROOM_CLOSE_SILENT)
                    return
                await self.send_json({"type": "ping"})
                valid = await database_sync_to_async(room_selectors.session_still_valid)(
                    session_key=session_key, user=self.user
                )
                if not valid:
                    await self.close(code=ROOM_CLOSE_ANONYMOUS)
                    return
                if room_selectors.room_state(self.interview) != "open":
                    await self.close(code=ROOM_CLOSE_NOT_OPEN)
                    return
                await self.channel_layer.group_add(self.group, self.channel_name)
                await self.channel_layer.group_add(self.person_group, self.channel_name)
                await self._touch_presence()
                previous = self.last_presence
                present = await database_sync_to_async(room_selectors.presence_of)(
                    interview_id=self.interview.pk, member_ids=self.member_ids
                )
                if present != previous:
                    self.last_presence = present
                    await self.send_json({"type": "presence", "present": present})
        except asyncio.CancelledError:
            raise
        except RuntimeError as error:
            # The server already closed the socket (the browser left) before `disconnect` ran.
            logger.debug("interview room heartbeat stopped: %s", error)
        except Exception:  # the connection must not stay open without its heartbeat
            logger.exception("interview room heartbeat failed")
            with contextlib.suppress(Exception):
                await self.close(code=1011)
