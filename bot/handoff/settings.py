"""Settings of the delivery worker, read from the environment."""
from __future__ import annotations

import dataclasses
import os
from typing import Mapping

from bot.config import Settings
from bot.handoff.backoff import BackoffPolicy
from bot.handoff.review_client import DEFAULT_CONNECT_TIMEOUT, DEFAULT_TOTAL_TIMEOUT

DEFAULT_LEASE_SECONDS = 120.0
DEFAULT_POLL_INTERVAL = 1.0
DEFAULT_BATCH_SIZE = 10


def _float(env: Mapping[str, str], name: str, default: float) -> float:
    value = env.get(name, "").strip()
    if not value:
        return default
    try:
        return float(value)
    except ValueError:
        raise ValueError(f"{name} must be a number") from None


@dataclasses.dataclass(frozen=True)
class HandoffSettings:
    """Configuration of the delivery worker.

    Attributes:
        app: The shared application settings (database, review service URL, secret).
        backoff: Retry schedule (``HANDOFF_BACKOFF_BASE``/``_CAP``/``HANDOFF_GIVE_UP_AFTER``).
        connect_timeout: Seconds to connect to the review service
            (``HANDOFF_CONNECT_TIMEOUT``, default 5).
        total_timeout: Seconds for a whole delivery attempt (``HANDOFF_TOTAL_TIMEOUT``,
            default 30).
        lease_seconds: How long a claim protects a row (``HANDOFF_LEASE_SECONDS``,
            default 120); must exceed ``total_timeout``.
        poll_interval: Seconds between looks for due rows when idle
            (``HANDOFF_POLL_INTERVAL``, default 1).
        batch_size: Rows claimed and sent concurrently per round (``HANDOFF_BATCH_SIZE``,
            default 10).
    """

    app: Settings
    backoff: BackoffPolicy = dataclasses.field(default_factory=BackoffPolicy)
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT
    total_timeout: float = DEFAULT_TOTAL_TIMEOUT
    lease_seconds: float = DEFAULT_LEASE_SECONDS
    poll_interval: float = DEFAULT_POLL_INTERVAL
    batch_size: int = DEFAULT_BATCH_SIZE

    def __post_init__(self) -> None:
        if not self.app.review_service_secret:
            raise ValueError("REVIEW_SERVICE_SECRET must be set to deliver intakes")
        if self.lease_seconds <= self.total_timeout:
            raise ValueError(
                "HANDOFF_LEASE_SECONDS must exceed HANDOFF_TOTAL_TIMEOUT, or a slow "
                "delivery could be re-sent by another worker while still in progress"
            )
        if self.poll_interval <= 0 or self.batch_size < 1:
            raise ValueError("poll interval and batch size must be positive")
        if self.connect_timeout <= 0 or self.total_timeout <= 0:
            raise ValueError("timeouts must be positive")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides) -> "HandoffSettings":
        """Builds the settings from environment variables.

        Args:
            environ: Variables to read; ``os.environ`` when None.
            **overrides: Field values that win over the environment (command-line
                options); None values are ignored.

        Returns:
            The settings.

        Raises:
            ValueError: A value is malformed or the combination is unsafe.
        """
        env = os.environ if environ is None else environ
        values = dict(
            app=Settings.from_env(env),
            backoff=BackoffPolicy.from_env(env),
            connect_timeout=_float(env, "HANDOFF_CONNECT_TIMEOUT", DEFAULT_CONNECT_TIMEOUT),
            total_timeout=_float(env, "HANDOFF_TOTAL_TIMEOUT", DEFAULT_TOTAL_TIMEOUT),
            lease_seconds=_float(env, "HANDOFF_LEASE_SECONDS", DEFAULT_LEASE_SECONDS),
            poll_interval=_float(env, "HANDOFF_POLL_INTERVAL", DEFAULT_POLL_INTERVAL),
            batch_size=int(_float(env, "HANDOFF_BATCH_SIZE", DEFAULT_BATCH_SIZE)),
        )
        values.update({key: value for key, value in overrides.items() if value is not None})
        return cls(**values)
