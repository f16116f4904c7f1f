"""When to try a failed delivery again, and when to stop trying.

Exponential backoff with "full jitter" (a uniformly random delay between zero and the
exponential ceiling), so that many deliveries that failed together during an outage do
not all hit the review service again at the same instant when it comes back.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import os
import random
from typing import Callable, Mapping

DEFAULT_BASE_SECONDS = 5.0
DEFAULT_CAP_SECONDS = 3600.0
DEFAULT_GIVE_UP_AFTER_SECONDS = 3 * 24 * 3600.0


@dataclasses.dataclass(frozen=True)
class BackoffPolicy:
    """Retry schedule for outbox deliveries.

    Attributes:
        base_seconds: Ceiling of the first retry's delay; it doubles per attempt.
        cap_seconds: Largest delay ceiling, however many attempts have failed.
        give_up_after_seconds: A delivery still failing this long after the intake was
            submitted (the outbox row's ``created_at``) is marked ``failed`` and left for
            a care navigator (see ``bot.handoff.requeue``).
    """

    base_seconds: float = DEFAULT_BASE_SECONDS
    cap_seconds: float = DEFAULT_CAP_SECONDS
    give_up_after_seconds: float = DEFAULT_GIVE_UP_AFTER_SECONDS

    def __post_init__(self) -> None:
        if self.base_seconds <= 0 or self.cap_seconds < self.base_seconds:
            raise ValueError("backoff needs 0 < base_seconds <= cap_seconds")
        if self.give_up_after_seconds <= 0:
            raise ValueError("give_up_after_seconds must be positive")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> "BackoffPolicy":
        """Reads ``HANDOFF_BACKOFF_BASE``, ``HANDOFF_BACKOFF_CAP`` and
        ``HANDOFF_GIVE_UP_AFTER`` (all in seconds), defaulting to 5 s, 1 h and 3 days.

        Args:
            environ: The environment to read; ``os.environ`` when None.

        Returns:
            The policy.
        """
        env = os.environ if environ is None else environ
        return cls(
            base_seconds=float(env.get("HANDOFF_BACKOFF_BASE") or DEFAULT_BASE_SECONDS),
            cap_seconds=float(env.get("HANDOFF_BACKOFF_CAP") or DEFAULT_CAP_SECONDS),
            give_up_after_seconds=float(
                env.get("HANDOFF_GIVE_UP_AFTER") or DEFAULT_GIVE_UP_AFTER_SECONDS
            ),
        )

    def delay(self, attempts: int, rand: Callable[[], float] = random.random) -> float:
        """Returns the delay before the next try.

        Args:
            attempts: How many tries have been made so far (1 after the first failure).
            rand: Source of uniform numbers in [0, 1); injectable for tests.

        Returns:
            Seconds to wait, uniformly drawn from
            ``[0, min(cap, base * 2 ** (attempts - 1))]``.
        """
        exponent = max(0, attempts - 1)
        # Avoid float overflow for absurd attempt counts; the cap wins long before.
        ceiling = self.cap_seconds if exponent >= 64 else min(
            self.cap_seconds, self.base_seconds * (2.0**exponent)
        )
        return rand() * ceiling

    def next_attempt_at(
        self,
        attempts: int,
        created_at: dt.datetime,
        now: dt.datetime,
        rand: Callable[[], float] = random.random,
    ) -> dt.datetime | None:
        """Schedules the next try after a retryable failure.

        Args:
            attempts: Tries made so far, including the one that just failed.
            created_at: When the delivery was queued (timezone-aware).
            now: The current time (timezone-aware).
            rand: Source of uniform numbers in [0, 1).

        Returns:
            When to try again (never later than the end of the give-up window, so the
            last try happens right at its end), or None when ``now`` is already past the
            window and the delivery should be given up.
        """
        deadline = created_at + dt.timedelta(seconds=self.give_up_after_seconds)
        if now >= deadline:
            return None
        return min(now + dt.timedelta(seconds=self.delay(attempts, rand)), deadline)
