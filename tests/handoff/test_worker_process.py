"""End to end with real processes: ``python -m bot.review_service`` and
``python -m bot.handoff.worker`` against SQLite and PostgreSQL.

Every test asserts the handoff's promise: each submitted record is stored by the
review service exactly once, whatever failed on the way.
"""
from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest

from tests.handoff.support import (
    ReviewProcess,
    conversation_states,
    free_port,
    outbox_rows,
    review_stats,
    review_total,
    set_fault,
    start_worker,
    submit_records,
    wait_for,
)


@pytest.fixture
def processes():
    """Started processes; all are stopped at the end of the test."""
    started = []
    yield started
    for process in started:
        process.close()


def _review(processes, tmp_path: Path, port: int | None = None, fault: str = "none") -> ReviewProcess:
    process = ReviewProcess(port or free_port(), tmp_path / "review-data",
                            tmp_path / "review.log", fault=fault)
    processes.append(process)
    return process


def _worker(processes, database_url: str, review_url: str, tmp_path: Path, name: str = "w1",
            **kwargs):
    process = start_worker(database_url, review_url, tmp_path / f"{name}.log",
                           worker_id=name, **kwargs)
    processes.append(process)
    return process


async def _all_delivered(sessions, count: int) -> bool:
    rows = (await outbox_rows(sessions)).values()
    return len(rows) == count and all(row.status == "delivered" for row in rows)


async def _assert_exactly_once(sessions, http, review: ReviewProcess, references: list[str],
                               allow_duplicates: bool = False) -> dict:
    stats = await review_stats(http, review.url)
    assert await review_total(http, review.url) == len(references)
    for reference in references:
        receipts = stats["receipts"][reference]
        assert receipts["created"] == 1, receipts
        if not allow_duplicates:
            assert "duplicate" not in receipts, receipts
    assert stats["max_concurrent_per_key"] <= 1
    states = await conversation_states(sessions)
    assert {states[reference][:2] for reference in references} == {("delivered", "delivered")}
    return stats


async def test_review_service_down_then_up(migrated_database_url, store, sessions, http,
                                           processes, tmp_path):
    references = await submit_records(store, 3)
    port = free_port()
    worker = _worker(processes, migrated_database_url, f"http://127.0.0.1:{port}", tmp_path)

    async def retried_while_down() -> bool:
        rows = (await outbox_rows(sessions)).values()
        return all(row.attempts >= 3 and row.status in ("pending", "in_flight") for row in rows)

    await wait_for(retried_while_down, 30, "worker did not keep retrying")
    review = _review(processes, tmp_path, port)
    await review.wait_ready()
    await wait_for(lambda: _all_delivered(sessions, 3), 30, "not delivered after the service came up")
    await _assert_exactly_once(sessions, http, review, references)
    assert "ClientConnectorError" in worker.output()
    for reference in references:
        assert reference in worker.output()
    assert "Maria" not in worker.output() + review.output()
    assert worker.terminate() == 0


@pytest.mark.parametrize("fault", ["503", "timeout", "reset", "lose_response"])
async def test_each_fault_still_delivers_exactly_once(migrated_database_url, store, sessions, http,
                                                      processes, tmp_path, fault):
    review = _review(processes, tmp_path)
    await review.wait_ready()
    await set_fault(http, review.url, mode=fault, count=4, delay=4)
    references = await submit_records(store, 3)
    _worker(processes, migrated_database_url, review.url, tmp_path)
    await wait_for(lambda: _all_delivered(sessions, 3), 60, f"not delivered through {fault}")
    stats = await _assert_exactly_once(sessions, http, review, references,
                                       allow_duplicates=fault == "lose_response")
    # The four faulted requests were all retried: for lose_response every retry after
    # the first stored copy is acknowledged as a duplicate (and one more answer may be
    # lost), otherwise nothing was stored by a faulted request.
    outcome = "duplicate" if fault == "lose_response" else f"fault_{fault}"
    assert sum(receipts.get(outcome, 0) for receipts in stats["receipts"].values()) == 4
    rows = await outbox_rows(sessions)
    assert sum(row.attempts for row in rows.values()) == 3 + 4


async def test_worker_killed_mid_delivery_loses_nothing(migrated_database_url, store, sessions,
                                                        http, processes, tmp_path):
    review = _review(processes, tmp_path)
    await review.wait_ready()
    await set_fault(http, review.url, mode="timeout", count=1, delay=60)
    (reference,) = await submit_records(store, 1)
    first = _worker(processes, migrated_database_url, review.url, tmp_path, "doomed",
                    extra_env={"HANDOFF_TOTAL_TIMEOUT": "4", "HANDOFF_LEASE_SECONDS": "5"})

    async def mid_request() -> bool:
        return reference in (await review_stats(http, review.url))["in_flight"]

    await wait_for(mid_request, 30, "the worker never reached the review service")
    first.kill()  # SIGKILL while the request is in progress
    row = (await outbox_rows(sessions))[reference]
    assert (row.status, row.attempts) == ("in_flight", 1)
    lease_end = row.locked_until

    await set_fault(http, review.url, mode="none")
    second = _worker(processes, migrated_database_url, review.url, tmp_path, "rescuer",
                     extra_env={"HANDOFF_TOTAL_TIMEOUT": "2", "HANDOFF_LEASE_SECONDS": "3"})
    await wait_for(lambda: _all_delivered(sessions, 1), 45, "not delivered after the crash")
    row = (await outbox_rows(sessions))[reference]
    assert row.attempts == 2
    assert row.delivered_at >= lease_end  # nobody re-sent before the dead worker's lease ended
    stats = await _assert_exactly_once(sessions, http, review, [reference])
    assert stats["receipts"][reference] == {"fault_timeout": 1, "created": 1}
    assert second.terminate() == 0


async def test_sigterm_finishes_the_delivery_in_progress(migrated_database_url, store, sessions,
                                                         http, processes, tmp_path):
    review = _review(processes, tmp_path)
    await review.wait_ready()
    await set_fault(http, review.url, mode="timeout", count=1, delay=1)
    (reference,) = await submit_records(store, 1)
    worker = _worker(processes, migrated_database_url, review.url, tmp_path,
                     extra_env={"HANDOFF_TOTAL_TIMEOUT": "5", "HANDOFF_LEASE_SECONDS": "30",
                                "HANDOFF_BACKOFF_BASE": "60", "HANDOFF_BACKOFF_CAP": "60"})

    async def mid_request() -> bool:
        return reference in (await review_stats(http, review.url))["in_flight"]

    await wait_for(mid_request, 30, "the worker never reached the review service")
    assert worker.terminate(timeout=20) == 0
    row = (await outbox_rows(sessions))[reference]
    # The answer (503 after the delay) was recorded before exiting: no stranded claim.
    assert (row.status, row.last_status_code, row.locked_by) == ("pending", 503, None)
    assert "stopped" in worker.output()


async def test_once_drains_the_queue_and_exits(migrated_database_url, store, sessions, http,
                                               processes, tmp_path):
    review = _review(processes, tmp_path)
    await review.wait_ready()
    references = await submit_records(store, 12)
    worker = _worker(processes, migrated_database_url, review.url, tmp_path, args=["--once"])
    assert await asyncio.get_running_loop().run_in_executor(None, worker.popen.wait, 60) == 0
    assert await _all_delivered(sessions, 12)
    await _assert_exactly_once(sessions, http, review, references)


async def test_requeue_command(migrated_database_url, store, sessions, http, processes, tmp_path):
    import subprocess
    import sys

    from tests.handoff.support import REPO_ROOT, _child_env

    review = _review(processes, tmp_path)
    await review.wait_ready()
    (reference,) = await submit_records(store, 1)
    failing = _worker(processes, migrated_database_url, review.url, tmp_path, "bad-secret",
                      extra_env={"REVIEW_SERVICE_SECRET": "wrong"})

    async def failed() -> bool:
        return (await outbox_rows(sessions))[reference].status == "failed"

    await wait_for(failed, 30, "bad signature was not marked failed")
    assert failing.terminate() == 0
    assert (await outbox_rows(sessions))[reference].last_status_code == 401

    def run(ref: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "bot.handoff.requeue", ref], cwd=REPO_ROOT,
                              env=_child_env({"DATABASE_URL": migrated_database_url}),
                              capture_output=True, text=True, timeout=60)

    done = await asyncio.get_running_loop().run_in_executor(None, run, reference.lower())
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"{reference}: requeued"
    _worker(processes, migrated_database_url, review.url, tmp_path, "fixed")
    await wait_for(lambda: _all_delivered(sessions, 1), 30, "requeued delivery did not arrive")
    await _assert_exactly_once(sessions, http, review, [reference])
    missing = await asyncio.get_running_loop().run_in_executor(None, run, "SO-NOPE22")
    assert missing.returncode == 3


@pytest.mark.postgres
async def test_two_workers_race_over_200_records_on_postgres(migrated_database_url, store,
                                                             sessions, http, processes, tmp_path):
    if not migrated_database_url.startswith("postgresql"):
        pytest.skip("several workers are supported on PostgreSQL only")
    review = _review(processes, tmp_path)
    await review.wait_ready()
    workers = [
        _worker(processes, migrated_database_url, review.url, tmp_path, name,
                extra_env={"HANDOFF_POLL_INTERVAL": "0.05", "HANDOFF_BATCH_SIZE": "5"})
        for name in ("racer-a", "racer-b")
    ]

    async def both_started() -> bool:
        return all(" started" in worker.output() for worker in workers)

    await wait_for(both_started, 30, "workers did not start")
    references = await submit_records(store, 200, concurrently=True)
    assert len(set(references)) == 200
    await wait_for(lambda: _all_delivered(sessions, 200), 90, "not all 200 delivered")

    # Strict: every key reached the review service exactly once - no duplicate
    # receipts at all, never two concurrent sends of one key.
    stats = await _assert_exactly_once(sessions, http, review, references)
    assert set(stats["receipts"]) == set(references)
    assert all(receipts == {"created": 1} for receipts in stats["receipts"].values())
    rows = await outbox_rows(sessions)
    assert {row.attempts for row in rows.values()} == {1}

    per_worker = []
    for worker in workers:
        assert worker.terminate() == 0
        per_worker.append(len(re.findall(r"-> delivered", worker.output())))
    assert sum(per_worker) == 200
    assert all(count > 0 for count in per_worker), per_worker
