"""Reading and writing received intakes in the review service's database."""
from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.review_service.tables import received_intakes, receipts


class StoreOutcome(str, enum.Enum):
    """What storing a received intake did."""

    CREATED = "created"
    DUPLICATE = "duplicate"
    CONFLICT = "conflict"


@dataclasses.dataclass(frozen=True)
class ReceivedIntake:
    """An intake as the review service holds it."""

    reference: str
    received_at: dt.datetime
    record: dict[str, Any]


async def store_intake(
    engine: AsyncEngine,
    key: str,
    record: dict[str, Any],
    body_sha256: str,
    now: dt.datetime,
) -> tuple[StoreOutcome, dt.datetime]:
    """Stores a record once per idempotency key.

    The insert relies on the unique constraint on the key, so of any number of
    concurrent identical requests exactly one creates the row and the others see a
    duplicate. A receipt is written for every call.

    Args:
        engine: The service's engine.
        key: The ``Idempotency-Key`` (the intake reference).
        record: The validated record.
        body_sha256: Digest of the record's canonical JSON, to tell a retry of the same
            request from a different request reusing the key.
        now: Reception time.

    Returns:
        The outcome and when the key was first received.
    """
    try:
        async with engine.begin() as conn:
            await conn.execute(
                insert(received_intakes).values(
                    idempotency_key=key, body_sha256=body_sha256, record=record,
                    received_at=now,
                )
            )
            await conn.execute(
                insert(receipts).values(
                    idempotency_key=key, outcome=StoreOutcome.CREATED.value,
                    status_code=201, at=now,
                )
            )
        return StoreOutcome.CREATED, now
    except IntegrityError:
        pass
    async with engine.begin() as conn:
        row = (
            await conn.execute(
                select(received_intakes.c.body_sha256, received_intakes.c.received_at)
                .where(received_intakes.c.idempotency_key == key)
            )
        ).one()
        outcome = (
            StoreOutcome.DUPLICATE if row.body_sha256 == body_sha256 else StoreOutcome.CONFLICT
        )
        await conn.execute(
            insert(receipts).values(
                idempotency_key=key, outcome=outcome.value,
                status_code=200 if outcome is StoreOutcome.DUPLICATE else 409, at=now,
            )
        )
    return outcome, row.received_at


async def record_receipt(
    engine: AsyncEngine, key: str, outcome: str, status_code: int, now: dt.datetime
) -> None:
    """Notes a request that was answered without storing (a fault or a bad body)."""
    async with engine.begin() as conn:
        await conn.execute(
            insert(receipts).values(
                idempotency_key=key, outcome=outcome, status_code=status_code, at=now
            )
        )


async def get_intake(engine: AsyncEngine, key: str) -> ReceivedIntake | None:
    """Returns the intake received under ``key``, or None."""
    async with engine.connect() as conn:
        row = (
            await conn.execute(
                select(received_intakes).where(received_intakes.c.idempotency_key == key)
            )
        ).one_or_none()
    if row is None:
        return None
    return ReceivedIntake(reference=row.idempotency_key, received_at=row.received_at,
                          record=row.record)


async def list_intakes(
    engine: AsyncEngine, limit: int, offset: int
) -> tuple[list[dict[str, Any]], int]:
    """Returns a page of received intakes (oldest first) and the total count."""
    async with engine.connect() as conn:
        total = (
            await conn.execute(select(func.count()).select_from(received_intakes))
        ).scalar_one()
        rows = (
            await conn.execute(
                select(received_intakes.c.idempotency_key, received_intakes.c.received_at)
                .order_by(received_intakes.c.id)
                .limit(limit)
                .offset(offset)
            )
        ).all()
    items = [{"reference": row.idempotency_key, "received_at": row.received_at.isoformat()}
             for row in rows]
    return items, total


async def receipt_counts(engine: AsyncEngine) -> dict[str, dict[str, int]]:
    """Returns, per idempotency key, how many requests ended in each outcome."""
    async with engine.connect() as conn:
        rows = (
            await conn.execute(
                select(receipts.c.idempotency_key, receipts.c.outcome, func.count())
                .group_by(receipts.c.idempotency_key, receipts.c.outcome)
            )
        ).all()
    counts: dict[str, dict[str, int]] = {}
    for key, outcome, count in rows:
        counts.setdefault(key, {})[outcome] = count
    return counts
