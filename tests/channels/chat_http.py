"""A browser's chat widget, as plain HTTP: the same calls, the same headers, its cookie jar."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

import requests

from bot.channels.web_chat_binding import COOKIE_NAME

WIDGET_HEADERS = {"X-Requested-With": "intake-chat", "Accept": "application/json"}


@dataclass
class ChatHttp:
    """One browser talking to ``/chat/api/messages``."""

    web_url: str
    http: requests.Session = field(default_factory=requests.Session)

    @property
    def api(self) -> str:
        return f"{self.web_url}/chat/api/messages"

    def get(self, headers: Optional[dict[str, str]] = None) -> requests.Response:
        return self.http.get(self.api, headers=headers if headers is not None else WIDGET_HEADERS, timeout=60)

    def post(self, body: Any, headers: Optional[dict[str, str]] = None) -> requests.Response:
        return self.http.post(self.api, json=body, headers=headers if headers is not None else WIDGET_HEADERS,
                              timeout=60)

    def messages(self) -> list[dict[str, Any]]:
        response = self.get()
        assert response.status_code == 200, response.status_code
        return response.json()["messages"]

    def say(self, text: str) -> list[dict[str, Any]]:
        response = self.post({"text": text})
        assert response.status_code == 200, response.status_code
        return response.json()["replies"]

    def start(self) -> list[dict[str, Any]]:
        response = self.post({"start": True})
        assert response.status_code == 200, response.status_code
        return response.json()["replies"]

    def use_cookie(self, value: str) -> "ChatHttp":
        """Puts a cookie value in the jar, as the browser holds the real one."""
        host = self.web_url.split("//", 1)[1].split(":", 1)[0]
        self.http.cookies.clear()
        self.http.cookies.set(COOKIE_NAME, value, domain=host, path="/chat")
        return self

    @property
    def cookie(self) -> Optional[str]:
        return self.http.cookies.get(COOKIE_NAME)

    @property
    def conversation_id(self) -> str:
        """The id inside the cookie (the widget itself never sees it: the cookie is HttpOnly)."""
        assert self.cookie, "no conversation cookie yet"
        return self.cookie.split(".")[1]
