"""Retry schedule: exponential backoff with full jitter and a give-up window."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.handoff.backoff import BackoffPolicy

T0 = dt.datetime(2024, 4, 20, 12, 0, tzinfo=dt.timezone.utc)


def test_defaults() -> None:
    policy = BackoffPolicy()
    assert (policy.base_seconds, policy.cap_seconds, policy.give_up_after_seconds) == (
        5.0, 3600.0, 3 * 24 * 3600.0)


@pytest.mark.parametrize(("attempts", "ceiling"),
                         [(1, 5), (2, 10), (3, 20), (8, 640), (10, 2560), (11, 3600),
                          (50, 3600), (10_000, 3600)])
def test_ceiling_doubles_up_to_the_cap(attempts: int, ceiling: float) -> None:
    policy = BackoffPolicy()
    assert policy.delay(attempts, rand=lambda: 0.999999) == pytest.approx(ceiling, rel=1e-5)
    assert policy.delay(attempts, rand=lambda: 0.0) == 0.0


@given(attempts=st.integers(min_value=0, max_value=10_000))
def test_delay_is_within_bounds(attempts: int) -> None:
    policy = BackoffPolicy()
    assert 0 <= policy.delay(attempts) <= 3600


def test_jitter_spreads_retries() -> None:
    policy = BackoffPolicy()
    delays = {round(policy.delay(6), 3) for _ in range(50)}
    assert len(delays) > 40


def test_next_attempt_is_scheduled_until_the_window_closes() -> None:
    policy = BackoffPolicy()
    now = T0 + dt.timedelta(hours=1)
    nxt = policy.next_attempt_at(3, created_at=T0, now=now, rand=lambda: 0.5)
    assert nxt == now + dt.timedelta(seconds=10)


def test_the_last_try_is_at_the_end_of_the_window() -> None:
    policy = BackoffPolicy()
    deadline = T0 + dt.timedelta(days=3)
    now = deadline - dt.timedelta(seconds=10)
    assert policy.next_attempt_at(40, created_at=T0, now=now, rand=lambda: 0.99) == deadline


def test_gives_up_after_three_days() -> None:
    policy = BackoffPolicy()
    assert policy.next_attempt_at(80, created_at=T0, now=T0 + dt.timedelta(days=3)) is None
    assert policy.next_attempt_at(1, created_at=T0, now=T0 + dt.timedelta(days=4)) is None


def test_from_env_and_validation() -> None:
    policy = BackoffPolicy.from_env({"HANDOFF_BACKOFF_BASE": "0.01", "HANDOFF_BACKOFF_CAP": "0.1",
                                     "HANDOFF_GIVE_UP_AFTER": "2"})
    assert policy == BackoffPolicy(0.01, 0.1, 2.0)
    assert BackoffPolicy.from_env({}) == BackoffPolicy()
    with pytest.raises(ValueError):
        BackoffPolicy(base_seconds=10, cap_seconds=5)
    with pytest.raises(ValueError):
        BackoffPolicy(give_up_after_seconds=0)
