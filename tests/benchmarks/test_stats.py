"""Latency percentiles (linear interpolation, NumPy's default definition)."""
from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.benchmarks.stats import latency_summary, percentile


def test_percentiles_of_a_known_sample() -> None:
    values = [15, 20, 35, 40, 50]
    assert percentile(values, 0) == 15
    assert percentile(values, 100) == 50
    assert percentile(values, 50) == 35
    assert percentile(values, 40) == pytest.approx(29.0)  # rank 1.6: 20 + 0.6 * 15
    assert percentile(values, 95) == pytest.approx(48.0)  # rank 3.8: 40 + 0.8 * 10


def test_order_of_the_sample_does_not_matter() -> None:
    assert percentile([3, 1, 2], 50) == percentile([1, 2, 3], 50) == 2


def test_one_value_and_empty_samples() -> None:
    assert percentile([7.5], 99) == 7.5
    assert percentile([], 50) is None


def test_invalid_input() -> None:
    with pytest.raises(ValueError):
        percentile([1, 2], 101)
    with pytest.raises(ValueError):
        percentile([1, 2], -1)
    with pytest.raises(ValueError):
        percentile([1, math.nan], 50)


@given(st.lists(st.floats(min_value=0, max_value=1e6), min_size=1, max_size=200), st.floats(min_value=0, max_value=100))
def test_percentile_lies_within_the_sample_and_grows_with_q(values, q) -> None:
    value = percentile(values, q)
    assert min(values) <= value <= max(values)
    assert percentile(values, min(100.0, q + 1)) >= value - 1e-9 * max(1.0, abs(value))


def test_hundred_values_match_the_textbook_ranks() -> None:
    values = list(range(1, 101))  # 1..100
    assert percentile(values, 50) == pytest.approx(50.5)
    assert percentile(values, 95) == pytest.approx(95.05)
    assert percentile(values, 99) == pytest.approx(99.01)


def test_summary_is_in_milliseconds() -> None:
    summary = latency_summary([0.010, 0.020, 0.030])
    assert summary["n"] == 3
    assert summary["p50_ms"] == pytest.approx(20.0)
    assert summary["mean_ms"] == pytest.approx(20.0)
    assert summary["max_ms"] == pytest.approx(30.0)
    assert latency_summary([])["p95_ms"] is None
