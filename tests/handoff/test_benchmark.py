"""The handoff latency benchmark runs end to end (a smoke test, not a measurement)."""
from __future__ import annotations

from bot.handoff.benchmark import percentile, run_benchmark


def test_percentile_is_nearest_rank() -> None:
    values = list(range(1, 101))
    assert percentile(values, 0.95) == 95
    assert percentile(values, 0.5) == 50
    assert percentile([7.0], 0.95) == 7.0


async def test_benchmark_measures_every_intake(database_url, tmp_path) -> None:
    latencies = await run_benchmark(3, database_url, poll_interval=0.1, work_dir=tmp_path,
                                    timeout=30)
    assert len(latencies) == 3
    assert all(0 < latency < 30 for latency in latencies)
