"""Rasa input channel for the web app's public channels (web chat, SMS, navigator).

Like Rasa's REST channel, but it requires the shared ``CHANNEL_TOKEN`` and passes the
request's ``metadata`` (the real channel: web, sms or navigator) through to the actions.
Only the web app talks to it, over loopback; patients never reach it directly.
"""
from __future__ import annotations

import hmac
import os
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request

TOKEN_ENV = "CHANNEL_TOKEN"


class TrustedRestInput(RestInput):
    """REST channel for trusted internal clients, with metadata."""

    def __init__(self, token: Optional[str] = None) -> None:
        self.token = token

    @classmethod
    def name(cls) -> Text:
        return "trusted"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "TrustedRestInput":
        return cls(token=os.environ.get(TOKEN_ENV) or None)

    def get_metadata(self, request: Request) -> Optional[Dict[Text, Any]]:
        """The ``metadata`` object of the request body."""
        body = request.json or {}
        metadata = body.get("metadata")
        return metadata if isinstance(metadata, dict) else None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """Rasa's REST blueprint behind a bearer-token check."""
        blueprint = super().blueprint(on_new_message)

        @blueprint.middleware("request")
        async def require_token(request: Request) -> Optional[response.HTTPResponse]:
            if not request.path.endswith("/webhook"):
                return None
            supplied = (request.headers.get("Authorization") or "").removeprefix("Bearer ").strip()
            if not self.token or not hmac.compare_digest(supplied.encode(), self.token.encode()):
                return response.json({"error": "unauthorized"}, status=401)
            return None

        return blueprint
