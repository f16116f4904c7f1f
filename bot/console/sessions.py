"""Server-side console sessions behind a signed cookie.

The cookie carries a random token and its HMAC (keyed with ``WEB_SESSION_SECRET``);
the database stores only the token's SHA-256, the user, the session's CSRF token and
when it was created and last used. A session ends after ``idle_timeout`` without a
request, ``lifetime`` after sign-in, or at sign-out.
"""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Callable, Optional

from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import sessionmaker

from bot import clock
from bot.console.models import ConsoleSession
from bot.storage.engine import write_transaction

COOKIE_NAME = "console_session"

#: A session's last use is written at most this often (polling pages don't count).
_TOUCH_EVERY = dt.timedelta(seconds=15)


@dataclass(frozen=True)
class Session:
    """A live session.

    Attributes:
        user_id: Who is signed in.
        csrf_token: The token every POST of this session must carry.
        token_hash: The stored key of the session.
    """

    user_id: str
    csrf_token: str
    token_hash: str


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


class CookieSigner:
    """Signs and checks cookie values with HMAC-SHA256.

    Args:
        secret: The signing key (``WEB_SESSION_SECRET``).
    """

    def __init__(self, secret: str) -> None:
        if not secret:
            raise ValueError("a signing secret is required")
        self._key = hashlib.sha256(b"console-session:" + secret.encode("utf-8")).digest()

    def sign(self, token: str) -> str:
        """``token.signature``."""
        return f"{token}.{self._signature(token)}"

    def unsign(self, value: Optional[str]) -> Optional[str]:
        """The token of a correctly signed value, else None."""
        if not value or value.count(".") != 1:
            return None
        token, signature = value.split(".")
        if not token or not hmac.compare_digest(signature, self._signature(token)):
            return None
        return token

    def _signature(self, token: str) -> str:
        return _b64(hmac.new(self._key, token.encode("utf-8"), hashlib.sha256).digest())


class SessionStore:
    """Creates, finds and ends console sessions.

    Args:
        sessions: Factory of database sessions.
        signer: Cookie signer.
        idle_timeout: How long a session lasts without requests.
        lifetime: How long a session lasts at most.
        now: Clock returning aware UTC datetimes.
    """

    def __init__(
        self,
        sessions: "sessionmaker[AsyncSession]",
        signer: CookieSigner,
        *,
        idle_timeout: dt.timedelta = dt.timedelta(minutes=30),
        lifetime: dt.timedelta = dt.timedelta(hours=12),
        now: Callable[[], dt.datetime] = clock.now,
    ) -> None:
        self._sessions = sessions
        self._signer = signer
        self.idle_timeout = idle_timeout
        self.lifetime = lifetime
        self._now = now

    async def create(self, user_id: str) -> tuple[str, Session]:
        """Starts a session for a user who just signed in.

        Returns:
            The cookie value and the session.
        """
        token = secrets.token_urlsafe(32)
        now = self._now()
        row = ConsoleSession(
            token_hash=_hash(token),
            user_id=user_id,
            csrf_token=secrets.token_urlsafe(32),
            created_at=now,
            last_seen_at=now,
        )
        async with write_transaction(self._sessions) as session:
            session.add(row)
        return self._signer.sign(token), Session(user_id, row.csrf_token, row.token_hash)

    async def load(self, cookie: Optional[str], *, touch: bool = True) -> Optional[Session]:
        """The live session a cookie names, or None (expired sessions are deleted).

        Args:
            cookie: The cookie value as the browser sent it.
            touch: Whether this request counts as activity (automatic refreshes
                of an open page do not, so an idle navigator is still signed out).
        """
        token = self._signer.unsign(cookie)
        if token is None:
            return None
        key = _hash(token)
        now = self._now()
        async with self._sessions() as session:
            row = await session.get(ConsoleSession, key)
        if row is None:
            return None
        if now - row.last_seen_at >= self.idle_timeout or now - row.created_at >= self.lifetime:
            await self.end(key)
            return None
        if touch and now - row.last_seen_at >= _TOUCH_EVERY:
            async with write_transaction(self._sessions) as session:
                touched = await session.execute(
                    update(ConsoleSession).where(ConsoleSession.token_hash == key).values(last_seen_at=now)
                )
            if touched.rowcount == 0:  # signed out meanwhile
                return None
        return Session(row.user_id, row.csrf_token, row.token_hash)

    async def end(self, session_key: str) -> None:
        """Ends a session (sign-out)."""
        async with write_transaction(self._sessions) as session:
            await session.execute(
                delete(ConsoleSession).where(ConsoleSession.token_hash == session_key)
            )

    async def end_all(self, user_id: str) -> None:
        """Ends every session of a user (e.g. after a password change)."""
        async with write_transaction(self._sessions) as session:
            await session.execute(
                delete(ConsoleSession).where(ConsoleSession.user_id == user_id)
            )
