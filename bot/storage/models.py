"""Tables of the application database (SQLite and PostgreSQL alike).

Rasa's SQL tracker store keeps its own ``events`` table in the same database; nothing
here may be called ``events``. Schema changes go through Alembic revisions in
``bot/storage/migrations``; never ``create_all`` outside tests.
"""
from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
)
from sqlalchemy.orm import declarative_base

from bot.storage.types import UTCDateTime

CHANNELS = ("web", "sms", "navigator")

IN_PROGRESS = "in_progress"
AWAITING_CONFIRMATION = "awaiting_confirmation"
SUBMITTED = "submitted"
DELIVERED = "delivered"
DELIVERY_FAILED = "delivery_failed"
NEEDS_HUMAN = "needs_human"
EMERGENCY = "emergency"
ABANDONED = "abandoned"
OPTED_OUT = "opted_out"

CONVERSATION_STATUSES = (
    IN_PROGRESS,
    AWAITING_CONFIRMATION,
    SUBMITTED,
    DELIVERED,
    DELIVERY_FAILED,
    NEEDS_HUMAN,
    EMERGENCY,
    ABANDONED,
    OPTED_OUT,
)
# Once handed off, a conversation's status only moves between these.
HANDED_OFF_STATUSES = (SUBMITTED, DELIVERED, DELIVERY_FAILED)

OUTBOX_PENDING = "pending"
OUTBOX_IN_FLIGHT = "in_flight"
OUTBOX_DELIVERED = "delivered"
OUTBOX_FAILED = "failed"
OUTBOX_STATUSES = (OUTBOX_PENDING, OUTBOX_IN_FLIGHT, OUTBOX_DELIVERED, OUTBOX_FAILED)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

Base = declarative_base(metadata=MetaData(naming_convention=NAMING_CONVENTION))


class Conversation(Base):
    """One patient conversation and where the intake stands."""

    __tablename__ = "conversations"

    conversation_id = Column(String(255), primary_key=True)
    channel = Column(String(16), nullable=False)
    status = Column(String(32), nullable=False, default=IN_PROGRESS)
    asking = Column(String(128), nullable=True)
    answered = Column(Integer, nullable=False, default=0, server_default="0")
    total = Column(Integer, nullable=False, default=0, server_default="0")
    flags = Column(JSON, nullable=False, default=list)
    created_at = Column(UTCDateTime, nullable=False)
    updated_at = Column(UTCDateTime, nullable=False)
    last_activity_at = Column(UTCDateTime, nullable=False)
    assisted_by = Column(String(128), nullable=True)

    __table_args__ = (
        Index("ix_conversations_updated_at", "updated_at"),
        Index("ix_conversations_status_updated_at", "status", "updated_at"),
    )


class IntakeRecord(Base):
    """The intake record of a conversation, as it stands (schema shape)."""

    __tablename__ = "intake_records"

    conversation_id = Column(
        String(255),
        ForeignKey("conversations.conversation_id", ondelete="CASCADE"),
        primary_key=True,
    )
    reference = Column(String(16), nullable=True, unique=True)
    record = Column(JSON, nullable=False)
    submitted_at = Column(UTCDateTime, nullable=True)
    delivered_at = Column(UTCDateTime, nullable=True)
    updated_at = Column(UTCDateTime, nullable=False)


class OutboxDelivery(Base):
    """A queued handoff of a submitted record to the review service.

    Written in the same transaction as the submission; a delivery worker claims rows
    (``locked_until``/``locked_by``), posts ``payload`` and records the outcome.
    ``last_error`` holds only an HTTP status or an exception class name, never PHI.
    """

    __tablename__ = "outbox_deliveries"

    id = Column(Integer, primary_key=True, autoincrement=True)
    reference = Column(String(16), nullable=False, unique=True)
    conversation_id = Column(
        String(255),
        ForeignKey("conversations.conversation_id"),
        nullable=False,
        index=True,
    )
    payload = Column(JSON, nullable=False)
    status = Column(String(16), nullable=False, default=OUTBOX_PENDING)
    attempts = Column(Integer, nullable=False, default=0, server_default="0")
    next_attempt_at = Column(UTCDateTime, nullable=False)
    locked_until = Column(UTCDateTime, nullable=True)
    locked_by = Column(String(128), nullable=True)
    last_error = Column(String(255), nullable=True)
    last_status_code = Column(Integer, nullable=True)
    created_at = Column(UTCDateTime, nullable=False)
    delivered_at = Column(UTCDateTime, nullable=True)

    __table_args__ = (
        Index("ix_outbox_deliveries_status_next_attempt_at", "status", "next_attempt_at"),
    )
