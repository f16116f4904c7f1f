"""Console settings, read once from the environment.

The console needs one secret of its own, ``WEB_SESSION_SECRET`` (it signs session
cookies); it reaches Rasa (``Settings.rasa_url``) with the shared ``CHANNEL_TOKEN``.
"""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from typing import Mapping, Optional

SESSION_SECRET_ENV = "WEB_SESSION_SECRET"
CHANNEL_TOKEN_ENV = "CHANNEL_TOKEN"


def _get(environ: Mapping[str, str], name: str) -> Optional[str]:
    value = environ.get(name, "").strip()
    return value or None


@dataclass(frozen=True)
class ConsoleConfig:
    """How the console behaves.

    Attributes:
        session_secret: Key that signs session cookies; None leaves the console
            unavailable (503) rather than guessing one.
        channel_token: Token for Rasa's trusted channel and HTTP API.
        idle_timeout: A session ends after this long without a request.
        session_lifetime: A session ends this long after sign-in, active or not.
        max_failed_logins: Consecutive failures that lock a username out.
        lockout: How long a lock-out lasts.
        poll_interval_ms: How often intake pages refresh themselves.
    """

    session_secret: Optional[str] = field(default=None, repr=False)
    channel_token: Optional[str] = field(default=None, repr=False)
    idle_timeout: dt.timedelta = dt.timedelta(minutes=30)
    session_lifetime: dt.timedelta = dt.timedelta(hours=12)
    max_failed_logins: int = 5
    lockout: dt.timedelta = dt.timedelta(minutes=15)
    poll_interval_ms: int = 2500

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> "ConsoleConfig":
        """Builds the configuration from environment variables."""
        return cls(
            session_secret=_get(environ, SESSION_SECRET_ENV),
            channel_token=_get(environ, CHANNEL_TOKEN_ENV),
        )
