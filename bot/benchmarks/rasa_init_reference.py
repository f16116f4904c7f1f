"""The reference point for performance: Rasa's own ``rasa init`` assistant under the same load.

``rasa init --no-prompt --init-dir <dir>`` creates Rasa's example assistant (the mood bot)
and trains it with Rasa's default configuration; the benchmark serves it with the same
``rasa run`` options as the project's server (loopback, REST channel, one Sanic worker;
its own endpoints file: in-memory tracker store, no action server) and drives it with a
fixed greet/mood/affirm/goodbye script at the same concurrency levels. The project's
server does much more per turn (a database tracker store, an action-server round trip,
the clinical NLU), which is the point of the comparison.
"""
from __future__ import annotations

import asyncio
import json
import os
import subprocess
import time
from pathlib import Path
from typing import Any, Sequence

from bot import processes
from bot.benchmarks import load, procstat
from bot.benchmarks.client import AssistantClient, new_session
from bot.benchmarks.system import BENCH_DIR
from bot.processes import ROOT

INIT_DIR = BENCH_DIR / "rasa_init"

#: One conversation with the mood bot: greet, mood, answer, greet again, good mood, goodbye.
SCRIPT = ("hello", "I am feeling very sad", "no, not really", "hi again", "I am great", "goodbye")


def ensure_project(init_dir: Path = INIT_DIR) -> tuple[Path, dict[str, Any]]:
    """Creates and trains the ``rasa init`` project unless it exists.

    Returns:
        The trained model and ``{"training_seconds", "cached"}`` (the time of ``rasa init``,
        which scaffolds the project and trains it).
    """
    info_path = init_dir / "bench-training.json"
    models = sorted((init_dir / "models").glob("*.tar.gz"))
    if models and info_path.exists():
        return models[-1], {**json.loads(info_path.read_text()), "cached": True}
    init_dir.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "3"}
    print(f"  rasa init --no-prompt --init-dir {init_dir.relative_to(ROOT)} ...", flush=True)
    started = time.monotonic()
    with open(init_dir.parent / "rasa_init.log", "wb") as log:
        subprocess.run([processes.RASA, "init", "--no-prompt", "--init-dir", str(init_dir)], cwd=init_dir, env=env,
                       check=True, stdout=log, stderr=subprocess.STDOUT)
    info = {"training_seconds": time.monotonic() - started}
    info_path.write_text(json.dumps(info))
    models = sorted((init_dir / "models").glob("*.tar.gz"))
    if not models:
        raise RuntimeError(f"rasa init produced no model in {init_dir / 'models'}")
    return models[-1], {**info, "cached": False}


def server(model: Path, port: int, init_dir: Path = INIT_DIR) -> processes.Service:
    """``rasa run`` for the init assistant, with the same options as the project's server."""
    return processes.Service(
        "rasa init assistant",
        [processes.RASA, "run", "--model", str(model), "--endpoints", str(init_dir / "endpoints.yml"),
         "--credentials", str(init_dir / "credentials.yml"), "--interface", "127.0.0.1", "--port", str(port),
         "--enable-api", "--quiet"],
        health_url=f"http://127.0.0.1:{port}/",
        startup_timeout=240.0,
    )


def run(levels: Sequence[int] = load.LEVELS, seconds: float = 40.0) -> dict[str, Any]:
    """Serves the ``rasa init`` assistant and loads it at each concurrency level.

    Returns:
        Training time, start-up time, idle memory and one result per level.
    """
    print("\n[reference] Rasa's own `rasa init` assistant under the same load", flush=True)
    model, training = ensure_project()
    port = processes.free_port()
    service = server(model, port)
    log_dir = BENCH_DIR / "runs" / f"rasa-init-{time.strftime('%Y%m%d-%H%M%S')}"
    started = time.monotonic()
    process = processes.start(service, {"SANIC_WORKERS": "1", "TF_CPP_MIN_LOG_LEVEL": "3"}, log_dir)
    try:
        processes.wait_ready(service, process)
        startup = time.monotonic() - started
        pids = {"rasa": process.pid}
        rasa_url = f"http://127.0.0.1:{port}"

        async def measure() -> list[load.LevelResult]:
            async with new_session(2) as session:  # warm-up conversation, not counted
                client = AssistantClient(session, rasa_url)
                for text in SCRIPT:
                    await client.say("warm-up", text)
            return await load.run_levels(rasa_url, [list(SCRIPT)], pids=pids, levels=levels, seconds=seconds,
                                         prefix="rasa-init")

        idle = procstat.tree_rss_mib(process.pid)
        results = asyncio.run(measure())
    finally:
        processes.stop(process)
    return {
        "model": str(model.relative_to(ROOT)),
        "training": training,
        "startup_seconds": startup,
        "idle_rss_mib": {"rasa": idle},
        "levels": [load.as_dict(r) for r in results],
    }
