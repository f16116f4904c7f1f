"""Settings of the web chat, from the environment.

=====================  ==========================================================
``WEB_SESSION_SECRET`` Signs the conversation cookie (required; without it the chat
                       API answers 503).
``CHAT_COOKIE_DAYS``   How long a browser keeps its conversation (default 30 days,
                       renewed on each visit).
``PUBLIC_BASE_URL``    The address patients use (e.g. ``https://intake.example.org``);
                       an ``https`` address makes the cookie ``Secure`` even behind a
                       TLS-terminating proxy, and its origin is accepted for POSTs.
``CHAT_ALLOWED_ORIGINS`` Comma-separated origins of hospital pages that embed the
                       widget from another origin of the same site (e.g.
                       ``https://www.hospital.example``). They get CORS with
                       credentials; the cookie is ``SameSite=Lax``, so the embedding
                       page must be on the same site (registrable domain) as the web
                       app for the browser to send it.
``RASA_URL``/``CHANNEL_TOKEN`` Rasa's trusted channel and API.
=====================  ==========================================================
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Mapping, Optional

DEFAULT_COOKIE_DAYS = 30


def _origin(url: str) -> Optional[str]:
    from yarl import URL

    try:
        parsed = URL(url.strip())
    except ValueError:
        return None
    if parsed.scheme not in ("http", "https") or not parsed.host:
        return None
    return str(parsed.origin())


@dataclass(frozen=True)
class ChatConfig:
    """The web chat's settings.

    Attributes:
        session_secret: Key material for the cookie signature (None: not configured).
        cookie_max_age: Seconds a conversation cookie stays valid.
        public_origin: Origin of ``PUBLIC_BASE_URL``, if set.
        allowed_origins: Other origins allowed to embed the widget.
        rasa_url: Rasa's base URL.
        channel_token: The trusted channel's (and Rasa API's) token.
    """

    session_secret: Optional[str] = field(default=None, repr=False)
    cookie_max_age: int = DEFAULT_COOKIE_DAYS * 86400
    public_origin: Optional[str] = None
    allowed_origins: frozenset[str] = frozenset()
    rasa_url: str = "http://127.0.0.1:5005"
    channel_token: str = field(default="", repr=False)

    @property
    def public_is_https(self) -> bool:
        """Whether patients reach the app over https (so the cookie must be Secure)."""
        return bool(self.public_origin and self.public_origin.startswith("https://"))

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> "ChatConfig":
        """Reads the settings described in the module docstring."""
        days = (environ.get("CHAT_COOKIE_DAYS") or "").strip()
        origins = {_origin(item) for item in (environ.get("CHAT_ALLOWED_ORIGINS") or "").split(",") if item.strip()}
        return cls(
            session_secret=environ.get("WEB_SESSION_SECRET") or None,
            cookie_max_age=int(float(days) * 86400) if days else DEFAULT_COOKIE_DAYS * 86400,
            public_origin=_origin(environ.get("PUBLIC_BASE_URL") or ""),
            allowed_origins=frozenset(origin for origin in origins if origin),
            rasa_url=environ.get("RASA_URL") or "http://127.0.0.1:5005",
            channel_token=environ.get("CHANNEL_TOKEN") or "",
        )
