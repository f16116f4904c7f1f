"""Fault injection, so tests can see how the assistant copes with a failing service.

Modes (for ``POST /intakes`` only):

* ``503`` - answer 503 without storing anything.
* ``timeout`` - hold the request longer than the client's timeout, then answer 503;
  nothing is stored.
* ``reset`` - start a 201 response and close the connection half-way through its body;
  nothing is stored.
* ``lose_response`` - store the record, then drop the connection before answering.
* ``none`` - behave.

A fault may be limited to the next ``count`` requests; without a count it lasts until
it is cleared. Set it with ``REVIEW_FAULT=mode[:count]`` at start-up or at run time
with ``POST /admin/faults {"mode": ..., "count": ..., "delay": ...}``.
"""
from __future__ import annotations

import dataclasses
from typing import Any

MODES = ("none", "503", "timeout", "reset", "lose_response")
DEFAULT_TIMEOUT_DELAY = 60.0


@dataclasses.dataclass(frozen=True)
class FaultPlan:
    """A fault to inject.

    Attributes:
        mode: One of ``MODES``.
        count: How many requests it applies to; None for all until cleared.
        delay: Seconds a ``timeout`` fault holds each request.
    """

    mode: str = "none"
    count: int | None = None
    delay: float = DEFAULT_TIMEOUT_DELAY

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"fault mode must be one of {', '.join(MODES)}")
        if self.count is not None and self.count < 0:
            raise ValueError("fault count must not be negative")
        if self.delay < 0:
            raise ValueError("fault delay must not be negative")

    @classmethod
    def parse(cls, text: str) -> "FaultPlan":
        """Parses ``mode[:count]`` (the ``REVIEW_FAULT`` syntax).

        Raises:
            ValueError: Unknown mode or a count that is not an integer.
        """
        mode, _, count = text.strip().partition(":")
        return cls(mode=mode or "none", count=int(count) if count else None)

    @classmethod
    def from_json(cls, data: Any) -> "FaultPlan":
        """Builds a plan from the admin endpoint's JSON body.

        Raises:
            ValueError: The body is not a valid plan.
        """
        if not isinstance(data, dict):
            raise ValueError("expected a JSON object")
        count = data.get("count")
        delay = data.get("delay", DEFAULT_TIMEOUT_DELAY)
        if count is not None and (not isinstance(count, int) or isinstance(count, bool)):
            raise ValueError("count must be an integer or null")
        if not isinstance(delay, (int, float)) or isinstance(delay, bool):
            raise ValueError("delay must be a number")
        return cls(mode=str(data.get("mode", "none")), count=count, delay=float(delay))

    def to_json(self) -> dict[str, Any]:
        """Returns the plan as the admin endpoint shows it."""
        return {"mode": self.mode, "count": self.count, "delay": self.delay}


class FaultInjector:
    """The fault currently in force; shared by the request handlers of one app."""

    def __init__(self, plan: FaultPlan | None = None) -> None:
        self._plan = plan or FaultPlan()

    @property
    def plan(self) -> FaultPlan:
        """The current plan (with the count of requests still to fault)."""
        return self._plan

    def set(self, plan: FaultPlan) -> None:
        """Replaces the current plan."""
        self._plan = plan

    def take(self) -> FaultPlan:
        """Returns the fault for the request being handled and uses up one count.

        Never awaits, so concurrent requests on the event loop cannot both take the
        last count.
        """
        plan = self._plan
        if plan.mode == "none":
            return plan
        if plan.count is not None:
            if plan.count <= 0:
                self._plan = FaultPlan()
                return self._plan
            remaining = plan.count - 1
            self._plan = (
                dataclasses.replace(plan, count=remaining) if remaining else FaultPlan()
            )
        return plan
