"""Latency statistics: percentiles and summaries of a sample of durations."""
from __future__ import annotations

import math
from typing import Optional, Sequence


def percentile(values: Sequence[float], q: float) -> Optional[float]:
    """The ``q``-th percentile by linear interpolation between closest ranks.

    The same definition as NumPy's default (``linear``): the value at rank
    ``(n - 1) * q / 100`` of the sorted sample, interpolated between its neighbours.

    Args:
        values: The sample (any order).
        q: The percentile, 0 to 100.

    Returns:
        The percentile, or None for an empty sample.

    Raises:
        ValueError: ``q`` is outside 0..100 or a value is not finite.
    """
    if not 0 <= q <= 100:
        raise ValueError(f"percentile must be within 0..100, got {q}")
    if not values:
        return None
    ordered = sorted(values)
    if not all(math.isfinite(v) for v in ordered):
        raise ValueError("values must be finite")
    rank = (len(ordered) - 1) * q / 100
    low = math.floor(rank)
    high = math.ceil(rank)
    if low == high:
        return float(ordered[low])
    weight = rank - low
    # low + (high - low) * w stays within [low, high] in floating point (equal neighbours: exact).
    return ordered[low] + (ordered[high] - ordered[low]) * weight


def latency_summary(seconds: Sequence[float]) -> dict[str, Optional[float]]:
    """p50, p95, p99, mean and max of durations, in milliseconds (None when empty)."""
    if not seconds:
        return {"n": 0, "p50_ms": None, "p95_ms": None, "p99_ms": None, "mean_ms": None, "max_ms": None}
    ms = [s * 1000 for s in seconds]
    return {
        "n": len(ms),
        "p50_ms": percentile(ms, 50),
        "p95_ms": percentile(ms, 95),
        "p99_ms": percentile(ms, 99),
        "mean_ms": sum(ms) / len(ms),
        "max_ms": max(ms),
    }
