"""The web app's client for Rasa's trusted channel."""
from __future__ import annotations

from typing import Any, Optional

import aiohttp

#: Channels a conversation can be on (the record's ``channel``).
CHANNELS = ("web", "sms", "navigator")


class RasaUnavailable(RuntimeError):
    """Rasa did not answer; the patient's message was not processed."""


class RasaClient:
    """Sends a patient's (or navigator's) message to Rasa and returns the bot's replies.

    Args:
        session: The web app's shared aiohttp session.
        base_url: Rasa's base URL (e.g. http://127.0.0.1:5005).
        token: The shared ``CHANNEL_TOKEN``.
    """

    def __init__(self, session: aiohttp.ClientSession, base_url: str, token: str) -> None:
        self._session = session
        self._url = base_url.rstrip("/") + "/webhooks/trusted/webhook"
        self._token = token

    async def send(
        self,
        conversation_id: str,
        text: str,
        *,
        channel: str,
        metadata: Optional[dict[str, Any]] = None,
    ) -> list[dict[str, Any]]:
        """Sends one message.

        Args:
            conversation_id: The opaque conversation id (never a phone number).
            text: The message, or a button payload such as ``/affirm``.
            channel: web, sms or navigator.
            metadata: Extra metadata for the actions (e.g. the navigator's user id).

        Returns:
            Rasa's replies: dicts with ``text`` and optional ``buttons``.

        Raises:
            RasaUnavailable: Rasa could not be reached or answered with an error.
        """
        if channel not in CHANNELS:
            raise ValueError("unknown channel")
        body = {"sender": conversation_id, "message": text, "metadata": {**(metadata or {}), "channel": channel}}
        try:
            async with self._session.post(
                self._url,
                json=body,
                headers={"Authorization": f"Bearer {self._token}"},
                timeout=aiohttp.ClientTimeout(total=30),
            ) as response:
                if response.status != 200:
                    raise RasaUnavailable(f"rasa answered {response.status}")
                return await response.json()
        except (aiohttp.ClientError, TimeoutError) as error:
            raise RasaUnavailable(error.__class__.__name__) from None


class RasaConversations:
    """Reads and changes conversations through Rasa's HTTP API (``--enable-api``).

    Used for transcripts (a reloaded chat page, the navigator console) and for a
    navigator taking over: pausing the bot, sending a navigator's message into the
    conversation, and resuming.

    Args:
        session: The web app's shared aiohttp session.
        base_url: Rasa's base URL.
        token: Rasa's API token (the ``CHANNEL_TOKEN``; Rasa runs with ``--auth-token``).
    """

    def __init__(self, session: aiohttp.ClientSession, base_url: str, token: str) -> None:
        self._session = session
        self._base = base_url.rstrip("/")
        self._token = token

    def _url(self, conversation_id: str, suffix: str) -> str:
        from urllib.parse import quote

        return f"{self._base}/conversations/{quote(conversation_id, safe='')}/{suffix}"

    async def _request(self, method: str, url: str, body: Any = None) -> Any:
        try:
            async with self._session.request(
                method, url, json=body, params={"token": self._token}, timeout=aiohttp.ClientTimeout(total=30)
            ) as response:
                if response.status >= 400:
                    raise RasaUnavailable(f"rasa answered {response.status}")
                return await response.json()
        except (aiohttp.ClientError, TimeoutError) as error:
            raise RasaUnavailable(error.__class__.__name__) from None

    async def transcript(self, conversation_id: str) -> list[dict[str, Any]]:
        """The conversation's messages in order: ``{"from": "patient"|"bot", "text", "buttons", "timestamp"}``.

        Bot messages sent by a navigator carry ``"from": "navigator"`` (metadata set by
        :meth:`say_as_navigator`).
        """
        tracker = await self._request("GET", self._url(conversation_id, "tracker"))
        messages: list[dict[str, Any]] = []
        for event in tracker.get("events") or []:
            kind = event.get("event")
            if kind == "user" and not (event.get("text") or "").startswith("/session_start"):
                messages.append({"from": "patient", "text": event.get("text") or "", "timestamp": event.get("timestamp")})
            elif kind == "bot":
                sender = "navigator" if (event.get("metadata") or {}).get("navigator") else "bot"
                data = event.get("data") or {}
                messages.append({
                    "from": sender,
                    "text": event.get("text") or "",
                    "buttons": data.get("buttons") or [],
                    "timestamp": event.get("timestamp"),
                })
        return messages

    async def append_events(self, conversation_id: str, events: list[dict[str, Any]]) -> None:
        """Appends events to the conversation's tracker."""
        await self._request("POST", self._url(conversation_id, "tracker/events"), events)

    async def pause(self, conversation_id: str) -> None:
        """Stops the bot answering (Rasa's conversation pause) while a navigator talks."""
        await self.append_events(conversation_id, [{"event": "pause"}])

    async def resume(self, conversation_id: str) -> None:
        """Lets the bot answer again (Rasa's resume)."""
        await self.append_events(conversation_id, [{"event": "resume"}])

    async def say_as_navigator(self, conversation_id: str, text: str, navigator_id: str) -> None:
        """Records a navigator's message in the conversation (delivery is the channel's job)."""
        await self.append_events(
            conversation_id,
            [{"event": "bot", "text": text, "metadata": {"navigator": navigator_id}}],
        )
