"""The assistant's processes: how each one is started and when it is ready.

Used by the bring-up command (bot.launcher) and by the tests that drive the real system,
so both start exactly the same thing.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, Optional, Sequence

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
RASA = str(Path(PYTHON).with_name("rasa"))
#: How the project runs Rasa's server: Rasa's command line with per-turn costs removed.
RASA_SERVER = (PYTHON, "-m", "bot.rasa_server")


@dataclass
class Service:
    """One process of the system.

    Attributes:
        name: Short name used in logs and messages.
        argv: The command line.
        health_url: A URL that answers 200 once the process is ready.
        env: Extra environment variables.
        startup_timeout: Seconds to wait for readiness.
    """

    name: str
    argv: Sequence[str]
    health_url: Optional[str] = None
    env: Mapping[str, str] = field(default_factory=dict)
    startup_timeout: float = 120.0


def free_port() -> int:
    """A TCP port on the loopback interface that is free right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def action_server(port: int) -> Service:
    """The rasa-sdk action server serving ``actions/``."""
    return Service(
        "action server",
        [PYTHON, "-m", "rasa_sdk", "--actions", "actions", "--port", str(port)],
        health_url=f"http://127.0.0.1:{port}/health",
        env={"SANIC_HOST": "127.0.0.1"},  # loopback only: Rasa is its only client
    )


def rasa_server(model: Path, port: int, action_port: int, api_token: Optional[str] = None) -> Service:
    """The Rasa server with the REST and trusted channels, bound to loopback.

    Started through :mod:`bot.rasa_server`. Its HTTP API (transcripts, pause/resume)
    requires ``api_token`` when given.
    """
    # One argument with "=": a random token may begin with "-", which argparse would
    # otherwise take for an option (Rasa then exits with code 2).
    auth = [f"--auth-token={api_token}"] if api_token else []
    return Service(
        "rasa",
        [
            *RASA_SERVER, "run", "--model", str(model), "--endpoints", "endpoints.yml",
            "--credentials", "credentials.yml", "--interface", "127.0.0.1", "--port", str(port),
            "--enable-api", "--quiet", *auth,
        ],
        health_url=f"http://127.0.0.1:{port}/",
        env={"ACTION_SERVER_URL": f"http://127.0.0.1:{action_port}/webhook"},
        startup_timeout=240.0,
    )


def web_app(port: int) -> Service:
    """The aiohttp web app: chat page, intake API, console, SMS webhook."""
    return Service(
        "web app",
        [PYTHON, "-m", "bot.web"],
        health_url=f"http://127.0.0.1:{port}/healthz",
        env={"WEB_PORT": str(port)},
    )


def review_service(port: int) -> Service:
    """The reference review service standing in for the hospital's."""
    return Service(
        "review service",
        [PYTHON, "-m", "bot.review_service"],
        health_url=f"http://127.0.0.1:{port}/health",
        env={"REVIEW_PORT": str(port)},
    )


def delivery_worker() -> Service:
    """The worker that hands submitted intakes to the review service."""
    return Service("delivery worker", [PYTHON, "-m", "bot.handoff.worker"])


def start(service: Service, env: Mapping[str, str], log_dir: Path) -> subprocess.Popen:
    """Starts a service with its output in ``log_dir/<name>.log``."""
    log_dir.mkdir(parents=True, exist_ok=True)
    log = open(log_dir / f"{service.name.replace(' ', '_')}.log", "ab")
    full_env = {**os.environ, **env, **service.env}
    full_env["PYTHONPATH"] = str(ROOT) + os.pathsep + full_env.get("PYTHONPATH", "")
    full_env.setdefault("RASA_TELEMETRY_ENABLED", "false")
    return subprocess.Popen(
        list(service.argv), cwd=ROOT, env=full_env, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def wait_ready(service: Service, process: subprocess.Popen) -> None:
    """Blocks until the service answers its health URL.

    Raises:
        RuntimeError: The process exited or did not become ready in time.
    """
    if service.health_url is None:
        time.sleep(0.5)
        if process.poll() is not None:
            raise RuntimeError(f"{service.name} exited with code {process.returncode}")
        return
    deadline = time.monotonic() + service.startup_timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{service.name} exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(service.health_url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, OSError):
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{service.name} did not become ready in {service.startup_timeout:.0f} s")


def stop(process: subprocess.Popen, timeout: float = 15.0) -> None:
    """Stops a process (and its children) politely, then firmly."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, 15)
        process.wait(timeout=timeout)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(process.pid, 9)
        except ProcessLookupError:
            pass
        process.wait(timeout=5)
