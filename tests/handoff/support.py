"""Helpers for the handoff tests: review service processes, worker processes, records."""
from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Awaitable, Callable, Mapping

import aiohttp

REPO_ROOT = Path(__file__).resolve().parents[2]
SECRET = "handoff-test-secret"
TOKEN = "handoff-test-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}

FAST_RETRIES = {
    "HANDOFF_BACKOFF_BASE": "0.05",
    "HANDOFF_BACKOFF_CAP": "0.3",
    "HANDOFF_GIVE_UP_AFTER": "600",
    "HANDOFF_CONNECT_TIMEOUT": "1",
    "HANDOFF_TOTAL_TIMEOUT": "1.5",
    "HANDOFF_LEASE_SECONDS": "3",
    "HANDOFF_POLL_INTERVAL": "0.1",
}


def free_port() -> int:
    """Returns a TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _child_env(extra: Mapping[str, str]) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("HANDOFF_", "REVIEW_"))}
    env["PYTHONPATH"] = str(REPO_ROOT)
    env.update(extra)
    return env


class Process:
    """A child process of the test, with its output kept in a file."""

    def __init__(self, args: list[str], env: Mapping[str, str], log_path: Path) -> None:
        self.log_path = log_path
        self._log = open(log_path, "ab")
        self.popen = subprocess.Popen(
            [sys.executable, *args], cwd=REPO_ROOT, env=_child_env(env),
            stdout=self._log, stderr=subprocess.STDOUT,
        )

    @property
    def pid(self) -> int:
        return self.popen.pid

    def output(self) -> str:
        """Everything the process has written so far."""
        self._log.flush()
        return self.log_path.read_text(errors="replace")

    def kill(self) -> None:
        """SIGKILL: the process gets no chance to clean up."""
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGKILL)
        self.popen.wait(10)

    def terminate(self, timeout: float = 15) -> int:
        """SIGTERM, then waits; returns the exit status."""
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
        try:
            return self.popen.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise

    def close(self) -> None:
        """Stops the process if it is still running and closes its log."""
        if self.popen.poll() is None:
            self.kill()
        self._log.close()


class ReviewProcess(Process):
    """``python -m bot.review_service`` on a port of its own."""

    def __init__(self, port: int, data_dir: Path, log_path: Path, fault: str = "none") -> None:
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        super().__init__(
            ["-m", "bot.review_service"],
            {"REVIEW_SERVICE_SECRET": SECRET, "REVIEW_SERVICE_TOKEN": TOKEN,
             "REVIEW_PORT": str(port), "DATA_DIR": str(data_dir), "REVIEW_FAULT": fault},
            log_path,
        )

    async def wait_ready(self, timeout: float = 20) -> None:
        """Waits until the service answers its health check."""
        await wait_for(lambda: _healthy(self.url), timeout, "review service did not start")


async def _healthy(url: str) -> bool:
    try:
        async with aiohttp.ClientSession() as session:
            async with session.get(url + "/health", timeout=aiohttp.ClientTimeout(total=1)) as r:
                return r.status == 200
    except (aiohttp.ClientError, asyncio.TimeoutError, OSError):
        return False


def start_worker(database_url: str, review_url: str, log_path: Path, *,
                 worker_id: str = "w1", extra_env: Mapping[str, str] | None = None,
                 args: list[str] | None = None) -> Process:
    """Starts ``python -m bot.handoff.worker`` against ``database_url``."""
    env = {"DATABASE_URL": database_url, "REVIEW_SERVICE_URL": review_url,
           "REVIEW_SERVICE_SECRET": SECRET, **FAST_RETRIES, **(extra_env or {})}
    return Process(["-m", "bot.handoff.worker", "--worker-id", worker_id, *(args or [])],
                   env, log_path)


async def wait_for(condition: Callable[[], Awaitable[bool]], timeout: float,
                   message: str, interval: float = 0.05) -> None:
    """Polls ``condition`` until it is true; fails the test after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        if await condition():
            return
        if time.monotonic() > deadline:
            raise AssertionError(message)
        await asyncio.sleep(interval)


async def review_stats(session: aiohttp.ClientSession, url: str) -> dict[str, Any]:
    """The review service's receipts per key and in-flight requests."""
    async with session.get(url + "/admin/stats", headers=AUTH) as response:
        assert response.status == 200
        return await response.json()


async def review_total(session: aiohttp.ClientSession, url: str) -> int:
    """How many intakes the review service holds."""
    async with session.get(url + "/intakes?limit=1", headers=AUTH) as response:
        assert response.status == 200
        return (await response.json())["total"]


async def set_fault(session: aiohttp.ClientSession, url: str, **plan: Any) -> None:
    """Injects a fault into a running review service."""
    async with session.post(url + "/admin/faults", json=plan, headers=AUTH) as response:
        assert response.status == 200


async def submit_records(store: Any, count: int, *, prefix: str = "conv",
                         concurrently: bool = False) -> list[str]:
    """Submits ``count`` confirmed intakes through ``IntakeStore.submit``; returns
    their references."""
    from tests.handoff.records import full_record

    async def one(index: int) -> str:
        conversation_id = f"{prefix}-{index:04d}"
        return await store.submit(conversation_id, full_record(conversation_id=conversation_id))

    if concurrently:
        return list(await asyncio.gather(*(one(i) for i in range(count))))
    return [await one(i) for i in range(count)]


async def outbox_rows(sessions: Any) -> dict[str, Any]:
    """Every outbox row by reference."""
    from sqlalchemy import select

    from bot.storage.models import OutboxDelivery

    async with sessions() as session:
        rows = (await session.execute(select(OutboxDelivery))).scalars().all()
    return {row.reference: row for row in rows}


async def conversation_states(sessions: Any) -> dict[str, tuple[str, str, Any]]:
    """Per reference: (conversation status, record status, delivered_at)."""
    from sqlalchemy import select

    from bot.storage.models import Conversation, IntakeRecord

    async with sessions() as session:
        rows = (await session.execute(
            select(Conversation.status, IntakeRecord.reference, IntakeRecord.record,
                   IntakeRecord.delivered_at)
            .join(IntakeRecord, IntakeRecord.conversation_id == Conversation.conversation_id)
        )).all()
    return {row.reference: (row.status, row.record.get("status"), row.delivered_at)
            for row in rows}
