"""The assistant's notion of "today" and "now".

Every date the assistant reasons about relative to today goes through this module so
that ``INTAKE_TODAY=YYYY-MM-DD`` (see ``../shared/spec/interfaces.md``) makes evaluation
reproducible. Unset, the real date is used.
"""
from __future__ import annotations

import datetime as dt
import os

TODAY_ENV = "INTAKE_TODAY"


def today() -> dt.date:
    """Returns the date the assistant treats as today.

    Returns:
        ``INTAKE_TODAY`` when set to an ISO date, otherwise the real local date.

    Raises:
        ValueError: ``INTAKE_TODAY`` is set but is not a ``YYYY-MM-DD`` date.
    """
    fixed = os.environ.get(TODAY_ENV, "").strip()
    if fixed:
        return dt.date.fromisoformat(fixed)
    return dt.date.today()


def now() -> dt.datetime:
    """Returns the current UTC time (timezone-aware)."""
    return dt.datetime.now(dt.timezone.utc)
