"""The real system for conversation tests: trained model, Rasa server, action server, web app.

Nothing is mocked: messages go through Rasa's REST channel exactly as a client's would,
and results are read back through the intake API. The system runs once per database
backend (SQLite always, PostgreSQL when TEST_POSTGRES_URL is set).
"""
from __future__ import annotations

import os
import secrets
import subprocess
from typing import Callable, Iterator

import pytest

from bot import launcher, processes
from tests.conversations.driver import Patient, System

#: Fixed "today" for every conversation test (relative dates, urgency, birth dates).
TODAY = "2026-11-20"


@pytest.fixture(scope="session", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def system(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[System]:
    """Starts the whole assistant on free ports against a fresh database."""
    data_dir = tmp_path_factory.mktemp(f"system-{request.param}")
    if request.param == "postgres":
        database_url = request.getfixturevalue("postgres_database_url")
    else:
        database_url = f"sqlite:///{data_dir}/intake.db"
    model = launcher.train()
    token = secrets.token_urlsafe(24)
    review_token = secrets.token_urlsafe(24)
    channel_token = secrets.token_urlsafe(24)
    env = {
        "DATA_DIR": str(data_dir),
        "DATABASE_URL": database_url,
        "INTAKE_API_TOKEN": token,
        "CHANNEL_TOKEN": channel_token,
        "WEB_SESSION_SECRET": secrets.token_urlsafe(24),
        "INTAKE_TODAY": TODAY,
        "SANIC_WORKERS": "1",
    }
    subprocess.run([processes.PYTHON, "-m", "bot.storage.migrate"], cwd=processes.ROOT,
                   env={**os.environ, **env, "PYTHONPATH": str(processes.ROOT)}, check=True)
    ports = {name: processes.free_port() for name in ("rasa", "actions", "web", "review")}
    env.update({
        "REVIEW_SERVICE_URL": f"http://127.0.0.1:{ports['review']}",
        "REVIEW_SERVICE_SECRET": secrets.token_urlsafe(24),
        "REVIEW_SERVICE_TOKEN": review_token,
        "HANDOFF_POLL_INTERVAL": "0.2",
        "RASA_URL": f"http://127.0.0.1:{ports['rasa']}",
    })
    log_dir = data_dir / "logs"
    services = {
        "review": processes.review_service(ports["review"]),
        "worker": processes.delivery_worker(),
        "actions": processes.action_server(ports["actions"]),
        "rasa": processes.rasa_server(model, ports["rasa"], ports["actions"], channel_token),
        "web": processes.web_app(ports["web"]),
    }
    running: dict[str, subprocess.Popen] = {}

    def launch(name: str) -> None:
        running[name] = processes.start(services[name], env, log_dir)
        processes.wait_ready(services[name], running[name])

    def restart_rasa() -> None:
        processes.stop(running["rasa"])
        launch("rasa")

    try:
        for name in services:
            launch(name)
        yield System(
            rasa_url=f"http://127.0.0.1:{ports['rasa']}",
            web_url=f"http://127.0.0.1:{ports['web']}",
            api_token=token,
            database_url=database_url,
            restart_rasa=restart_rasa,
            review_url=env["REVIEW_SERVICE_URL"],
            review_token=review_token,
        )
    except RuntimeError:
        for log in sorted(log_dir.glob("*.log")):
            print(f"--- {log.name}\n{log.read_text()[-4000:]}")
        raise
    finally:
        for process in running.values():
            processes.stop(process)


@pytest.fixture
def patient(system: System) -> Patient:
    """A new patient with a fresh conversation id."""
    return Patient(system)


@pytest.fixture
def new_patient(system: System) -> Callable[[], Patient]:
    """Makes more patients in one test."""
    return lambda: Patient(system)

