"""The web chat's conversation cookie: an opaque random id, signed, with its issue time.

A cookie value is ``v1.<conversation id>.<issued at>.<signature>`` where the signature
is HMAC-SHA256 (key derived from ``WEB_SESSION_SECRET``) over everything before it,
base64url-encoded. A value that does not verify (tampered, forged, issued in the
future, or older than its maximum age) is treated as no cookie at all: the browser gets
a new conversation, never someone else's. Conversation ids are 128 random bits, never
derived from anything about the patient, and never appear in a URL.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from typing import Callable, Optional

VERSION = "v1"
ID_PREFIX = "web-"
#: Clock skew tolerated for an issue time slightly in the future (seconds).
CLOCK_SKEW = 60

_KEY_CONTEXT = b"second-opinion web chat conversation cookie v1"


def new_conversation_id() -> str:
    """A fresh opaque conversation id (``web-`` and 32 hex digits)."""
    return ID_PREFIX + secrets.token_hex(16)


def _is_conversation_id(value: str) -> bool:
    digits = value[len(ID_PREFIX):]
    return (
        value.startswith(ID_PREFIX)
        and len(digits) == 32
        and all(c in "0123456789abcdef" for c in digits)
    )


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


@dataclass(frozen=True)
class ChatTicket:
    """A verified cookie: whose conversation, and when the cookie was issued.

    Attributes:
        conversation_id: The conversation the browser owns.
        issued_at: Unix seconds when the cookie was signed.
    """

    conversation_id: str
    issued_at: int


class CookieSigner:
    """Signs and verifies conversation cookies.

    Args:
        secret: ``WEB_SESSION_SECRET``; a key of its own is derived from it, so the
            cookie's signatures say nothing about other uses of the secret.
        max_age: Seconds a cookie stays valid after it was issued.
        clock: Returns the current Unix time (tests may pass their own).
    """

    def __init__(self, secret: str, max_age: int, clock: Callable[[], float] = time.time) -> None:
        if not secret:
            raise ValueError("a signing secret is required")
        self._key = hmac.new(secret.encode("utf-8"), _KEY_CONTEXT, hashlib.sha256).digest()
        self.max_age = max_age
        self._clock = clock

    def _signature(self, message: str) -> str:
        return _b64(hmac.new(self._key, message.encode("ascii"), hashlib.sha256).digest())

    def sign(self, conversation_id: str) -> str:
        """The cookie value for ``conversation_id``, issued now."""
        if not _is_conversation_id(conversation_id):
            raise ValueError("not a web chat conversation id")
        message = f"{VERSION}.{conversation_id}.{int(self._clock())}"
        return f"{message}.{self._signature(message)}"

    def age(self, ticket: ChatTicket) -> float:
        """Seconds since the ticket's cookie was issued."""
        return self._clock() - ticket.issued_at

    def verify(self, value: Optional[str]) -> Optional[ChatTicket]:
        """The ticket in a cookie value, or None unless it is genuine and current."""
        if not value or len(value) > 200:
            return None
        try:
            message, signature = value.rsplit(".", 1)
            version, conversation_id, issued = message.split(".")
            message.encode("ascii")
        except (ValueError, UnicodeEncodeError):
            return None
        if not hmac.compare_digest(signature.encode("ascii", "replace"), self._signature(message).encode("ascii")):
            return None
        if version != VERSION or not _is_conversation_id(conversation_id) or not issued.isdigit():
            return None
        issued_at = int(issued)
        now = self._clock()
        if issued_at > now + CLOCK_SKEW or now - issued_at > self.max_age:
            return None
        return ChatTicket(conversation_id, issued_at)
