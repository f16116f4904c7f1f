"""The console's tables: staff accounts, sessions, login failures and the audit log.

They live in the application database next to ``bot.storage.models`` (same ``Base``)
and are created by the Alembic revision ``0003_console``. Nothing here holds patient
data: the audit log names conversations by id only.
"""
from __future__ import annotations

from sqlalchemy import Boolean, Column, ForeignKey, Index, Integer, String, false

from bot.storage.models import Base
from bot.storage.types import UTCDateTime


class ConsoleUser(Base):
    """A care navigator (or other staff member) who may sign in to the console.

    ``id`` is an opaque id; it is what records and the audit log name (e.g. an assisted
    intake's ``assisted_by``). ``password_hash`` is an argon2id hash.
    """

    __tablename__ = "console_users"

    id = Column(String(32), primary_key=True)
    username = Column(String(64), nullable=False, unique=True)
    password_hash = Column(String(255), nullable=False)
    disabled = Column(Boolean, nullable=False, default=False, server_default=false())
    created_at = Column(UTCDateTime, nullable=False)
    last_login_at = Column(UTCDateTime, nullable=True)


class ConsoleSession(Base):
    """A signed-in browser. The cookie holds the token; only its SHA-256 is stored."""

    __tablename__ = "console_sessions"

    token_hash = Column(String(64), primary_key=True)
    user_id = Column(
        String(32),
        ForeignKey("console_users.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    )
    csrf_token = Column(String(64), nullable=False)
    created_at = Column(UTCDateTime, nullable=False)
    last_seen_at = Column(UTCDateTime, nullable=False)


class ConsoleLoginFailure(Base):
    """Consecutive failed sign-ins for a username (known or not) and any lock-out."""

    __tablename__ = "console_login_failures"

    username = Column(String(64), primary_key=True)
    failures = Column(Integer, nullable=False, default=0, server_default="0")
    locked_until = Column(UTCDateTime, nullable=True)
    updated_at = Column(UTCDateTime, nullable=False)


class ConsoleAuditEntry(Base):
    """Who saw or changed which conversation, how and when (ids only, never PHI).

    ``detail`` is a field path or a status name, never a value.
    """

    __tablename__ = "console_audit_log"

    id = Column(Integer, primary_key=True, autoincrement=True)
    at = Column(UTCDateTime, nullable=False)
    user_id = Column(String(32), nullable=False)
    conversation_id = Column(String(255), nullable=True)
    action = Column(String(64), nullable=False)
    detail = Column(String(128), nullable=True)

    __table_args__ = (
        Index("ix_console_audit_log_conversation_id_at", "conversation_id", "at"),
        Index("ix_console_audit_log_user_id_at", "user_id", "at"),
    )
