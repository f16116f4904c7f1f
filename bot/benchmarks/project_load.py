"""Load on the project's own running system: which conversations to replay, and checking them.

The replayed conversations are recorded from the conversation set (the patient messages
of patients that completed their intake), so the load is a realistic mix of openings,
answers, corrections and confirmations; each replay must end ``submitted`` (checked
through the intake API, outside the timed turns). Without a conversation-set run to record
from, a few patients of the set are driven once first (this also warms the server up).
"""
from __future__ import annotations

import asyncio
import json
from typing import Any, Optional, Sequence

from bot.benchmarks import conversation_set, load, procstat
from bot.benchmarks.client import AssistantClient
from bot.benchmarks.system import BENCH_DIR, RunningSystem

#: The conversations the last load run replayed, so a what-if run replays the same ones.
SCRIPTS_FILE = BENCH_DIR / "load_scripts.json"

#: Patients recorded when no conversation-set results are at hand: one of each kind.
DEFAULT_PATIENTS = ("terse-01", "rich-01", "care-01", "corr-04", "skip-02", "lay-06", "rich-08", "care-05")


def scripts_from(results: Sequence[conversation_set.PatientResult], limit: int = 16) -> list[list[str]]:
    """Patient messages of completed conversations without detours, a spread of the set."""
    usable = [r for r in results if r.completed and not r.error and not r.false_alarm]
    step = max(1, len(usable) // limit)
    return [[text for who, text in r.transcript if who == "patient"] for r in usable[::step][:limit]]


def record_scripts(system: RunningSystem, patient_ids: Sequence[str] = DEFAULT_PATIENTS) -> list[list[str]]:
    """Drives a few patients of the set once and returns their messages for replay."""
    wanted = [p for p in conversation_set.load_set() if p.id in patient_ids]
    results = asyncio.run(conversation_set.drive_set(system.rasa_url, system.web_url, system.api_token, wanted,
                                                     prefix="record", concurrency=1))
    scripts = scripts_from(results)
    if not scripts:
        raise RuntimeError("no recorded conversation completed: cannot build the load")
    return scripts


async def _submitted(client: AssistantClient, conversation_id: str) -> bool:
    intake = await client.intake(conversation_id) or {}
    return intake.get("status") in conversation_set.COMPLETED


def run(system: RunningSystem, *, results: Optional[Sequence[conversation_set.PatientResult]] = None,
        levels: Sequence[int] = load.LEVELS, seconds: float = 40.0, think_seconds: float = 0.0,
        reuse_scripts: bool = False) -> dict[str, Any]:
    """Loads the running system at each concurrency level.

    Args:
        system: The running project system (real action server, real database).
        results: Conversation-set results to record the replayed conversations from.
        levels: Concurrency levels.
        seconds: Duration of each level.
        think_seconds: Mean pause of each patient after each reply (0: closed loop).
        reuse_scripts: Replay the conversations the last load run replayed, when saved.

    Returns:
        Start-up times, idle memory per process, the replayed script count and one result
        per level.
    """
    print("\n[load] the project's system under concurrent simulated patients", flush=True)
    scripts = scripts_from(results) if results else []
    if not scripts and reuse_scripts and SCRIPTS_FILE.exists():
        scripts = json.loads(SCRIPTS_FILE.read_text())
        record_scripts(system, DEFAULT_PATIENTS[:1])  # warm-up only
    if not scripts:
        scripts = record_scripts(system)
    SCRIPTS_FILE.parent.mkdir(parents=True, exist_ok=True)
    SCRIPTS_FILE.write_text(json.dumps(scripts))
    idle = {name: procstat.tree_rss_mib(pid) for name, pid in system.pids.items()}
    turns_per_script = sum(len(s) for s in scripts) / len(scripts)
    print(f"  replaying {len(scripts)} recorded conversations ({turns_per_script:.1f} turns each on average)", flush=True)
    measured = asyncio.run(load.run_levels(
        system.rasa_url, scripts, pids=system.pids, levels=levels, seconds=seconds, web_url=system.web_url,
        api_token=system.api_token, check=_submitted, prefix="project", think_seconds=think_seconds,
    ))
    return {
        "startup_seconds": system.startup_seconds,
        "idle_rss_mib": idle,
        "database": system.database_url.split(":", 1)[0],
        "scripts": len(scripts),
        "turns_per_script": turns_per_script,
        "seconds_per_level": seconds,
        "think_seconds": think_seconds,
        "levels": [load.as_dict(r) for r in measured],
    }
