"""The delivery worker: sends queued intakes to the review service until they arrive.

Run it as its own process::

    python -m bot.handoff.worker [--once] [--poll-interval S] [--worker-id ID]

It claims due outbox rows (see ``bot.handoff.outbox``), posts each to the review
service with :class:`~bot.handoff.review_client.ReviewServiceClient`, and records the
outcome: delivered, retry later with backoff, or failed for a care navigator to look at
(``python -m bot.handoff.requeue REFERENCE``). SIGTERM or SIGINT stops it gracefully:
no new rows are claimed, deliveries already in progress finish and are recorded. A
worker killed outright loses nothing: its rows are claimed again when their lease ends,
and the review service's idempotency makes the re-send harmless.

Logs carry references, status codes and exception class names only, never PHI.
"""
from __future__ import annotations

import argparse
import asyncio
import dataclasses
import datetime as dt
import logging
import os
import secrets
import signal
import socket
import sys
from typing import Any, Callable, Sequence

import aiohttp
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import sessionmaker

from bot import clock
from bot.handoff import outbox
from bot.handoff.fhir_bundle import build_fhir_bundle
from bot.handoff.outbox import ClaimedDelivery, Recorded
from bot.handoff.review_client import DeliveryResult, Outcome, ReviewServiceClient
from bot.handoff.settings import HandoffSettings
from bot.storage.engine import create_engine_from_settings, session_factory

logger = logging.getLogger("bot.handoff.worker")


def default_worker_id() -> str:
    """Returns ``<hostname>:<pid>``."""
    return f"{socket.gethostname()}:{os.getpid()}"


def with_fhir(payload: dict[str, Any]) -> dict[str, Any]:
    """Returns the payload to send: the record, with its FHIR Bundle added if missing.

    The Bundle is deterministic, so every retry sends the same bytes.

    Raises:
        pydantic.ValidationError: The record cannot form a valid Bundle.
    """
    if payload.get("fhir"):
        return payload
    return {**payload, "fhir": build_fhir_bundle(payload)}


@dataclasses.dataclass
class RoundStats:
    """What one claim-and-deliver round did."""

    claimed: int = 0
    delivered: int = 0
    retrying: int = 0
    failed: int = 0
    lease_lost: int = 0


class DeliveryWorker:
    """Claims due deliveries and sends them, round after round."""

    def __init__(
        self,
        sessions: sessionmaker[AsyncSession],
        client: ReviewServiceClient,
        settings: HandoffSettings,
        worker_id: str,
        *,
        now: Callable[[], dt.datetime] = clock.now,
    ) -> None:
        """Creates a worker.

        Args:
            sessions: Session factory of the application database.
            client: Client for the review service.
            settings: Worker settings (lease, batch size, poll interval, backoff).
            worker_id: Name shown in ``locked_by``; a random suffix makes each process's
                claims its own even if two processes are given the same name.
            now: Clock returning aware UTC datetimes.
        """
        self._sessions = sessions
        self._client = client
        self._settings = settings
        self.claim_token = f"{worker_id}/{secrets.token_hex(4)}"[:128]
        self._now = now
        self._stopping = asyncio.Event()

    def stop(self) -> None:
        """Asks the worker to stop after the round in progress."""
        self._stopping.set()

    async def _deliver(self, claimed: ClaimedDelivery) -> Recorded:
        try:
            payload = with_fhir(claimed.payload)
        except (ValidationError, ValueError, TypeError, KeyError) as exc:
            result = DeliveryResult(
                Outcome.PERMANENT, error=f"invalid record ({type(exc).__name__})"
            )
        else:
            result = await self._client.deliver(claimed.reference, payload)
        recorded = await outbox.record_outcome(
            self._sessions, claimed, result, self._settings.backoff, now=self._now
        )
        logger.info(
            "worker %s reference %s attempt=%d status=%s error=%s -> %s",
            self.claim_token, claimed.reference, claimed.attempts, result.status_code,
            result.error, recorded.value,
        )
        return recorded

    async def run_round(self) -> RoundStats:
        """Claims one batch of due deliveries and sends them concurrently.

        Returns:
            Counts of what happened.
        """
        claimed = await outbox.claim_due(
            self._sessions,
            self.claim_token,
            limit=self._settings.batch_size,
            lease=dt.timedelta(seconds=self._settings.lease_seconds),
            prepare_payload=with_fhir,
            now=self._now,
        )
        stats = RoundStats(claimed=len(claimed))
        results = await asyncio.gather(*(self._deliver(c) for c in claimed),
                                       return_exceptions=True)
        for result in results:
            if isinstance(result, BaseException):
                # The row stays in flight; it is claimed again when the lease ends.
                logger.error("worker %s could not record an outcome: %s",
                             self.claim_token, type(result).__name__)
            elif result is Recorded.DELIVERED:
                stats.delivered += 1
            elif result is Recorded.RETRY_SCHEDULED:
                stats.retrying += 1
            elif result is Recorded.FAILED:
                stats.failed += 1
            else:
                stats.lease_lost += 1
        return stats

    async def run(self, *, once: bool = False) -> None:
        """Delivers until stopped.

        Args:
            once: Stop as soon as nothing is due instead of polling for more.
        """
        logger.info("worker %s started", self.claim_token)
        while not self._stopping.is_set():
            try:
                stats = await self.run_round()
            except Exception as exc:  # noqa: BLE001 - a database outage must not kill us
                logger.error("worker %s round failed: %s", self.claim_token, type(exc).__name__)
                stats = RoundStats()
            if stats.claimed >= self._settings.batch_size:
                continue  # more may be due right now
            if once and stats.claimed == 0:
                break
            try:
                await asyncio.wait_for(self._stopping.wait(), self._settings.poll_interval)
            except asyncio.TimeoutError:
                pass
        logger.info("worker %s stopped", self.claim_token)


async def run_worker(settings: HandoffSettings, worker_id: str, *, once: bool = False) -> None:
    """Runs a worker with its own engine and HTTP session until stopped or drained.

    SIGTERM and SIGINT stop it gracefully.

    Args:
        settings: Worker settings.
        worker_id: Name of this worker.
        once: Exit when nothing is due (``--once``).
    """
    engine = create_engine_from_settings(settings.app)
    try:
        async with aiohttp.ClientSession() as session:
            client = ReviewServiceClient(
                settings.app.review_service_url,
                settings.app.review_service_secret or "",
                session,
                connect_timeout=settings.connect_timeout,
                total_timeout=settings.total_timeout,
            )
            worker = DeliveryWorker(session_factory(engine), client, settings, worker_id)
            loop = asyncio.get_running_loop()
            for signum in (signal.SIGTERM, signal.SIGINT):
                loop.add_signal_handler(signum, worker.stop)
            try:
                await worker.run(once=once)
            finally:
                for signum in (signal.SIGTERM, signal.SIGINT):
                    loop.remove_signal_handler(signum)
    finally:
        await engine.dispose()


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Parses the command line."""
    parser = argparse.ArgumentParser(
        prog="python -m bot.handoff.worker",
        description="Deliver submitted intakes to the review service.",
    )
    parser.add_argument("--once", action="store_true",
                        help="exit when nothing is due instead of polling")
    parser.add_argument("--poll-interval", type=float, default=None,
                        help="seconds between polls when idle (HANDOFF_POLL_INTERVAL)")
    parser.add_argument("--worker-id", default=None, help="name used in locked_by")
    parser.add_argument("--batch-size", type=int, default=None,
                        help="rows claimed per round (HANDOFF_BATCH_SIZE)")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; returns the exit status."""
    args = parse_args(argv)
    logging.basicConfig(level=os.environ.get("LOG_LEVEL", "INFO"),
                        format="%(asctime)s %(name)s %(levelname)s %(message)s")
    try:
        settings = HandoffSettings.from_env(
            poll_interval=args.poll_interval, batch_size=args.batch_size
        )
    except ValueError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return 2
    asyncio.run(run_worker(settings, args.worker_id or default_worker_id(), once=args.once))
    return 0


if __name__ == "__main__":
    sys.exit(main())
