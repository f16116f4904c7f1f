"""``python -m bot.handoff.requeue REFERENCE``: try a failed delivery again.

For a care navigator once the reason for a failed delivery has been dealt with. The
running worker picks the delivery up on its next poll.
"""
from __future__ import annotations

import argparse
import asyncio
import sys
from typing import Sequence

from bot.config import Settings
from bot.handoff.outbox import RequeueOutcome
from bot.handoff.outbox import requeue as requeue_delivery
from bot.storage.engine import create_engine_from_settings, session_factory

EXIT_CODES = {
    RequeueOutcome.REQUEUED: 0,
    RequeueOutcome.NOT_FOUND: 3,
    RequeueOutcome.ALREADY_DELIVERED: 4,
    RequeueOutcome.IN_FLIGHT: 5,
}


async def requeue(reference: str, settings: Settings | None = None) -> RequeueOutcome:
    """Re-queues the delivery of ``reference`` in the configured database.

    Args:
        reference: The intake reference, e.g. ``SO-7K4Q2M``.
        settings: Application settings; read from the environment when None.

    Returns:
        What happened (see :func:`bot.handoff.outbox.requeue`).
    """
    engine = create_engine_from_settings(settings or Settings.from_env())
    try:
        return await requeue_delivery(session_factory(engine), reference.strip().upper())
    finally:
        await engine.dispose()


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; returns 0 when re-queued."""
    parser = argparse.ArgumentParser(prog="python -m bot.handoff.requeue",
                                     description="Re-queue a failed delivery.")
    parser.add_argument("reference", help="case reference, e.g. SO-7K4Q2M")
    args = parser.parse_args(argv)
    outcome = asyncio.run(requeue(args.reference))
    print(f"{args.reference.strip().upper()}: {outcome.value}")
    return EXIT_CODES[outcome]


if __name__ == "__main__":
    sys.exit(main())
