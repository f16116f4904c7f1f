"""``python -m bot.handoff.benchmark --n 50``: how long a submitted intake takes to
reach the review service.

Starts the reference review service and a delivery worker as separate processes on a
scratch database, submits ``n`` synthetic intakes one after another through
``IntakeStore.submit`` (after one uncounted warm-up, each at a random moment within the
worker's poll interval), and for each measures the time from just before the submit call
to the moment the review service stored it (its ``received_at``; both processes share
this host's clock). Prints the median, 95th percentile and maximum.

The worker polls for due rows, so latency is dominated by the poll interval (about
half of it on average, plus the delivery itself); ``--poll-interval`` sets it.
"""
from __future__ import annotations

import argparse
import asyncio
import copy
import datetime as dt
import os
import random
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Sequence

import aiohttp

from bot.storage.engine import create_engine_from_url, session_factory
from bot.storage.intakes import IntakeStore
from bot.storage.migrate import upgrade_to_head

REPO_ROOT = Path(__file__).resolve().parents[2]

SYNTHETIC_RECORD: dict[str, Any] = {
    "schema_version": "1",
    "channel": "web",
    "status": "submitted",
    "assisted_by": None,
    "requester": {"role": "patient", "name": None, "relationship": None},
    "patient": {
        "name": {"text": "Test Patient", "given": "Test", "family": "Patient"},
        "birth_date": "1970-01-01", "phone": "+15555550100", "email": None,
        "preferred_contact": "phone", "region": "US-MA", "language": "en",
    },
    "diagnosis": {"text": "synthetic benchmark diagnosis", "code": None,
                  "specialty": "other", "confirmed": True, "diagnosed_on": "2024-01",
                  "stage": None},
    "care_team": {"physician": None, "institution": None},
    "treatment": {"current": None, "proposed": None, "decision_deadline": None},
    "reason": "treatment_options",
    "questions": ["Synthetic benchmark question?"],
    "records": {"available": [], "notes": None},
    "coverage": {"type": None, "sponsor": None},
    "urgency": "routine",
    "consent": {"data_collection": True, "share_with_reviewers": True, "sms_opt_in": None,
                "at": "2024-04-20T14:03:11+00:00"},
    "flags": [],
    "provenance": {},
}
"""A made-up intake (no real person's data)."""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _spawn(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    child_env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), **env}
    with open(log, "ab") as handle:
        return subprocess.Popen([sys.executable, *args], cwd=REPO_ROOT, env=child_env,
                                stdout=handle, stderr=subprocess.STDOUT)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


async def _wait_healthy(session: aiohttp.ClientSession, url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            async with session.get(url + "/health") as response:
                if response.status == 200:
                    return
        except aiohttp.ClientError:
            pass
        await asyncio.sleep(0.1)
    raise RuntimeError("the review service did not start")


async def _received_at(session: aiohttp.ClientSession, url: str, token: str, reference: str,
                       timeout: float) -> float:
    deadline = time.monotonic() + timeout
    headers = {"Authorization": f"Bearer {token}"}
    while time.monotonic() < deadline:
        async with session.get(f"{url}/intakes/{reference}", headers=headers) as response:
            if response.status == 200:
                body = await response.json()
                return dt.datetime.fromisoformat(body["received_at"]).timestamp()
        await asyncio.sleep(0.005)
    raise RuntimeError(f"{reference} did not arrive within {timeout} s")


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile (``fraction`` in (0, 1])."""
    ordered = sorted(values)
    rank = max(1, int(-(-fraction * len(ordered) // 1)))
    return ordered[rank - 1]


async def run_benchmark(n: int, database_url: str, poll_interval: float, work_dir: Path,
                        timeout: float = 60) -> list[float]:
    """Measures submit-to-stored latency for ``n`` sequential intakes.

    Args:
        n: Number of intakes.
        database_url: A scratch application database (migrated here).
        poll_interval: The worker's poll interval, seconds.
        work_dir: Directory for the review service's data and the processes' logs.
        timeout: Longest wait for one intake, seconds.

    Returns:
        Latencies in seconds, in submission order.
    """
    upgrade_to_head(database_url)
    secret, token = secrets.token_hex(16), secrets.token_hex(16)
    port = _free_port()
    review_url = f"http://127.0.0.1:{port}"
    review = _spawn(["-m", "bot.review_service"],
                    {"REVIEW_SERVICE_SECRET": secret, "REVIEW_SERVICE_TOKEN": token,
                     "REVIEW_PORT": str(port), "DATA_DIR": str(work_dir / "review"),
                     "REVIEW_FAULT": "none"}, work_dir / "review.log")
    worker = _spawn(["-m", "bot.handoff.worker", "--worker-id", "benchmark",
                     "--poll-interval", str(poll_interval)],
                    {"DATABASE_URL": database_url, "REVIEW_SERVICE_URL": review_url,
                     "REVIEW_SERVICE_SECRET": secret}, work_dir / "worker.log")
    engine = create_engine_from_url(database_url)
    latencies: list[float] = []
    try:
        store = IntakeStore(session_factory(engine))
        async with aiohttp.ClientSession() as session:
            await _wait_healthy(session, review_url)
            run_id = secrets.token_hex(4)
            # Index -1 is a warm-up (worker start-up, connection pools); not counted.
            for index in range(-1, n):
                conversation_id = f"benchmark-{run_id}-{index + 1:05d}"
                record = copy.deepcopy(SYNTHETIC_RECORD)
                record["conversation_id"] = conversation_id
                # Submit at a random phase of the worker's polling, as real patients do.
                await asyncio.sleep(random.uniform(0, poll_interval))
                started = time.time()
                reference = await store.submit(conversation_id, record)
                stored = await _received_at(session, review_url, token, reference,
                                            timeout if index >= 0 else 60 + timeout)
                if index >= 0:
                    latencies.append(stored - started)
    finally:
        await engine.dispose()
        _stop(worker)
        _stop(review)
    return latencies


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(prog="python -m bot.handoff.benchmark",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=50, help="number of intakes (default 50)")
    parser.add_argument("--poll-interval", type=float, default=1.0,
                        help="the worker's poll interval in seconds (default 1.0)")
    parser.add_argument("--database-url", default=None,
                        help="a SCRATCH application database (default: a new SQLite file)")
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("--n must be at least 1")
    with tempfile.TemporaryDirectory(prefix="handoff-benchmark-") as tmp:
        work_dir = Path(tmp)
        database_url = args.database_url or f"sqlite:///{work_dir / 'intake.db'}"
        latencies = asyncio.run(run_benchmark(args.n, database_url, args.poll_interval, work_dir))
    backend = database_url.split(":", 1)[0]
    millis = [value * 1000 for value in latencies]
    print(f"submit -> stored at review service, n={len(millis)}, database={backend}, "
          f"worker poll interval={args.poll_interval:g} s")
    print(f"median {statistics.median(millis):.1f} ms   p95 {percentile(millis, 0.95):.1f} ms   "
          f"max {max(millis):.1f} ms   min {min(millis):.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
