"""Talking to a running assistant the way a client does: REST channel in, intake API out."""
from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any, Optional

import aiohttp

REST_PATH = "/webhooks/rest/webhook"


@dataclass
class Turn:
    """One patient message and what came back.

    Attributes:
        text: What the patient said.
        replies: The bot's replies (Rasa REST channel format).
        seconds: Wall-clock time of the request, from send to the full response.
    """

    text: str
    replies: list[dict[str, Any]]
    seconds: float


class AssistantClient:
    """A thin asynchronous client for the REST channel and the intake API.

    Args:
        session: The HTTP session (its connection pool is shared by all patients).
        rasa_url: Base URL of the Rasa server.
        web_url: Base URL of the web app (None when there is no intake API, e.g. for a
            stock Rasa assistant).
        api_token: Bearer token of the intake API.
    """

    def __init__(self, session: aiohttp.ClientSession, rasa_url: str,
                 web_url: Optional[str] = None, api_token: Optional[str] = None) -> None:
        self.session = session
        self.rasa_url = rasa_url.rstrip("/")
        self.web_url = web_url.rstrip("/") if web_url else None
        self.api_token = api_token

    async def say(self, sender: str, text: str) -> Turn:
        """Sends one message as ``sender``.

        Raises:
            RuntimeError: The channel did not answer 200.
        """
        started = time.perf_counter()
        async with self.session.post(f"{self.rasa_url}{REST_PATH}", json={"sender": sender, "message": text}) as response:
            body = await response.read()
            seconds = time.perf_counter() - started
            if response.status != 200:
                raise RuntimeError(f"REST channel answered {response.status}")
        return Turn(text, json.loads(body or b"[]"), seconds)

    async def intake(self, conversation_id: str) -> Optional[dict[str, Any]]:
        """The intake as the intake API shows it (None when it does not know the conversation).

        Raises:
            RuntimeError: No intake API configured, or it answered neither 200 nor 404.
        """
        if self.web_url is None:
            raise RuntimeError("no intake API for this assistant")
        headers = {"Authorization": f"Bearer {self.api_token}"}
        async with self.session.get(f"{self.web_url}/api/intakes/{conversation_id}", headers=headers) as response:
            if response.status == 404:
                return None
            if response.status != 200:
                raise RuntimeError(f"intake API answered {response.status}")
            return await response.json()


def new_session(concurrency: int = 100, timeout: float = 120.0) -> aiohttp.ClientSession:
    """An HTTP session sized for ``concurrency`` simultaneous patients."""
    connector = aiohttp.TCPConnector(limit=max(concurrency * 2, 10), force_close=False)
    return aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=timeout))
