"""Starting and stopping a whole assistant for one benchmark section.

The same processes as ``./dev up`` (bot.processes), on free loopback ports, against a
fresh database, with a fixed "today" (``INTAKE_TODAY``) so gold records are reproducible.
The model is a parameter, so the project's model and the stock-configuration baseline run
on exactly the same action server, web app and database code.
"""
from __future__ import annotations

import contextlib
import os
import secrets
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Optional, Sequence

from bot import processes
from bot.processes import ROOT

#: Fixed "today" for every evaluation (relative dates, urgency, birth dates).
TODAY = "2026-11-20"

#: Where benchmark runs keep data that may be reused between runs (clinical index cache).
BENCH_DIR = ROOT / "results" / "bench"


@dataclass
class RunningSystem:
    """A started assistant.

    Attributes:
        rasa_url: Base URL of the Rasa server (REST channel under /webhooks/rest/webhook).
        web_url: Base URL of the web app (intake API under /api/intakes).
        api_token: Bearer token of the intake API.
        database_url: The database every process uses.
        pids: Process name -> pid, for resident-memory readings.
        log_dir: Where the processes write their logs.
        startup_seconds: Process name -> seconds from spawn to ready.
    """

    rasa_url: str
    web_url: str
    api_token: str
    database_url: str
    pids: dict[str, int] = field(default_factory=dict)
    log_dir: Optional[Path] = None
    startup_seconds: dict[str, float] = field(default_factory=dict)


def fresh_work_dir(label: str) -> Path:
    """A new directory for one run's database and logs (``results/bench/runs/<label>-<time>``)."""
    path = BENCH_DIR / "runs" / f"{label}-{time.strftime('%Y%m%d-%H%M%S')}-{secrets.token_hex(2)}"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _environment(work_dir: Path, database_url: str, today: str) -> dict[str, str]:
    cache_data_dir = BENCH_DIR / "data"  # DATA_DIR: the clinical term-index cache survives runs
    cache_data_dir.mkdir(parents=True, exist_ok=True)
    return {
        "DATA_DIR": str(cache_data_dir),
        "DATABASE_URL": database_url,
        "INTAKE_API_TOKEN": secrets.token_urlsafe(24),
        "CHANNEL_TOKEN": secrets.token_urlsafe(24),
        "WEB_SESSION_SECRET": secrets.token_urlsafe(24),
        "REVIEW_SERVICE_SECRET": secrets.token_urlsafe(24),
        "REVIEW_SERVICE_TOKEN": secrets.token_urlsafe(24),
        "INTAKE_TODAY": today,
        "SANIC_WORKERS": "1",
        "HANDOFF_POLL_INTERVAL": "0.25",
        "TF_CPP_MIN_LOG_LEVEL": "3",
    }


@contextlib.contextmanager
def running_system(
    model: Path,
    *,
    label: str,
    database_url: Optional[str] = None,
    today: str = TODAY,
    with_delivery: bool = True,
    rasa_command: Optional[Sequence[str]] = None,
) -> Iterator[RunningSystem]:
    """Runs the assistant with ``model`` until the ``with`` block ends.

    Args:
        model: The trained Rasa model (.tar.gz).
        label: Names the run's work directory.
        database_url: The database; a fresh SQLite file in the work directory by default.
            A PostgreSQL URL must name an empty (or benchmark-only) database.
        today: The fixed date the processes treat as today.
        with_delivery: Also run the reference review service and the delivery worker, as
            ``./dev up`` does.
        rasa_command: Replaces the project's Rasa entry point (``processes.RASA_SERVER``)
            in the Rasa server's command line (e.g. Rasa's own ``rasa`` executable).

    Yields:
        The running system.

    Raises:
        RuntimeError: A process did not start; the tail of its log is in the message.
    """
    work_dir = fresh_work_dir(label)
    database_url = database_url or f"sqlite:///{work_dir}/intake.db"
    env = _environment(work_dir, database_url, today)
    subprocess.run([processes.PYTHON, "-m", "bot.storage.migrate"], cwd=ROOT,
                   env={**os.environ, **env, "PYTHONPATH": str(ROOT)}, check=True)
    ports = {name: processes.free_port() for name in ("rasa", "actions", "web", "review")}
    env["REVIEW_SERVICE_URL"] = f"http://127.0.0.1:{ports['review']}"
    env["RASA_URL"] = f"http://127.0.0.1:{ports['rasa']}"
    services: dict[str, processes.Service] = {}
    if with_delivery:
        services["review service"] = processes.review_service(ports["review"])
        services["delivery worker"] = processes.delivery_worker()
    services["action server"] = processes.action_server(ports["actions"])
    rasa = processes.rasa_server(model, ports["rasa"], ports["actions"], env["CHANNEL_TOKEN"])
    if rasa_command:
        rasa.argv = [*rasa_command, *list(rasa.argv)[len(processes.RASA_SERVER):]]
    services["rasa"] = rasa
    services["web app"] = processes.web_app(ports["web"])
    log_dir = work_dir / "logs"
    running: dict[str, subprocess.Popen] = {}
    system = RunningSystem(
        rasa_url=env["RASA_URL"], web_url=f"http://127.0.0.1:{ports['web']}",
        api_token=env["INTAKE_API_TOKEN"], database_url=database_url, log_dir=log_dir,
    )
    try:
        for name, service in services.items():
            started = time.monotonic()
            running[name] = processes.start(service, env, log_dir)
            try:
                processes.wait_ready(service, running[name])
            except RuntimeError as error:
                raise RuntimeError(f"{error}\n{log_tail(log_dir, name)}") from error
            system.startup_seconds[name] = time.monotonic() - started
            system.pids[name] = running[name].pid
        yield system
    finally:
        for process in reversed(list(running.values())):
            processes.stop(process)


def log_tail(log_dir: Path, name: str, chars: int = 3000) -> str:
    """The end of a process's log, for error messages."""
    path = log_dir / f"{name.replace(' ', '_')}.log"
    return path.read_text(errors="replace")[-chars:] if path.exists() else ""
