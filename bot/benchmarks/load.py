"""Load: concurrent simulated patients, per-turn latency, throughput, memory and CPU.

Each simulated patient replays a recorded conversation (the exact messages a patient of
the conversation set sent, under a new conversation id) through the REST channel, one
message after the other (closed loop), by default without think time; with
``think_seconds`` each patient pauses a random 0.5-1.5 times that long after each reply,
as a person reading and typing would, and paced patients start at random moments within
the first two pauses instead of all at once. ``concurrency`` patients run at
once for ``seconds``; a patient that finishes starts a new conversation. Every turn's
latency (send to full response) is kept; throughput is turns completed over the time from
the start until the last patient's last turn returned.

While a level runs, the resident memory (VmRSS) of each process and its children is
sampled, and the CPU time each used is read before and after, so the table shows which
process is the bottleneck.
"""
from __future__ import annotations

import asyncio
import random
import time
import uuid
from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable, Mapping, Optional, Sequence

from bot.benchmarks import procstat
from bot.benchmarks.client import AssistantClient, new_session
from bot.benchmarks.stats import latency_summary

#: Concurrency levels the issue asks for.
LEVELS = (1, 10, 50)

#: Called after each replayed conversation with its conversation id: did it end as recorded?
Check = Callable[[AssistantClient, str], Awaitable[bool]]


@dataclass
class LevelResult:
    """One concurrency level."""

    concurrency: int
    turns: int
    conversations: int
    conversations_ok: int
    errors: int
    elapsed_seconds: float
    turns_per_second: float
    latency: dict[str, Optional[float]]
    rss_peak_mib: dict[str, Optional[float]] = field(default_factory=dict)
    cpu_cores_used: dict[str, float] = field(default_factory=dict)
    think_seconds: float = 0.0
    machine_cores_busy: float = 0.0
    client_cores_used: float = 0.0
    other_cores_used: float = 0.0


class _Sampler:
    """Samples resident memory of named process trees until stopped."""

    def __init__(self, pids: Mapping[str, int], interval: float = 0.5) -> None:
        self.pids = dict(pids)
        self.interval = interval
        self.peak: dict[str, Optional[float]] = {name: None for name in pids}
        self._task: Optional[asyncio.Task] = None

    def sample(self) -> None:
        for name, pid in self.pids.items():
            rss = procstat.tree_rss_mib(pid)
            if rss is not None and (self.peak[name] is None or rss > self.peak[name]):
                self.peak[name] = rss

    async def _loop(self) -> None:
        while True:
            self.sample()
            await asyncio.sleep(self.interval)

    def __enter__(self) -> "_Sampler":
        self._task = asyncio.get_running_loop().create_task(self._loop())
        return self

    def __exit__(self, *_: object) -> None:
        if self._task is not None:
            self._task.cancel()
        self.sample()


async def run_level(
    client: AssistantClient,
    scripts: Sequence[Sequence[str]],
    concurrency: int,
    seconds: float,
    *,
    pids: Mapping[str, int],
    check: Optional[Check] = None,
    prefix: str = "load",
    think_seconds: float = 0.0,
) -> LevelResult:
    """Runs ``concurrency`` replaying patients for about ``seconds``.

    Args:
        client: The client (its session must allow ``concurrency`` connections).
        scripts: Recorded conversations (each a list of patient messages).
        concurrency: Patients at once.
        seconds: How long new turns are started.
        pids: Process name -> pid, for memory and CPU readings.
        check: Verifies each finished conversation (not timed).
        prefix: Start of the conversation ids.
        think_seconds: Mean pause after each reply (0: none).
    """
    latencies: list[float] = []
    counts = {"conversations": 0, "ok": 0, "errors": 0}
    cpu_before = {name: procstat.tree_cpu_seconds(pid) for name, pid in pids.items()}
    machine_before, client_before = procstat.machine_cpu_seconds()[0], procstat.own_cpu_seconds()
    started = time.perf_counter()
    deadline = started + seconds

    async def patient(number: int) -> None:
        pauses = random.Random(number)  # reproducible pacing per patient
        if think_seconds:
            # People do not all press send at the same instant: paced patients arrive spread out.
            await asyncio.sleep(pauses.uniform(0, 2 * think_seconds))
        index = number
        while time.perf_counter() < deadline:
            script = scripts[index % len(scripts)]
            index += concurrency
            sender = f"{prefix}-{concurrency}-{number}-{uuid.uuid4().hex[:8]}"
            finished = True
            for text in script:
                if time.perf_counter() >= deadline:
                    finished = False
                    break
                try:
                    turn = await client.say(sender, text)
                except Exception:  # noqa: BLE001 - counted, the patient goes on
                    counts["errors"] += 1
                    finished = False
                    break
                latencies.append(turn.seconds)
                if think_seconds:
                    await asyncio.sleep(think_seconds * pauses.uniform(0.5, 1.5))
            if finished:
                counts["conversations"] += 1
                if check is None or await check(client, sender):
                    counts["ok"] += 1

    with _Sampler(pids) as sampler:
        await asyncio.gather(*(patient(n) for n in range(concurrency)))
        elapsed = time.perf_counter() - started
    cpu_after = {name: procstat.tree_cpu_seconds(pid) for name, pid in pids.items()}
    machine = (procstat.machine_cpu_seconds()[0] - machine_before) / elapsed
    client_cores = (procstat.own_cpu_seconds() - client_before) / elapsed
    cores = {name: (cpu_after[name] - cpu_before[name]) / elapsed for name in pids}
    return LevelResult(
        concurrency=concurrency,
        turns=len(latencies),
        conversations=counts["conversations"],
        conversations_ok=counts["ok"],
        errors=counts["errors"],
        elapsed_seconds=elapsed,
        turns_per_second=len(latencies) / elapsed if elapsed else 0.0,
        think_seconds=think_seconds,
        latency=latency_summary(latencies),
        rss_peak_mib=sampler.peak,
        cpu_cores_used=cores,
        machine_cores_busy=machine,
        client_cores_used=client_cores,
        # Busy cores not explained by the system under test or this client: other work on
        # the machine (other engineers' test runs) competing for the same 2 cores.
        other_cores_used=max(0.0, machine - client_cores - sum(cores.values())),
    )


async def run_levels(
    rasa_url: str,
    scripts: Sequence[Sequence[str]],
    *,
    pids: Mapping[str, int],
    levels: Sequence[int] = LEVELS,
    seconds: float = 40.0,
    web_url: Optional[str] = None,
    api_token: Optional[str] = None,
    check: Optional[Check] = None,
    prefix: str = "load",
    think_seconds: float = 0.0,
) -> list[LevelResult]:
    """Runs every concurrency level in turn against one running assistant."""
    results = []
    async with new_session(max(levels)) as session:
        client = AssistantClient(session, rasa_url, web_url, api_token)
        for level in levels:
            results.append(await run_level(client, scripts, level, seconds, pids=pids, check=check, prefix=prefix,
                                           think_seconds=think_seconds))
            print_level(results[-1], prefix)
    return results


def print_level(result: LevelResult, label: str) -> None:
    """Prints one level's numbers as they come."""
    lat = result.latency
    paced = f" (think {result.think_seconds:g} s)" if result.think_seconds else ""
    print(f"  [{label}] {result.concurrency:>3} concurrent{paced}: {result.turns_per_second:6.1f} turns/s, "
          f"p50 {lat['p50_ms'] or 0:7.1f} ms, p95 {lat['p95_ms'] or 0:7.1f} ms, p99 {lat['p99_ms'] or 0:7.1f} ms, "
          f"{result.turns} turns, {result.conversations_ok}/{result.conversations} conversations ok, "
          f"{result.errors} errors; cores busy: machine {result.machine_cores_busy:.2f}, "
          + ", ".join(f"{name} {cores:.2f}" for name, cores in result.cpu_cores_used.items())
          + f", client {result.client_cores_used:.2f}, others {result.other_cores_used:.2f}", flush=True)


def as_dict(result: LevelResult) -> dict[str, Any]:
    """A level as JSON-ready data."""
    return dict(result.__dict__)
