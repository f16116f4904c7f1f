"""The review service's own tables (created on start; this is a separate system)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    TypeDecorator,
)

metadata = MetaData()


class UTCTimestamp(TypeDecorator):
    """A timezone-aware UTC timestamp on both SQLite and PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("timestamps must be timezone-aware")
        return value.astimezone(dt.timezone.utc)

    def process_result_value(self, value: dt.datetime | None, dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.timezone.utc)
        return value.astimezone(dt.timezone.utc)


received_intakes = Table(
    "received_intakes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    # The unique constraint is what makes de-duplication atomic under concurrency.
    Column("idempotency_key", String(64), nullable=False, unique=True),
    Column("body_sha256", String(64), nullable=False),
    Column("record", JSON, nullable=False),
    Column("received_at", UTCTimestamp, nullable=False),
)

receipts = Table(
    "intake_receipts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("idempotency_key", String(64), nullable=False),
    Column("outcome", String(32), nullable=False),
    Column("status_code", Integer, nullable=False),
    Column("at", UTCTimestamp, nullable=False),
    Index("ix_intake_receipts_key", "idempotency_key"),
)
"""One row per authenticated POST /intakes (and per injected fault): an audit trail
that lets tests count how often each key arrived."""
