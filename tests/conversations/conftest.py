"""The real system for conversation tests: trained model, Rasa server, action server, web app.

Nothing is mocked: messages go through Rasa's REST channel exactly as a client's would,
and results are read back through the intake API. The system runs once per database
backend (SQLite always, PostgreSQL when TEST_POSTGRES_URL is set).
"""
from __future__ import annotations

import contextlib
import os
import secrets
import subprocess
import uuid
from typing import Callable, Iterator

import pytest

from bot import launcher, processes
from tests.conversations.driver import Patient, System

#: Fixed "today" for every conversation test (relative dates, urgency, birth dates).
TODAY = "2026-11-20"
#: The care navigators' hours the system is configured with (patients are told them).
NAVIGATOR_HOURS = "every day, 7 am to 9 pm Central"


@contextlib.contextmanager
def _own_postgres_database() -> Iterator[str]:
    import psycopg2
    from sqlalchemy.engine import make_url

    server = os.environ.get("TEST_POSTGRES_URL", "").strip()
    if not server:
        pytest.skip("TEST_POSTGRES_URL is not set")
    url = make_url(server)
    name = f"intake_conversations_{uuid.uuid4().hex[:10]}"
    admin = psycopg2.connect(host=url.host, port=url.port, user=url.username, password=url.password,
                             dbname=url.database or "postgres")
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        yield url.set(drivername="postgresql", database=name).render_as_string(hide_password=False)
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture(scope="session", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def system(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[System]:
    """Starts the whole assistant on free ports against a fresh database."""
    with contextlib.ExitStack() as stack:
        yield from _run_system(request, tmp_path_factory, stack)


def _run_system(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
                stack: contextlib.ExitStack) -> Iterator[System]:
    data_dir = tmp_path_factory.mktemp(f"system-{request.param}")
    if request.param == "postgres":
        # A database of its own: the system's delivery worker runs for the whole session
        # and must not take outbox rows from other suites' shared test database.
        database_url = stack.enter_context(_own_postgres_database())
    else:
        database_url = f"sqlite:///{data_dir}/intake.db"
    model = launcher.train()
    token = secrets.token_urlsafe(24)
    review_token = secrets.token_urlsafe(24)
    channel_token = secrets.token_urlsafe(24)
    session_secret = secrets.token_urlsafe(24)
    twilio_token = secrets.token_hex(16)
    env = {
        "DATA_DIR": str(data_dir),
        "DATABASE_URL": database_url,
        "INTAKE_API_TOKEN": token,
        "CHANNEL_TOKEN": channel_token,
        "WEB_SESSION_SECRET": session_secret,
        "TWILIO_AUTH_TOKEN": twilio_token,
        "INTAKE_TODAY": TODAY,
        "SANIC_WORKERS": "1",
        "NAVIGATOR_HOURS": NAVIGATOR_HOURS,
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
            twilio_token=twilio_token,
            session_secret=session_secret,
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

