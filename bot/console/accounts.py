"""Console accounts: creating staff users and checking their sign-ins.

Usernames are case-insensitive (stored lower-case). Password checks run in a worker
thread (argon2 is deliberately slow) and are throttled by :class:`LoginThrottle`.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import re
import secrets
from dataclasses import dataclass
from typing import Callable, Optional

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import sessionmaker

from bot import clock
from bot.console import passwords
from bot.console.lockout import LoginThrottle
from bot.console.models import ConsoleUser
from bot.storage.engine import write_transaction

_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{1,63}$")

OK = "ok"
INVALID = "invalid"
LOCKED = "locked"


class UserExists(ValueError):
    """An account with that username already exists."""


class UnknownUser(LookupError):
    """No account has that username."""


@dataclass(frozen=True)
class User:
    """A signed-in (or about to sign in) staff member.

    Attributes:
        id: Opaque id, used in records (``assisted_by``) and the audit log.
        username: The sign-in name.
    """

    id: str
    username: str


@dataclass(frozen=True)
class SignIn:
    """The outcome of a sign-in attempt.

    Attributes:
        outcome: ``ok``, ``invalid`` (wrong username or password) or ``locked``.
        user: The user when ``ok``.
        locked_until: When the lock ends when ``locked``.
    """

    outcome: str
    user: Optional[User] = None
    locked_until: Optional[dt.datetime] = None


def normalise_username(username: str) -> Optional[str]:
    """The canonical (lower-case) username, or None if it cannot be one."""
    candidate = (username or "").strip().lower()
    return candidate if _USERNAME.match(candidate) else None


def new_user_id() -> str:
    """A new opaque user id such as ``nav_3f9c2a71d04b``."""
    return f"nav_{secrets.token_hex(6)}"


class Accounts:
    """Reads and writes console accounts.

    Args:
        sessions: Factory of database sessions.
        throttle: Lock-out policy for failed sign-ins.
        now: Clock returning aware UTC datetimes.
    """

    def __init__(
        self,
        sessions: "sessionmaker[AsyncSession]",
        throttle: LoginThrottle,
        *,
        now: Callable[[], dt.datetime] = clock.now,
    ) -> None:
        self._sessions = sessions
        self.throttle = throttle
        self._now = now

    async def create(self, username: str, password: str) -> User:
        """Creates an account.

        Raises:
            ValueError: The username is not acceptable.
            passwords.WeakPassword: The password does not meet the policy.
            UserExists: The username is taken.
        """
        name = normalise_username(username)
        if name is None:
            raise ValueError("usernames are 2-64 letters, digits, '.', '_', '@' or '-'")
        passwords.check_policy(password)
        password_hash = await _in_thread(passwords.hash_password, password)
        user = ConsoleUser(
            id=new_user_id(),
            username=name,
            password_hash=password_hash,
            disabled=False,
            created_at=self._now(),
        )
        try:
            async with write_transaction(self._sessions) as session:
                session.add(user)
        except IntegrityError:
            raise UserExists("that username is taken") from None
        return User(id=user.id, username=name)

    async def set_password(self, username: str, password: str) -> User:
        """Replaces an account's password and clears any lock-out.

        Returns:
            The account.

        Raises:
            passwords.WeakPassword: The password does not meet the policy.
            UnknownUser: No such account.
        """
        passwords.check_policy(password)
        name = normalise_username(username) or ""
        password_hash = await _in_thread(passwords.hash_password, password)
        async with write_transaction(self._sessions) as session:
            user = await _by_username(session, name)
            if user is None:
                raise UnknownUser("no such user")
            user.password_hash = password_hash
            found = User(id=user.id, username=user.username)
        await self.throttle.reset(name)
        return found

    async def get(self, user_id: str) -> Optional[User]:
        """The enabled account with this id, or None."""
        async with self._sessions() as session:
            user = await session.get(ConsoleUser, user_id)
        if user is None or user.disabled:
            return None
        return User(id=user.id, username=user.username)

    async def authenticate(self, username: str, password: str) -> SignIn:
        """Checks a sign-in, honouring and updating the lock-out.

        Unknown usernames cost as much time as known ones and count failures the same
        way, so neither the answer nor its timing reveals whether an account exists.
        """
        name = normalise_username(username)
        if name is None:
            await _in_thread(passwords.verify_nothing, password)
            return SignIn(INVALID)
        locked_until = await self.throttle.locked_until(name)
        if locked_until is not None:
            return SignIn(LOCKED, locked_until=locked_until)

        async with self._sessions() as session:
            row = await _by_username(session, name)
        if row is None or row.disabled:
            await _in_thread(passwords.verify_nothing, password)
            ok = False
        else:
            ok = await _in_thread(passwords.verify_password, row.password_hash, password)
        if not ok:
            locked_until = await self.throttle.record_failure(name)
            if locked_until is not None:
                return SignIn(LOCKED, locked_until=locked_until)
            return SignIn(INVALID)

        await self.throttle.reset(name)
        rehash = passwords.needs_rehash(row.password_hash)
        new_hash = await _in_thread(passwords.hash_password, password) if rehash else None
        async with write_transaction(self._sessions) as session:
            user = await session.get(ConsoleUser, row.id)
            if user is not None:
                user.last_login_at = self._now()
                if new_hash is not None:
                    user.password_hash = new_hash
        return SignIn(OK, user=User(id=row.id, username=row.username))


async def _by_username(session: AsyncSession, username: str) -> Optional[ConsoleUser]:
    return (
        await session.execute(select(ConsoleUser).where(ConsoleUser.username == username))
    ).scalar_one_or_none()


async def _in_thread(function: Callable, *args: object):  # type: ignore[no-untyped-def]
    return await asyncio.get_running_loop().run_in_executor(None, function, *args)
