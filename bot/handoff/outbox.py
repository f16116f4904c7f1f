"""The delivery outbox: claiming due deliveries, recording outcomes, re-queuing.

Rows of ``outbox_deliveries`` are written by ``IntakeStore.submit`` in the same
transaction as the submitted record. A worker *claims* due rows in a short transaction
(``status`` -> ``in_flight``, a lease in ``locked_until``, a claim token in
``locked_by``), sends them without holding any database lock, then records the outcome
in a second short transaction that only applies if the claim is still its own.

On PostgreSQL several workers can run at once: the claim uses ``SELECT ... FOR UPDATE
SKIP LOCKED``, so each due row goes to exactly one of them. On SQLite the claim takes the
database write lock (``BEGIN IMMEDIATE``), which serialises claims just as well; one
worker is the supported setup there. Either way a worker that dies mid-delivery leaves
its rows ``in_flight`` until the lease runs out, after which any worker claims them again.
The lease must be longer than a delivery attempt can take (the client's total timeout),
so a live worker's request always ends before anyone else may re-send it.

Conversation status follows the outbox (``delivered`` / ``delivery_failed`` /
``submitted`` after a re-queue) in the same transaction; see
:func:`apply_conversation_handoff_status`.
"""
from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import enum
from typing import Any, Callable

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import sessionmaker

from bot import clock
from bot.handoff.backoff import BackoffPolicy
from bot.handoff.review_client import DeliveryResult, Outcome
from bot.storage.engine import write_transaction
from bot.storage.models import (
    DELIVERED,
    DELIVERY_FAILED,
    HANDED_OFF_STATUSES,
    OUTBOX_DELIVERED,
    OUTBOX_FAILED,
    OUTBOX_IN_FLIGHT,
    OUTBOX_PENDING,
    SUBMITTED,
    Conversation,
    IntakeRecord,
    OutboxDelivery,
)


@dataclasses.dataclass(frozen=True)
class ClaimedDelivery:
    """A delivery this worker has claimed and must now send.

    Attributes:
        id: Outbox row id.
        reference: Intake reference (the Idempotency-Key).
        conversation_id: The conversation the record belongs to.
        payload: The record to send.
        attempts: Tries made so far, including this one.
        created_at: When the delivery was queued.
        claim_token: The ``locked_by`` value that proves the claim is still ours.
    """

    id: int
    reference: str
    conversation_id: str
    payload: dict[str, Any]
    attempts: int
    created_at: dt.datetime
    claim_token: str


class Recorded(str, enum.Enum):
    """What recording a delivery outcome did to the outbox row."""

    DELIVERED = "delivered"
    RETRY_SCHEDULED = "retry_scheduled"
    FAILED = "failed"
    LEASE_LOST = "lease_lost"


class RequeueOutcome(str, enum.Enum):
    """What :func:`requeue` did."""

    REQUEUED = "requeued"
    NOT_FOUND = "not_found"
    ALREADY_DELIVERED = "already_delivered"
    IN_FLIGHT = "in_flight"


def _due(now: dt.datetime):
    return or_(
        and_(OutboxDelivery.status == OUTBOX_PENDING, OutboxDelivery.next_attempt_at <= now),
        and_(OutboxDelivery.status == OUTBOX_IN_FLIGHT, OutboxDelivery.locked_until <= now),
    )


async def claim_due(
    sessions: sessionmaker[AsyncSession],
    claim_token: str,
    *,
    limit: int,
    lease: dt.timedelta,
    prepare_payload: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
    now: Callable[[], dt.datetime] = clock.now,
) -> list[ClaimedDelivery]:
    """Claims up to ``limit`` due deliveries for this worker.

    Due means pending with ``next_attempt_at`` reached, or in flight with an expired
    lease (its worker died). Each claimed row becomes ``in_flight`` with
    ``locked_until = now + lease``, ``locked_by = claim_token`` and one more attempt.

    Args:
        sessions: Session factory of the application database.
        claim_token: Identifies this worker process (``locked_by``).
        limit: Largest number of rows to claim.
        lease: How long the claim protects the rows.
        prepare_payload: Completes a payload before its first send (adds the FHIR
            Bundle); the result is stored in the row, so every later retry - even by a
            newer version of the code - sends the same record. If it raises, the payload
            is left as it is and the sender deals with it.
        now: Clock returning aware UTC datetimes.

    Returns:
        The claimed deliveries, oldest due first.
    """
    async with write_transaction(sessions) as session:
        current = now()
        rows = (
            await session.execute(
                select(OutboxDelivery)
                .where(_due(current))
                .order_by(OutboxDelivery.next_attempt_at, OutboxDelivery.id)
                .limit(limit)
                .with_for_update(skip_locked=True)
            )
        ).scalars().all()
        claimed = []
        for row in rows:
            row.status = OUTBOX_IN_FLIGHT
            row.locked_until = current + lease
            row.locked_by = claim_token
            row.attempts = (row.attempts or 0) + 1
            if prepare_payload is not None:
                try:
                    prepared = prepare_payload(copy.deepcopy(row.payload))
                except Exception:  # noqa: BLE001 - reported by the sender, PHI-free
                    prepared = None
                if prepared is not None and prepared != row.payload:
                    row.payload = prepared
            claimed.append(
                ClaimedDelivery(
                    id=row.id, reference=row.reference, conversation_id=row.conversation_id,
                    payload=copy.deepcopy(row.payload), attempts=row.attempts,
                    created_at=row.created_at, claim_token=claim_token,
                )
            )
    return claimed


async def _lock_conversation(session: AsyncSession, conversation_id: str) -> Conversation | None:
    return (
        await session.execute(
            select(Conversation)
            .where(Conversation.conversation_id == conversation_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    ).scalar_one_or_none()


async def apply_conversation_handoff_status(
    session: AsyncSession, conversation: Conversation | None, status: str, now: dt.datetime
) -> None:
    """Moves a handed-off conversation and its record to ``status``, in the caller's
    transaction.

    Same rules as ``IntakeStore.set_status`` for hand-off statuses (a conversation
    that was never handed off is left alone; the stored record's ``status`` follows;
    ``delivered`` sets ``delivered_at`` once), but inside the transaction that updates
    the outbox row, so the two can never disagree. The caller must already hold the
    conversation's row lock.

    Args:
        session: Session with a write transaction in progress.
        conversation: The locked conversation row, or None if it has gone.
        status: ``submitted``, ``delivered`` or ``delivery_failed``.
        now: The time of the change.
    """
    if status not in HANDED_OFF_STATUSES:
        raise ValueError("not a hand-off status")
    if conversation is None or conversation.status not in HANDED_OFF_STATUSES:
        return
    if conversation.status != status:
        conversation.status = status
        conversation.updated_at = now
    intake = await session.get(IntakeRecord, conversation.conversation_id)
    if intake is None:
        return
    if intake.record.get("status") != status:
        updated = copy.deepcopy(intake.record)
        updated["status"] = status
        intake.record = updated
        intake.updated_at = now
    if status == DELIVERED and intake.delivered_at is None:
        intake.delivered_at = now


async def record_outcome(
    sessions: sessionmaker[AsyncSession],
    claimed: ClaimedDelivery,
    result: DeliveryResult,
    policy: BackoffPolicy,
    *,
    now: Callable[[], dt.datetime] = clock.now,
) -> Recorded:
    """Records how a claimed delivery went.

    Delivered: the row becomes ``delivered`` and the conversation ``delivered``.
    Permanent failure, or a retryable one past the give-up window: the row becomes
    ``failed`` and the conversation ``delivery_failed`` (nothing is deleted).
    Otherwise the row goes back to ``pending`` with the next try scheduled by
    ``policy``. Nothing changes if the claim is no longer ours (the lease ran out and
    another worker took the row); that worker will finish the job.

    Args:
        sessions: Session factory of the application database.
        claimed: The claim being completed.
        result: The delivery attempt's result.
        policy: Retry schedule.
        now: Clock returning aware UTC datetimes.

    Returns:
        What was recorded.
    """
    async with write_transaction(sessions) as session:
        current = now()
        conversation = await _lock_conversation(session, claimed.conversation_id)
        row = (
            await session.execute(
                select(OutboxDelivery)
                .where(
                    OutboxDelivery.id == claimed.id,
                    OutboxDelivery.status == OUTBOX_IN_FLIGHT,
                    OutboxDelivery.locked_by == claimed.claim_token,
                )
                .with_for_update()
                .execution_options(populate_existing=True)
            )
        ).scalar_one_or_none()
        if row is None:
            return Recorded.LEASE_LOST
        row.locked_until = None
        row.locked_by = None
        row.last_status_code = result.status_code
        if result.outcome is Outcome.DELIVERED:
            row.status = OUTBOX_DELIVERED
            row.delivered_at = current
            row.last_error = None
            await apply_conversation_handoff_status(session, conversation, DELIVERED, current)
            return Recorded.DELIVERED
        row.last_error = (result.error or "unknown error")[:255]
        next_at = None
        if result.outcome is Outcome.RETRYABLE:
            window_start = getattr(row, "requeued_at", None) or row.created_at
            next_at = policy.next_attempt_at(row.attempts, window_start, current)
        if next_at is None:
            row.status = OUTBOX_FAILED
            await apply_conversation_handoff_status(
                session, conversation, DELIVERY_FAILED, current
            )
            return Recorded.FAILED
        row.status = OUTBOX_PENDING
        row.next_attempt_at = next_at
        return Recorded.RETRY_SCHEDULED


async def requeue(
    sessions: sessionmaker[AsyncSession],
    reference: str,
    *,
    now: Callable[[], dt.datetime] = clock.now,
) -> RequeueOutcome:
    """Queues a failed (or waiting) delivery to be tried again right away.

    For a care navigator after the cause of a failure has been fixed. The row goes
    back to ``pending`` with ``next_attempt_at = now`` and its attempt count reset, so
    the backoff starts over; the conversation returns from ``delivery_failed`` to
    ``submitted``. Delivered and in-flight deliveries are left alone.

    Args:
        sessions: Session factory of the application database.
        reference: The intake reference, e.g. ``SO-7K4Q2M``.
        now: Clock returning aware UTC datetimes.

    Returns:
        What happened.
    """
    async with write_transaction(sessions) as session:
        current = now()
        conversation_id = (
            await session.execute(
                select(OutboxDelivery.conversation_id).where(OutboxDelivery.reference == reference)
            )
        ).scalar_one_or_none()
        if conversation_id is None:
            return RequeueOutcome.NOT_FOUND
        conversation = await _lock_conversation(session, conversation_id)
        row = (
            await session.execute(
                select(OutboxDelivery)
                .where(OutboxDelivery.reference == reference)
                .with_for_update()
                .execution_options(populate_existing=True)
            )
        ).scalar_one()
        if row.status == OUTBOX_DELIVERED:
            return RequeueOutcome.ALREADY_DELIVERED
        if row.status == OUTBOX_IN_FLIGHT and row.locked_until and row.locked_until > current:
            return RequeueOutcome.IN_FLIGHT
        row.status = OUTBOX_PENDING
        row.next_attempt_at = current
        row.attempts = 0
        row.locked_until = None
        row.locked_by = None
        if hasattr(OutboxDelivery, "requeued_at"):
            row.requeued_at = current
        await apply_conversation_handoff_status(session, conversation, SUBMITTED, current)
        return RequeueOutcome.REQUEUED
