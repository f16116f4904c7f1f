"""Conversations and their intake records: snapshots, submission, status.

:class:`IntakeStore` is the only writer of the ``conversations`` and
``intake_records`` tables and the only producer of ``outbox_deliveries`` rows.
Every write locks the conversation row first (``SELECT … FOR UPDATE`` on PostgreSQL,
``BEGIN IMMEDIATE`` on SQLite), so concurrent turns of one conversation serialise.

Invariant: a conversation is in a handed-off status (submitted, delivered,
delivery_failed) if and only if its record has a reference and an outbox row exists
for that reference; :meth:`IntakeStore.submit` is the only way in.
"""
from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Optional, Sequence

from sqlalchemy import exists, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import sessionmaker
from sqlalchemy.sql import Select

from bot import clock
from bot.storage.engine import write_transaction
from bot.storage.models import (
    CHANNELS,
    CONVERSATION_STATUSES,
    DELIVERED,
    HANDED_OFF_STATUSES,
    IN_PROGRESS,
    OUTBOX_PENDING,
    SUBMITTED,
    Conversation,
    IntakeRecord,
    OutboxDelivery,
)
from bot.storage.references import new_reference

_REFERENCE_ATTEMPTS = 20
_SUBMIT_ATTEMPTS = 3

Record = Dict[str, Any]


class UnknownConversation(LookupError):
    """No conversation is stored under the given id."""


@dataclass(frozen=True)
class IntakeView:
    """A conversation and its record as the intake API presents them.

    Attributes:
        conversation_id: The Rasa sender id.
        channel: web, sms or navigator.
        status: One of ``models.CONVERSATION_STATUSES``.
        asking: What the bot's last message asked for, or None.
        answered: Number of intake questions answered so far.
        total: Number of intake questions in this intake.
        reference: Case reference once submitted, else None.
        record: The record as it stands (intake-record schema shape).
        flags: Sticky conversation flags (e.g. ``red_flag_reported``).
        assisted_by: Care navigator user id, if one took part.
        created_at: When the conversation was first stored (UTC).
        updated_at: When anything about it last changed (UTC).
        last_activity_at: When the last snapshot was saved (UTC).
        submitted_at: When it was submitted (UTC), or None.
        delivered_at: When the review service acknowledged it (UTC), or None.
    """

    conversation_id: str
    channel: str
    status: str
    asking: Optional[str]
    answered: int
    total: int
    reference: Optional[str]
    record: Record
    flags: List[str]
    assisted_by: Optional[str]
    created_at: dt.datetime
    updated_at: dt.datetime
    last_activity_at: dt.datetime
    submitted_at: Optional[dt.datetime]
    delivered_at: Optional[dt.datetime]


def _check_channel(channel: str) -> None:
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel!r}")


def _check_status(status: str) -> None:
    if status not in CONVERSATION_STATUSES:
        raise ValueError(f"unknown status {status!r}")


def _merge_flags(existing: Sequence[str], new: Optional[Sequence[str]]) -> List[str]:
    merged = list(existing or [])
    for flag in new or ():
        if flag not in merged:
            merged.append(flag)
    return merged


def _parse_timestamp(value: Any) -> Optional[dt.datetime]:
    """Reads an ISO 8601 timestamp from a record, or None if it is not one."""
    if not isinstance(value, str):
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        return None
    return parsed.astimezone(dt.timezone.utc)


def _to_view(conversation: Conversation, intake: Optional[IntakeRecord]) -> IntakeView:
    return IntakeView(
        conversation_id=conversation.conversation_id,
        channel=conversation.channel,
        status=conversation.status,
        asking=conversation.asking,
        answered=conversation.answered,
        total=conversation.total,
        reference=intake.reference if intake else None,
        record=copy.deepcopy(intake.record) if intake else {},
        flags=list(conversation.flags or []),
        assisted_by=conversation.assisted_by,
        created_at=conversation.created_at,
        updated_at=conversation.updated_at,
        last_activity_at=conversation.last_activity_at,
        submitted_at=intake.submitted_at if intake else None,
        delivered_at=intake.delivered_at if intake else None,
    )


def _joined() -> Select:
    return select(Conversation, IntakeRecord).outerjoin(
        IntakeRecord, IntakeRecord.conversation_id == Conversation.conversation_id
    )


def _filtered(
    stmt: Select, status: Optional[str], since: Optional[dt.datetime]
) -> Select:
    if status is not None:
        stmt = stmt.where(Conversation.status == status)
    if since is not None:
        stmt = stmt.where(Conversation.updated_at >= since)
    return stmt


async def _insert_if_missing(session: AsyncSession, values: Dict[str, Any]) -> None:
    """Creates the conversation row unless it exists (race-free on both backends)."""
    connection = await session.connection()
    if connection.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    stmt = insert(Conversation).values(**values)
    await session.execute(stmt.on_conflict_do_nothing(index_elements=["conversation_id"]))


async def _lock_conversation(
    session: AsyncSession, conversation_id: str
) -> Optional[Conversation]:
    result = await session.execute(
        select(Conversation)
        .where(Conversation.conversation_id == conversation_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return result.scalar_one_or_none()


async def _reference_taken(session: AsyncSession, reference: str) -> bool:
    taken = await session.scalar(
        select(
            or_(
                exists().where(IntakeRecord.reference == reference),
                exists().where(OutboxDelivery.reference == reference),
            )
        )
    )
    return bool(taken)


async def _allocate_reference(session: AsyncSession) -> str:
    for _ in range(_REFERENCE_ATTEMPTS):
        candidate = new_reference()
        if not await _reference_taken(session, candidate):
            return candidate
    raise RuntimeError("could not allocate a unique reference")


class IntakeStore:
    """Reads and writes intakes through a session factory.

    Args:
        sessions: Factory of ``AsyncSession`` (see ``engine.session_factory``).
        now: Clock returning aware UTC datetimes; the real clock by default.
    """

    def __init__(
        self,
        sessions: "sessionmaker[AsyncSession]",
        *,
        now: Callable[[], dt.datetime] = clock.now,
    ) -> None:
        self._sessions = sessions
        self._now = now

    async def save_snapshot(
        self,
        conversation_id: str,
        *,
        channel: str,
        status: str,
        asking: Optional[str],
        answered: int,
        total: int,
        record: Record,
        flags: Optional[List[str]] = None,
        assisted_by: Optional[str] = None,
    ) -> None:
        """Stores where a conversation stands after a turn (insert or update).

        Guard: once a conversation has been handed off (submitted, delivered,
        delivery_failed) a snapshot no longer changes its status, record or
        reference; it still updates asking, progress, flags and activity time.
        Flags are sticky: the given ones are added to those already stored.

        Args:
            conversation_id: The Rasa sender id.
            channel: web, sms or navigator.
            status: A pre-hand-off status (in_progress, awaiting_confirmation,
                needs_human, emergency, abandoned, opted_out).
            asking: What the bot's last message asked for, or None.
            answered: Number of questions answered.
            total: Number of questions in this intake.
            record: The record as it stands; stored as a copy.
            flags: Flags to add, or None.
            assisted_by: Navigator user id to record, or None to leave it as is.

        Raises:
            ValueError: Unknown channel or status, or a hand-off status (only
                :meth:`submit` and :meth:`set_status` set those).
        """
        _check_channel(channel)
        _check_status(status)
        if status in HANDED_OFF_STATUSES:
            raise ValueError("hand-off statuses are set by submit() or set_status()")
        now = self._now()
        async with write_transaction(self._sessions) as session:
            await _insert_if_missing(
                session,
                dict(
                    conversation_id=conversation_id,
                    channel=channel,
                    status=status,
                    answered=answered,
                    total=total,
                    flags=[],
                    created_at=now,
                    updated_at=now,
                    last_activity_at=now,
                ),
            )
            conversation = await _lock_conversation(session, conversation_id)
            assert conversation is not None
            handed_off = conversation.status in HANDED_OFF_STATUSES
            if not handed_off:
                conversation.status = status
                conversation.channel = channel
            conversation.asking = asking
            conversation.answered = answered
            conversation.total = total
            conversation.flags = _merge_flags(conversation.flags, flags)
            if assisted_by is not None:
                conversation.assisted_by = assisted_by
            conversation.updated_at = now
            conversation.last_activity_at = now

            intake = await session.get(IntakeRecord, conversation_id)
            if intake is None:
                session.add(
                    IntakeRecord(
                        conversation_id=conversation_id,
                        record=copy.deepcopy(record),
                        updated_at=now,
                    )
                )
            elif not handed_off:
                intake.record = copy.deepcopy(record)
                intake.updated_at = now

    async def get(self, conversation_id: str) -> Optional[IntakeView]:
        """Returns a conversation and its record, or None if unknown."""
        async with self._sessions() as session:
            row = (
                await session.execute(
                    _joined().where(Conversation.conversation_id == conversation_id)
                )
            ).first()
        if row is None:
            return None
        return _to_view(row[0], row[1])

    async def submit(
        self,
        conversation_id: str,
        record: Record,
        *,
        finalize: Optional[Callable[[Record], Record]] = None,
    ) -> str:
        """Submits a confirmed intake and queues its delivery, atomically.

        In one transaction: allocates a reference, stores the final record
        (``reference``, ``status="submitted"``, ``submitted_at`` unless given,
        ``conversation_id`` unless given), marks the conversation submitted and
        inserts the outbox row whose payload is that final record. The record is
        not validated here (it may already carry ``fhir``).

        Idempotent: submitting an already submitted conversation returns its
        reference and queues nothing.

        Args:
            conversation_id: The Rasa sender id; created if it was never snapshotted
                (then ``record["channel"]`` must be a valid channel).
            record: The confirmed record; not modified.
            finalize: Called with the final record (reference allocated) inside the
                transaction; what it returns is stored and queued. Used to attach the
                FHIR Bundle, whose identifiers derive from the reference.

        Returns:
            The case reference, e.g. ``SO-7K4Q2M``.

        Raises:
            ValueError: ``record["conversation_id"]`` names another conversation,
                or the conversation is new and the record has no valid channel.
        """
        given = record.get("conversation_id")
        if given is not None and given != conversation_id:
            raise ValueError("record belongs to another conversation")
        for attempt in range(_SUBMIT_ATTEMPTS):
            try:
                return await self._submit_once(conversation_id, record, finalize)
            except IntegrityError:
                # A concurrent transaction took the same reference or created the
                # conversation first; the whole unit of work is safe to redo.
                if attempt == _SUBMIT_ATTEMPTS - 1:
                    raise
        raise AssertionError("unreachable")

    async def _submit_once(
        self,
        conversation_id: str,
        record: Record,
        finalize: Optional[Callable[[Record], Record]] = None,
    ) -> str:
        now = self._now()
        async with write_transaction(self._sessions) as session:
            conversation = await _lock_conversation(session, conversation_id)
            if conversation is None:
                channel = record.get("channel")
                _check_channel(channel)
                await _insert_if_missing(
                    session,
                    dict(
                        conversation_id=conversation_id,
                        channel=channel,
                        status=IN_PROGRESS,
                        flags=[],
                        created_at=now,
                        updated_at=now,
                        last_activity_at=now,
                    ),
                )
                conversation = await _lock_conversation(session, conversation_id)
                assert conversation is not None

            intake = await session.get(IntakeRecord, conversation_id)
            if intake is not None and intake.reference:
                return intake.reference

            reference = await _allocate_reference(session)
            final = copy.deepcopy(record)
            final["reference"] = reference
            final["status"] = SUBMITTED
            final["conversation_id"] = conversation_id
            if not final.get("submitted_at"):
                final["submitted_at"] = now.isoformat(timespec="seconds")
            submitted_at = _parse_timestamp(final["submitted_at"]) or now
            if finalize is not None:
                final = finalize(final)

            if intake is None:
                intake = IntakeRecord(conversation_id=conversation_id)
                session.add(intake)
            intake.reference = reference
            intake.record = final
            intake.submitted_at = submitted_at
            intake.updated_at = now

            conversation.status = SUBMITTED
            conversation.updated_at = now

            session.add(
                OutboxDelivery(
                    reference=reference,
                    conversation_id=conversation_id,
                    payload=copy.deepcopy(final),
                    status=OUTBOX_PENDING,
                    attempts=0,
                    next_attempt_at=now,
                    created_at=now,
                )
            )
            return reference

    async def set_status(
        self, conversation_id: str, status: str, flag: Optional[str] = None
    ) -> str:
        """Changes a conversation's status and optionally adds a flag.

        Guard: a conversation that was never submitted cannot be given a hand-off
        status, and a handed-off one only moves between hand-off statuses; any other
        requested status is ignored (the flag is still added). Moving to
        ``delivered``/``delivery_failed`` also updates the stored record's
        ``status``; ``delivered`` sets ``delivered_at``.

        Args:
            conversation_id: The Rasa sender id.
            status: One of ``models.CONVERSATION_STATUSES``.
            flag: A flag to add (e.g. ``human_requested``), or None.

        Returns:
            The status the conversation has afterwards.

        Raises:
            UnknownConversation: Nothing is stored under ``conversation_id``.
            ValueError: Unknown status, or a hand-off status for a conversation
                that was never submitted.
        """
        _check_status(status)
        now = self._now()
        async with write_transaction(self._sessions) as session:
            conversation = await _lock_conversation(session, conversation_id)
            if conversation is None:
                raise UnknownConversation("unknown conversation")
            handed_off = conversation.status in HANDED_OFF_STATUSES
            if status in HANDED_OFF_STATUSES and not handed_off:
                raise ValueError("conversation was never submitted")
            if flag is not None:
                conversation.flags = _merge_flags(conversation.flags, [flag])
            if handed_off and status not in HANDED_OFF_STATUSES:
                conversation.updated_at = now
                return conversation.status
            if status != conversation.status and handed_off:
                intake = await session.get(IntakeRecord, conversation_id)
                if intake is not None:
                    updated = copy.deepcopy(intake.record)
                    updated["status"] = status
                    intake.record = updated
                    intake.updated_at = now
                    if status == DELIVERED and intake.delivered_at is None:
                        intake.delivered_at = now
            conversation.status = status
            conversation.updated_at = now
            return status

    async def count(
        self, status: Optional[str] = None, since: Optional[dt.datetime] = None
    ) -> int:
        """Counts conversations matching the same filters as :meth:`list`."""
        async with self._sessions() as session:
            stmt = _filtered(select(func.count(Conversation.conversation_id)), status, since)
            return int(await session.scalar(stmt) or 0)

    async def list(
        self,
        status: Optional[str] = None,
        since: Optional[dt.datetime] = None,
        limit: int = 50,
        offset: int = 0,
    ) -> List[IntakeView]:
        """Lists conversations, most recently updated first.

        Args:
            status: Only this status, or None for all.
            since: Only those updated at or after this aware datetime, or None.
            limit: At most this many (>= 1).
            offset: Skip this many (>= 0).

        Returns:
            The page; :meth:`count` with the same filters gives the total.

        Raises:
            ValueError: ``limit`` < 1 or ``offset`` < 0.
        """
        if limit < 1 or offset < 0:
            raise ValueError("limit must be >= 1 and offset >= 0")
        stmt = (
            _filtered(_joined(), status, since)
            .order_by(Conversation.updated_at.desc(), Conversation.conversation_id)
            .limit(limit)
            .offset(offset)
        )
        async with self._sessions() as session:
            rows = (await session.execute(stmt)).all()
        return [_to_view(conversation, intake) for conversation, intake in rows]
