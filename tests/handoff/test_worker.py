"""The delivery worker in this process: outbox states, retries, failure, re-queue, leases.

Real application database (SQLite and PostgreSQL), real review service over HTTP.
"""
from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from bot.config import Settings
from bot.handoff import outbox
from bot.handoff.backoff import BackoffPolicy
from bot.handoff.outbox import Recorded, RequeueOutcome
from bot.handoff.review_client import DeliveryResult, Outcome, ReviewServiceClient
from bot.handoff.settings import HandoffSettings
from bot.handoff.worker import DeliveryWorker
from bot.review_service.app import create_app
from bot.review_service.settings import ReviewSettings, default_schema_path
from tests.handoff.records import full_record
from tests.handoff.support import (
    AUTH,
    SECRET,
    TOKEN,
    conversation_states,
    free_port,
    outbox_rows,
    review_stats,
    set_fault,
    submit_records,
)

FAST = BackoffPolicy(base_seconds=0.01, cap_seconds=0.05, give_up_after_seconds=600)


def _settings(url: str, *, secret: str = SECRET, backoff: BackoffPolicy = FAST) -> HandoffSettings:
    return HandoffSettings(
        app=Settings(review_service_url=url, review_service_secret=secret),
        backoff=backoff, connect_timeout=1, total_timeout=1.5, lease_seconds=5,
        poll_interval=0.01, batch_size=5,
    )


def _worker(sessions, http, url: str, **kwargs) -> DeliveryWorker:
    settings = _settings(url, **kwargs)
    client = ReviewServiceClient(url, settings.app.review_service_secret, http,
                                 connect_timeout=1, total_timeout=1.5)
    return DeliveryWorker(sessions, client, settings, "test-worker")


def _base(server) -> str:
    return str(server.make_url("")).rstrip("/")


async def _drain(worker: DeliveryWorker, sessions, rounds: int = 200) -> None:
    """Runs rounds until nothing is pending or in flight."""
    import asyncio

    for _ in range(rounds):
        await worker.run_round()
        rows = (await outbox_rows(sessions)).values()
        if all(row.status in ("delivered", "failed") for row in rows):
            return
        await asyncio.sleep(0.02)
    raise AssertionError("deliveries did not settle")


async def test_delivers_and_marks_the_conversation_delivered(store, sessions, review_server, http):
    references = await submit_records(store, 3)
    worker = _worker(sessions, http, _base(review_server))
    await worker.run(once=True)

    rows = await outbox_rows(sessions)
    states = await conversation_states(sessions)
    for reference in references:
        row = rows[reference]
        assert (row.status, row.attempts, row.last_status_code) == ("delivered", 1, 201)
        assert row.delivered_at is not None and row.locked_by is None and row.locked_until is None
        status, record_status, delivered_at = states[reference]
        assert (status, record_status) == ("delivered", "delivered")
        assert delivered_at is not None
        async with http.get(f"{_base(review_server)}/intakes/{reference}", headers=AUTH) as resp:
            received = (await resp.json())["record"]
        # What arrived is the outbox payload, completed with its FHIR Bundle (now stored).
        assert received == row.payload
        assert received["fhir"]["type"] == "transaction"
        assert received["status"] == "submitted"
    stats = await review_stats(http, _base(review_server))
    assert stats["receipts"] == {reference: {"created": 1} for reference in references}


async def test_retries_after_503_until_delivered(store, sessions, review_server, http):
    (reference,) = await submit_records(store, 1)
    await set_fault(http, _base(review_server), mode="503", count=3)
    worker = _worker(sessions, http, _base(review_server))
    await _drain(worker, sessions)
    row = (await outbox_rows(sessions))[reference]
    assert (row.status, row.attempts, row.last_status_code) == ("delivered", 4, 201)
    stats = await review_stats(http, _base(review_server))
    assert stats["receipts"][reference] == {"fault_503": 3, "created": 1}


async def test_a_retry_waits_for_its_backoff(store, sessions, review_server, http):
    (reference,) = await submit_records(store, 1)
    await set_fault(http, _base(review_server), mode="503", count=1)
    slow = BackoffPolicy(base_seconds=60, cap_seconds=60, give_up_after_seconds=600)
    worker = _worker(sessions, http, _base(review_server), backoff=slow)
    assert (await worker.run_round()).retrying == 1
    row = (await outbox_rows(sessions))[reference]
    assert row.status == "pending" and row.last_error == "HTTP 503"
    assert row.locked_by is None and row.locked_until is None
    assert (await worker.run_round()).claimed == 0  # not due yet
    states = await conversation_states(sessions)
    assert states[reference][:2] == ("submitted", "submitted")


async def test_bad_signature_is_not_retried(store, sessions, review_server, http):
    (reference,) = await submit_records(store, 1)
    worker = _worker(sessions, http, _base(review_server), secret="not-the-secret")
    await _drain(worker, sessions)
    for _ in range(3):
        await worker.run_round()
    row = (await outbox_rows(sessions))[reference]
    assert (row.status, row.attempts, row.last_status_code, row.last_error) == (
        "failed", 1, 401, "HTTP 401")
    assert (await conversation_states(sessions))[reference][:2] == (
        "delivery_failed", "delivery_failed")
    stats = await review_stats(http, _base(review_server))
    assert stats["receipts"][reference] == {"unauthenticated": 1}


async def test_invalid_record_fails_without_phi_in_the_error(store, sessions, review_server, http):
    record = full_record(conversation_id="conv-bad")
    record["patient"]["birth_date"] = "fourteenth of March"
    reference = await store.submit("conv-bad", record)
    worker = _worker(sessions, http, _base(review_server))
    await _drain(worker, sessions)
    row = (await outbox_rows(sessions))[reference]
    assert row.status == "failed"
    assert row.last_error == "invalid record (ValidationError)"
    assert "March" not in row.last_error


async def test_gives_up_after_the_window_and_keeps_everything(store, sessions, http):
    (reference,) = await submit_records(store, 1)
    dead = f"http://127.0.0.1:{free_port()}"
    short = BackoffPolicy(base_seconds=0.01, cap_seconds=0.05, give_up_after_seconds=0.3)
    worker = _worker(sessions, http, dead, backoff=short)
    await _drain(worker, sessions)
    row = (await outbox_rows(sessions))[reference]
    assert row.status == "failed"
    assert row.attempts >= 2
    assert row.last_error == "ClientConnectorError" and row.last_status_code is None
    assert row.payload["reference"] == reference  # nothing deleted
    assert (await conversation_states(sessions))[reference][:2] == (
        "delivery_failed", "delivery_failed")


async def test_requeue_after_failure_delivers(store, sessions, review_server, http):
    (reference,) = await submit_records(store, 1)
    failing = _worker(sessions, http, _base(review_server), secret="rotated-wrong")
    await _drain(failing, sessions)
    assert (await outbox_rows(sessions))[reference].status == "failed"

    assert await outbox.requeue(sessions, reference) is RequeueOutcome.REQUEUED
    row = (await outbox_rows(sessions))[reference]
    assert (row.status, row.attempts) == ("pending", 0)
    assert (await conversation_states(sessions))[reference][:2] == ("submitted", "submitted")

    fixed = _worker(sessions, http, _base(review_server))
    await _drain(fixed, sessions)
    row = (await outbox_rows(sessions))[reference]
    assert (row.status, row.attempts) == ("delivered", 1)
    assert (await conversation_states(sessions))[reference][:2] == ("delivered", "delivered")
    assert await outbox.requeue(sessions, reference) is RequeueOutcome.ALREADY_DELIVERED
    assert await outbox.requeue(sessions, "SO-NOPE22") is RequeueOutcome.NOT_FOUND


async def test_an_expired_lease_is_claimed_again_and_the_old_claim_is_fenced(store, sessions):
    (reference,) = await submit_records(store, 1)
    t0 = dt.datetime.now(dt.timezone.utc)
    lease = dt.timedelta(seconds=120)
    (first,) = await outbox.claim_due(sessions, "a", limit=10, lease=lease, now=lambda: t0)
    assert first.reference == reference and first.attempts == 1
    row = (await outbox_rows(sessions))[reference]
    assert (row.status, row.locked_by, row.locked_until) == ("in_flight", "a", t0 + lease)

    during = t0 + lease - dt.timedelta(seconds=1)
    assert await outbox.claim_due(sessions, "b", limit=10, lease=lease, now=lambda: during) == []
    after = t0 + lease + dt.timedelta(seconds=1)
    (second,) = await outbox.claim_due(sessions, "b", limit=10, lease=lease, now=lambda: after)
    assert second.attempts == 2

    delivered = DeliveryResult(Outcome.DELIVERED, status_code=201)
    assert await outbox.record_outcome(sessions, first, delivered, FAST) is Recorded.LEASE_LOST
    assert (await outbox_rows(sessions))[reference].status == "in_flight"
    duplicate = DeliveryResult(Outcome.DELIVERED, status_code=200, duplicate=True)
    assert await outbox.record_outcome(sessions, second, duplicate, FAST) is Recorded.DELIVERED
    row = (await outbox_rows(sessions))[reference]
    assert (row.status, row.last_status_code) == ("delivered", 200)


async def test_requeue_leaves_a_live_claim_alone(store, sessions):
    (reference,) = await submit_records(store, 1)
    await outbox.claim_due(sessions, "a", limit=1, lease=dt.timedelta(seconds=60))
    assert await outbox.requeue(sessions, reference) is RequeueOutcome.IN_FLIGHT


async def test_claims_oldest_due_first_in_batches(store, sessions):
    references = await submit_records(store, 7)
    lease = dt.timedelta(seconds=60)
    first = await outbox.claim_due(sessions, "a", limit=5, lease=lease)
    second = await outbox.claim_due(sessions, "b", limit=5, lease=lease)
    assert [c.reference for c in first + second] == references
    assert await outbox.claim_due(sessions, "c", limit=5, lease=lease) == []


async def test_worker_survives_a_review_service_that_comes_and_goes(store, sessions, tmp_path, http):
    from aiohttp.test_utils import TestServer

    references = await submit_records(store, 2)
    port = free_port()
    worker = _worker(sessions, http, f"http://127.0.0.1:{port}")
    for _ in range(3):
        await worker.run_round()
    assert {row.status for row in (await outbox_rows(sessions)).values()} == {"pending"}
    settings = ReviewSettings(secret=SECRET.encode(), token=TOKEN,
                              database_url=f"sqlite:///{tmp_path / 'r.db'}",
                              schema_path=default_schema_path({}))
    server = TestServer(create_app(settings), port=port)
    await server.start_server()
    try:
        await _drain(worker, sessions)
        stats = await review_stats(http, f"http://127.0.0.1:{port}")
        assert stats["receipts"] == {reference: {"created": 1} for reference in references}
    finally:
        await server.close()


def test_settings_refuse_a_lease_shorter_than_a_delivery() -> None:
    app = Settings(review_service_secret="s")
    with pytest.raises(ValueError):
        HandoffSettings(app=app, total_timeout=30, lease_seconds=30)
    with pytest.raises(ValueError):
        HandoffSettings(app=Settings())
    settings = HandoffSettings.from_env(
        {"REVIEW_SERVICE_SECRET": "s", "HANDOFF_LEASE_SECONDS": "40",
         "HANDOFF_TOTAL_TIMEOUT": "10", "HANDOFF_BACKOFF_BASE": "1"}, poll_interval=0.5,
        batch_size=None)
    assert (settings.lease_seconds, settings.total_timeout, settings.poll_interval) == (40, 10, 0.5)
    assert settings.backoff.base_seconds == 1
    assert dataclasses.replace(settings, batch_size=3).batch_size == 3
