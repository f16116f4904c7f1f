"""The real system for the channel tests: trained model, Rasa, action server, web app.

Started as the conversation tests start it (bot.processes, free ports, secrets made up
for the run), plus a fake of Twilio's REST API the web app sends navigator messages
to. Nothing of ours is mocked.
"""
from __future__ import annotations

import contextlib
import os
import secrets
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import requests
from sqlalchemy import create_engine, text

from bot import launcher, processes
from bot.config import to_sync_url
from tests.channels.fake_twilio import FakeTwilio

#: Fixed "today" for the conversations (as the conversation tests use).
TODAY = "2026-11-20"
#: The number the service texts from.
SERVICE_NUMBER = "+18005550100"


@dataclass
class ChannelSystem:
    """A running assistant.

    Attributes:
        web_url: The web app (chat page, SMS webhook, intake API).
        api_token: The intake API's token.
        database_url: The system's database.
        session_secret: ``WEB_SESSION_SECRET`` (SMS ids are derived from it).
        twilio: The fake Twilio API (its auth token is the webhook's too).
        env: The environment the processes run with.
        log_dir: Where the processes' logs are.
        embed_origin: A "hospital site" origin allowed to embed the widget
            (``http://localhost:<port>``, same site as the web app's ``localhost``
            address); nothing listens there until a test serves a page on it.
    """

    web_url: str
    api_token: str
    database_url: str
    session_secret: str
    twilio: FakeTwilio
    env: dict[str, str]
    log_dir: Path
    embed_origin: str = ""

    @property
    def embed_port(self) -> int:
        """The port of :attr:`embed_origin`."""
        return int(self.embed_origin.rsplit(":", 1)[1])

    def intake(self, conversation_id: str) -> tuple[int, Any]:
        """``GET /api/intakes/{id}``: (status, body)."""
        response = requests.get(f"{self.web_url}/api/intakes/{conversation_id}",
                                headers={"Authorization": f"Bearer {self.api_token}"}, timeout=30)
        return response.status_code, response.json()

    def patient_texts(self, conversation_id: str) -> list[str]:
        """What the patient said in a conversation, from Rasa's tracker."""
        response = requests.get(f"{self.env['RASA_URL']}/conversations/{conversation_id}/tracker",
                                params={"token": self.env["CHANNEL_TOKEN"]}, timeout=30)
        assert response.status_code == 200, response.status_code
        return [e.get("text") or "" for e in response.json().get("events") or [] if e.get("event") == "user"]

    def count_rows(self, table: str) -> int:
        """Rows in one of the system's tables."""
        engine = create_engine(to_sync_url(self.database_url), future=True)
        try:
            with engine.connect() as connection:
                return connection.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one()
        finally:
            engine.dispose()

    def say_as_navigator(self, conversation_id: str, text: str) -> None:
        """Records a care navigator's message in a conversation, as the console does."""
        response = requests.post(
            f"{self.env['RASA_URL']}/conversations/{conversation_id}/tracker/events",
            params={"token": self.env["CHANNEL_TOKEN"]},
            json=[{"event": "bot", "text": text, "metadata": {"navigator": "nav_test"}}], timeout=30,
        )
        assert response.status_code == 200, response.status_code

    def logs(self) -> str:
        """Everything the processes logged so far."""
        return "\n".join(path.read_text(errors="replace") for path in sorted(self.log_dir.glob("*.log")))

    @contextlib.contextmanager
    def web_app_without_rasa(self) -> Iterator[str]:
        """Another web app on the same database and secrets whose Rasa is down.

        Yields:
            Its base URL.
        """
        port = processes.free_port()
        service = processes.web_app(port)
        env = {**self.env, "RASA_URL": f"http://127.0.0.1:{processes.free_port()}"}
        process = processes.start(service, env, self.log_dir / "no-rasa")
        try:
            processes.wait_ready(service, process)
            yield f"http://127.0.0.1:{port}"
        finally:
            processes.stop(process)


@contextlib.contextmanager
def run_system(database_url: str, data_dir: Path) -> Iterator[ChannelSystem]:
    """Starts every process of the assistant against ``database_url``."""
    model = launcher.train()
    twilio = FakeTwilio().start()
    api_token = secrets.token_urlsafe(24)
    channel_token = secrets.token_urlsafe(24)
    session_secret = secrets.token_urlsafe(24)
    ports = {name: processes.free_port() for name in ("rasa", "actions", "web", "review", "embed")}
    embed_origin = f"http://localhost:{ports['embed']}"
    env = {
        "DATA_DIR": str(data_dir),
        "DATABASE_URL": database_url,
        "INTAKE_API_TOKEN": api_token,
        "CHANNEL_TOKEN": channel_token,
        "WEB_SESSION_SECRET": session_secret,
        "TWILIO_AUTH_TOKEN": twilio.auth_token,
        "TWILIO_ACCOUNT_SID": twilio.account_sid,
        "TWILIO_FROM_NUMBER": SERVICE_NUMBER,
        "TWILIO_API_BASE": twilio.base_url,
        "INTAKE_TODAY": TODAY,
        "SANIC_WORKERS": "1",
        "REVIEW_SERVICE_URL": f"http://127.0.0.1:{ports['review']}",
        "REVIEW_SERVICE_SECRET": secrets.token_urlsafe(24),
        "REVIEW_SERVICE_TOKEN": secrets.token_urlsafe(24),
        "HANDOFF_POLL_INTERVAL": "0.2",
        "RASA_URL": f"http://127.0.0.1:{ports['rasa']}",
        "CHAT_ALLOWED_ORIGINS": embed_origin,
    }
    subprocess.run([processes.PYTHON, "-m", "bot.storage.migrate"], cwd=processes.ROOT,
                   env={**os.environ, **env, "PYTHONPATH": str(processes.ROOT)}, check=True)
    services = [
        processes.review_service(ports["review"]),
        processes.delivery_worker(),
        processes.action_server(ports["actions"]),
        processes.rasa_server(model, ports["rasa"], ports["actions"], channel_token),
        processes.web_app(ports["web"]),
    ]
    log_dir = data_dir / "logs"
    running: list[subprocess.Popen] = []
    try:
        for service in services:
            process = processes.start(service, env, log_dir)
            running.append(process)
            processes.wait_ready(service, process)
        yield ChannelSystem(
            web_url=f"http://127.0.0.1:{ports['web']}",
            api_token=api_token,
            database_url=database_url,
            session_secret=session_secret,
            twilio=twilio,
            env=env,
            log_dir=log_dir,
            embed_origin=embed_origin,
        )
    except RuntimeError:
        for log in sorted(log_dir.glob("*.log")):
            print(f"--- {log.name}\n{log.read_text(errors='replace')[-4000:]}")
        raise
    finally:
        for process in reversed(running):
            processes.stop(process)
        twilio.stop()
