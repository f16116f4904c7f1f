"""The console's audit log: every view of a patient's data and every change, by whom.

Entries hold a user id, a conversation id, an action name and at most a field path or
status name as detail, never a value the patient gave.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable, Iterable, List, Optional

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import sessionmaker

from bot import clock
from bot.console.models import ConsoleAuditEntry
from bot.storage.engine import write_transaction

# Views of patient data.
LIST = "list"                  # a conversation appeared in the intake list
VIEW = "view"                  # the intake page was opened
LIVE = "live"                  # the intake page refreshed itself
# Changes.
ASSIST_START = "assist_start"
ASSIST_MESSAGE = "assist_message"
EDIT_FIELD = "edit_field"      # detail: the field path
SUBMIT = "submit"
TAKEOVER = "takeover"
REPLY = "reply"
HANDBACK = "handback"
# Sessions.
LOGIN = "login"
LOGOUT = "logout"

ACTIONS = frozenset(
    {LIST, VIEW, LIVE, ASSIST_START, ASSIST_MESSAGE, EDIT_FIELD, SUBMIT, TAKEOVER,
     REPLY, HANDBACK, LOGIN, LOGOUT}
)


@dataclass(frozen=True)
class AuditEntry:
    """One audit log line."""

    at: dt.datetime
    user_id: str
    conversation_id: Optional[str]
    action: str
    detail: Optional[str]


class AuditLog:
    """Writes and reads the audit log.

    Args:
        sessions: Factory of database sessions.
        now: Clock returning aware UTC datetimes.
    """

    def __init__(
        self,
        sessions: "sessionmaker[AsyncSession]",
        *,
        now: Callable[[], dt.datetime] = clock.now,
    ) -> None:
        self._sessions = sessions
        self._now = now

    async def record(
        self,
        user_id: str,
        action: str,
        conversation_id: Optional[str] = None,
        detail: Optional[str] = None,
    ) -> None:
        """Writes one entry.

        Raises:
            ValueError: Unknown action.
        """
        await self.record_many(user_id, action, [conversation_id], detail)

    async def record_many(
        self,
        user_id: str,
        action: str,
        conversation_ids: Iterable[Optional[str]],
        detail: Optional[str] = None,
    ) -> None:
        """Writes one entry per conversation (e.g. every row of a list page)."""
        if action not in ACTIONS:
            raise ValueError("unknown audit action")
        now = self._now()
        rows = [
            dict(at=now, user_id=user_id, conversation_id=cid, action=action, detail=detail)
            for cid in conversation_ids
        ]
        if not rows:
            return
        async with write_transaction(self._sessions) as session:
            await session.execute(insert(ConsoleAuditEntry), rows)

    async def entries(
        self,
        *,
        conversation_id: Optional[str] = None,
        user_id: Optional[str] = None,
        limit: int = 200,
    ) -> List[AuditEntry]:
        """The latest entries, newest first, optionally for one conversation or user."""
        stmt = select(ConsoleAuditEntry).order_by(
            ConsoleAuditEntry.at.desc(), ConsoleAuditEntry.id.desc()
        )
        if conversation_id is not None:
            stmt = stmt.where(ConsoleAuditEntry.conversation_id == conversation_id)
        if user_id is not None:
            stmt = stmt.where(ConsoleAuditEntry.user_id == user_id)
        async with self._sessions() as session:
            rows = (await session.execute(stmt.limit(limit))).scalars().all()
        return [
            AuditEntry(r.at, r.user_id, r.conversation_id, r.action, r.detail) for r in rows
        ]
