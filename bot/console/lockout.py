"""Lock-out after repeated failed sign-ins.

Failures are counted per username, whether or not an account exists (so the answer
never tells an attacker which usernames are real). After ``max_failures`` consecutive
failures the username is locked for ``duration``; while locked, no password is even
checked. A successful sign-in clears the count.
"""
from __future__ import annotations

import datetime as dt
from typing import Callable, Optional

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import sessionmaker

from bot import clock
from bot.console.models import ConsoleLoginFailure
from bot.storage.engine import write_transaction


class LoginThrottle:
    """Counts failed sign-ins and locks usernames out.

    Args:
        sessions: Factory of database sessions.
        max_failures: Consecutive failures that lock a username.
        duration: How long a lock lasts.
        now: Clock returning aware UTC datetimes.
    """

    def __init__(
        self,
        sessions: "sessionmaker[AsyncSession]",
        *,
        max_failures: int = 5,
        duration: dt.timedelta = dt.timedelta(minutes=15),
        now: Callable[[], dt.datetime] = clock.now,
    ) -> None:
        if max_failures < 1:
            raise ValueError("max_failures must be >= 1")
        self._sessions = sessions
        self.max_failures = max_failures
        self.duration = duration
        self._now = now

    async def locked_until(self, username: str) -> Optional[dt.datetime]:
        """When the lock on ``username`` ends, or None if it is not locked now."""
        async with self._sessions() as session:
            row = await session.get(ConsoleLoginFailure, username)
        if row is None or row.locked_until is None or row.locked_until <= self._now():
            return None
        return row.locked_until

    async def record_failure(self, username: str) -> Optional[dt.datetime]:
        """Counts one failed sign-in.

        Returns:
            When the lock ends if this failure locked the username, else None.
        """
        for attempt in range(2):
            try:
                return await self._record_failure_once(username)
            except IntegrityError:
                if attempt:
                    raise
        raise AssertionError("unreachable")

    async def _record_failure_once(self, username: str) -> Optional[dt.datetime]:
        now = self._now()
        async with write_transaction(self._sessions) as session:
            row = (
                await session.execute(
                    select(ConsoleLoginFailure)
                    .where(ConsoleLoginFailure.username == username)
                    .with_for_update()
                )
            ).scalar_one_or_none()
            if row is None:
                row = ConsoleLoginFailure(username=username, failures=0, updated_at=now)
                session.add(row)
            if row.locked_until is not None and row.locked_until <= now:
                row.locked_until = None  # an expired lock starts a fresh count
                row.failures = 0
            row.failures = (row.failures or 0) + 1
            row.updated_at = now
            if row.failures >= self.max_failures:
                row.failures = 0
                row.locked_until = now + self.duration
                return row.locked_until
            return None

    async def reset(self, username: str) -> None:
        """Clears the failure count and any lock (after a success, or by an admin)."""
        async with write_transaction(self._sessions) as session:
            await session.execute(
                delete(ConsoleLoginFailure).where(ConsoleLoginFailure.username == username)
            )
