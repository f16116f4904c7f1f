"""IntakeStore on real databases: snapshots, the status guard, atomic submission."""
from __future__ import annotations

import asyncio
import copy
import datetime as dt
from typing import Any, Dict, Iterator

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

import bot.storage.intakes as intakes_module
from bot.storage.intakes import IntakeStore, UnknownConversation
from bot.storage.models import (
    HANDED_OFF_STATUSES,
    Conversation,
    IntakeRecord,
    OutboxDelivery,
)
from bot.storage.references import is_reference

T0 = dt.datetime(2024, 3, 1, 12, 0, tzinfo=dt.timezone.utc)


def make_record(conversation_id: str, **changes: Any) -> Dict[str, Any]:
    """A made-up record in the schema's shape (no real person)."""
    record: Dict[str, Any] = {
        "schema_version": "1",
        "reference": None,
        "conversation_id": conversation_id,
        "channel": "web",
        "status": None,
        "patient": {"name": {"text": "Test Patient"}, "birth_date": "1970-01-01"},
        "diagnosis": {"text": "example diagnosis"},
        "questions": ["Is this the right treatment?"],
        "consent": {"data_collection": True, "at": "2024-03-01T11:00:00+00:00"},
    }
    record.update(changes)
    return record


async def snapshot(store: IntakeStore, conversation_id: str, **changes: Any) -> None:
    arguments: Dict[str, Any] = dict(
        channel="web",
        status="in_progress",
        asking="patient.birth_date",
        answered=3,
        total=12,
        record=make_record(conversation_id),
    )
    arguments.update(changes)
    await store.save_snapshot(conversation_id, **arguments)


async def outbox_rows(sessions, conversation_id: str) -> list:
    async with sessions() as session:
        result = await session.execute(
            select(OutboxDelivery).where(OutboxDelivery.conversation_id == conversation_id)
        )
        return list(result.scalars())


class Clock:
    """A hand-driven UTC clock."""

    def __init__(self, start: dt.datetime = T0) -> None:
        self.current = start

    def __call__(self) -> dt.datetime:
        return self.current

    def advance(self, **delta: float) -> None:
        self.current += dt.timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def timed_store(sessions, clock: Clock) -> IntakeStore:
    return IntakeStore(sessions, now=clock)


# --- snapshots -------------------------------------------------------------


async def test_unknown_conversation_is_none(store: IntakeStore) -> None:
    assert await store.get("nobody") is None


async def test_snapshot_inserts_then_updates(timed_store: IntakeStore, clock: Clock) -> None:
    await snapshot(timed_store, "c1", flags=["low_confidence"])
    view = await timed_store.get("c1")
    assert view is not None
    assert (view.channel, view.status, view.asking) == ("web", "in_progress", "patient.birth_date")
    assert (view.answered, view.total) == (3, 12)
    assert view.reference is None
    assert view.record == make_record("c1")
    assert view.flags == ["low_confidence"]
    assert view.created_at == view.updated_at == view.last_activity_at == T0
    assert view.created_at.tzinfo is not None

    clock.advance(minutes=5)
    record = make_record("c1", diagnosis={"text": "changed"})
    await snapshot(
        timed_store,
        "c1",
        status="awaiting_confirmation",
        asking="confirmation",
        answered=12,
        record=record,
        flags=["human_requested"],
        assisted_by="nav-7",
    )
    view = await timed_store.get("c1")
    assert view is not None
    assert (view.status, view.asking, view.answered) == ("awaiting_confirmation", "confirmation", 12)
    assert view.record["diagnosis"] == {"text": "changed"}
    assert view.flags == ["low_confidence", "human_requested"]  # flags are sticky
    assert view.assisted_by == "nav-7"
    assert view.created_at == T0
    assert view.last_activity_at == view.updated_at == T0 + dt.timedelta(minutes=5)


async def test_snapshot_stores_a_copy(store: IntakeStore) -> None:
    record = make_record("c1")
    await snapshot(store, "c1", record=record)
    record["diagnosis"]["text"] = "mutated after saving"
    view = await store.get("c1")
    assert view is not None and view.record["diagnosis"]["text"] == "example diagnosis"


async def test_snapshot_rejects_unknown_values(store: IntakeStore) -> None:
    with pytest.raises(ValueError):
        await snapshot(store, "c1", channel="fax")
    with pytest.raises(ValueError):
        await snapshot(store, "c1", status="done")
    with pytest.raises(ValueError):
        await snapshot(store, "c1", status="submitted")  # only submit() does that
    assert await store.get("c1") is None


async def test_concurrent_first_snapshots_do_not_conflict(store: IntakeStore) -> None:
    await asyncio.gather(*(snapshot(store, "c1", answered=n) for n in range(8)))
    view = await store.get("c1")
    assert view is not None and view.answered in range(8)


# --- submission ------------------------------------------------------------


async def test_submit_finalises_record_and_queues_delivery(store: IntakeStore, sessions) -> None:
    await snapshot(store, "c1")
    record = make_record("c1", fhir={"resourceType": "Bundle", "type": "transaction"})
    original = copy.deepcopy(record)

    reference = await store.submit("c1", record)

    assert is_reference(reference)
    assert record == original  # the caller's dict is left alone
    view = await store.get("c1")
    assert view is not None
    assert view.status == "submitted"
    assert view.reference == reference
    assert view.record["reference"] == reference
    assert view.record["status"] == "submitted"
    assert view.record["conversation_id"] == "c1"
    assert view.record["fhir"] == {"resourceType": "Bundle", "type": "transaction"}
    submitted_at = dt.datetime.fromisoformat(view.record["submitted_at"])
    assert submitted_at.tzinfo is not None
    assert view.submitted_at == submitted_at

    rows = await outbox_rows(sessions, "c1")
    assert len(rows) == 1
    row = rows[0]
    assert row.reference == reference
    assert row.payload == view.record
    assert (row.status, row.attempts) == ("pending", 0)
    assert row.next_attempt_at.tzinfo is not None
    assert row.locked_until is None and row.locked_by is None and row.delivered_at is None


async def test_submit_finalize_sees_the_reference_and_its_result_is_queued(store: IntakeStore, sessions) -> None:
    await snapshot(store, "c1")
    seen: list[str] = []

    def attach(final: dict) -> dict:
        seen.append(final["reference"])
        return {**final, "fhir": {"resourceType": "Bundle", "identifier": {"value": final["reference"]}}}

    reference = await store.submit("c1", make_record("c1"), finalize=attach)
    assert seen == [reference]
    view = await store.get("c1")
    assert view is not None and view.record["fhir"]["identifier"]["value"] == reference
    rows = await outbox_rows(sessions, "c1")
    assert rows[0].payload["fhir"]["identifier"]["value"] == reference


async def test_submit_keeps_a_given_submitted_at(store: IntakeStore) -> None:
    await snapshot(store, "c1")
    await store.submit("c1", make_record("c1", submitted_at="2024-03-01T12:30:00Z"))
    view = await store.get("c1")
    assert view is not None
    assert view.record["submitted_at"] == "2024-03-01T12:30:00Z"
    assert view.submitted_at == dt.datetime(2024, 3, 1, 12, 30, tzinfo=dt.timezone.utc)


async def test_second_submit_is_idempotent(store: IntakeStore, sessions) -> None:
    await snapshot(store, "c1")
    first = await store.submit("c1", make_record("c1"))
    second = await store.submit("c1", make_record("c1", questions=["another"]))
    assert first == second
    assert len(await outbox_rows(sessions, "c1")) == 1
    view = await store.get("c1")
    assert view is not None and view.record["questions"] == ["Is this the right treatment?"]


async def test_concurrent_submits_queue_once(store: IntakeStore, sessions) -> None:
    await snapshot(store, "c1")
    references = await asyncio.gather(
        *(store.submit("c1", make_record("c1")) for _ in range(5))
    )
    assert len(set(references)) == 1
    assert len(await outbox_rows(sessions, "c1")) == 1


async def test_submit_without_snapshot_creates_the_conversation(store: IntakeStore) -> None:
    reference = await store.submit("c1", make_record("c1", channel="sms"))
    view = await store.get("c1")
    assert view is not None
    assert (view.channel, view.status, view.reference) == ("sms", "submitted", reference)


async def test_submit_rejects_a_record_of_another_conversation(store: IntakeStore, sessions) -> None:
    await snapshot(store, "c1")
    with pytest.raises(ValueError):
        await store.submit("c1", make_record("c2"))
    assert await outbox_rows(sessions, "c1") == []


async def test_failed_submit_changes_nothing(store: IntakeStore, sessions) -> None:
    await snapshot(store, "c1")
    unserialisable = make_record("c1", questions={"a set is not JSON"})
    with pytest.raises(Exception):
        await store.submit("c1", unserialisable)
    view = await store.get("c1")
    assert view is not None
    assert (view.status, view.reference) == ("in_progress", None)
    assert view.record == make_record("c1")
    assert await outbox_rows(sessions, "c1") == []


async def test_reference_collision_with_the_outbox_rolls_back_whole_submit(
    store: IntakeStore, sessions, monkeypatch: pytest.MonkeyPatch
) -> None:
    await snapshot(store, "c1")
    await snapshot(store, "c2")
    monkeypatch.setattr(intakes_module, "new_reference", lambda: "SO-ZZZZZZ")
    assert await store.submit("c1", make_record("c1")) == "SO-ZZZZZZ"

    async def never_taken(session, reference: str) -> bool:
        return False

    # Skipping the pre-check forces the unique constraint to catch the duplicate.
    monkeypatch.setattr(intakes_module, "_reference_taken", never_taken)
    with pytest.raises(IntegrityError):
        await store.submit("c2", make_record("c2"))
    view = await store.get("c2")
    assert view is not None and (view.status, view.reference) == ("in_progress", None)
    assert await outbox_rows(sessions, "c2") == []


async def test_reference_collision_is_retried(
    store: IntakeStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    await snapshot(store, "c1")
    await snapshot(store, "c2")
    candidates: Iterator[str] = iter(["SO-ZZZZZZ", "SO-ZZZZZZ", "SO-YYYYYY"])
    monkeypatch.setattr(intakes_module, "new_reference", lambda: next(candidates))
    assert await store.submit("c1", make_record("c1")) == "SO-ZZZZZZ"
    assert await store.submit("c2", make_record("c2")) == "SO-YYYYYY"


async def test_thousand_submissions_get_unique_well_formed_references(
    store: IntakeStore, sessions
) -> None:
    ids = [f"bulk-{n}" for n in range(1000)]
    semaphore = asyncio.Semaphore(8)

    async def submit(conversation_id: str) -> str:
        async with semaphore:
            return await store.submit(conversation_id, make_record(conversation_id))

    references = await asyncio.gather(*(submit(i) for i in ids))
    assert len(set(references)) == 1000
    assert all(is_reference(reference) for reference in references)
    async with sessions() as session:
        assert await session.scalar(select(func.count()).select_from(OutboxDelivery)) == 1000


async def test_outbox_row_exists_iff_handed_off(store: IntakeStore, sessions) -> None:
    await snapshot(store, "draft")
    await snapshot(store, "submitted")
    await store.submit("submitted", make_record("submitted"))
    await snapshot(store, "delivered")
    await store.submit("delivered", make_record("delivered"))
    await store.set_status("delivered", "delivered")
    await snapshot(store, "escalated")
    await store.set_status("escalated", "needs_human", flag="human_requested")

    async with sessions() as session:
        conversations = (await session.execute(select(Conversation))).scalars().all()
        queued = set(
            (await session.execute(select(OutboxDelivery.conversation_id))).scalars()
        )
        references = dict(
            (await session.execute(select(IntakeRecord.conversation_id, IntakeRecord.reference))).all()
        )
    for conversation in conversations:
        handed_off = conversation.status in HANDED_OFF_STATUSES
        assert handed_off == (conversation.conversation_id in queued)
        assert handed_off == (references[conversation.conversation_id] is not None)


# --- the status guard ------------------------------------------------------


async def test_snapshot_after_submit_does_not_downgrade(store: IntakeStore) -> None:
    await snapshot(store, "c1")
    reference = await store.submit("c1", make_record("c1"))
    submitted = await store.get("c1")

    await snapshot(
        store,
        "c1",
        status="in_progress",
        asking=None,
        answered=12,
        record=make_record("c1", diagnosis={"text": "late change"}),
        flags=["red_flag_reported"],
    )

    view = await store.get("c1")
    assert view is not None and submitted is not None
    assert view.status == "submitted"
    assert view.reference == reference
    assert view.record == submitted.record
    assert view.asking is None and view.answered == 12
    assert "red_flag_reported" in view.flags


async def test_snapshot_after_delivery_does_not_downgrade(store: IntakeStore) -> None:
    await snapshot(store, "c1")
    await store.submit("c1", make_record("c1"))
    await store.set_status("c1", "delivered")
    await snapshot(store, "c1", status="awaiting_confirmation")
    view = await store.get("c1")
    assert view is not None and view.status == "delivered"


async def test_set_status_before_submission(store: IntakeStore) -> None:
    await snapshot(store, "c1")
    assert await store.set_status("c1", "emergency", flag="red_flag_reported") == "emergency"
    view = await store.get("c1")
    assert view is not None
    assert view.status == "emergency" and view.flags == ["red_flag_reported"]
    with pytest.raises(ValueError):
        await store.set_status("c1", "delivered")  # never submitted
    with pytest.raises(ValueError):
        await store.set_status("c1", "finished")
    with pytest.raises(UnknownConversation):
        await store.set_status("nobody", "abandoned")


async def test_set_status_after_submission(timed_store: IntakeStore, clock: Clock) -> None:
    await snapshot(timed_store, "c1")
    await timed_store.submit("c1", make_record("c1"))

    clock.advance(minutes=1)
    assert await timed_store.set_status("c1", "delivery_failed") == "delivery_failed"
    view = await timed_store.get("c1")
    assert view is not None
    assert view.record["status"] == "delivery_failed" and view.delivered_at is None

    clock.advance(minutes=1)
    assert await timed_store.set_status("c1", "delivered") == "delivered"
    view = await timed_store.get("c1")
    assert view is not None
    assert view.record["status"] == "delivered"
    assert view.delivered_at == T0 + dt.timedelta(minutes=2)

    assert await timed_store.set_status("c1", "in_progress", flag="human_requested") == "delivered"
    view = await timed_store.get("c1")
    assert view is not None
    assert view.status == "delivered" and "human_requested" in view.flags


# --- listing ---------------------------------------------------------------


async def test_list_filters_pages_and_counts(timed_store: IntakeStore, clock: Clock) -> None:
    for n in range(5):
        await snapshot(timed_store, f"c{n}")
        clock.advance(minutes=1)
    await timed_store.set_status("c1", "needs_human")  # updated at T0 + 5 min
    clock.advance(minutes=1)
    await timed_store.submit("c3", make_record("c3"))  # updated at T0 + 6 min

    everything = await timed_store.list()
    assert [v.conversation_id for v in everything] == ["c3", "c1", "c4", "c2", "c0"]
    assert await timed_store.count() == 5

    page = await timed_store.list(limit=2, offset=2)
    assert [v.conversation_id for v in page] == ["c4", "c2"]

    assert [v.conversation_id for v in await timed_store.list(status="submitted")] == ["c3"]
    assert await timed_store.count(status="in_progress") == 3
    since = T0 + dt.timedelta(minutes=4)
    assert [v.conversation_id for v in await timed_store.list(since=since)] == ["c3", "c1", "c4"]
    assert await timed_store.count(status="in_progress", since=since) == 1
    assert (await timed_store.list(status="submitted"))[0].reference is not None

    with pytest.raises(ValueError):
        await timed_store.list(limit=0)
    with pytest.raises(ValueError):
        await timed_store.list(offset=-1)
