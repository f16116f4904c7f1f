"""Fixtures for the console tests: real databases, a real web app, a settable clock."""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
import secrets
from pathlib import Path
from typing import Any, AsyncIterator, Dict

import pytest
from aiohttp.test_utils import TestClient
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.config import Settings
from bot.console.app import setup
from bot.console.config import ConsoleConfig
from bot.console.context import CONTEXT_KEY, ConsoleContext
from bot.processes import free_port
from bot.storage.engine import create_engine_from_url, session_factory
from bot.storage.intakes import IntakeStore
from bot.web.app import create_app

PASSWORD = "correct horse battery staple"

_HIDDEN_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
_META_CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)">')


class Clock:
    """A clock tests move by hand."""

    def __init__(self) -> None:
        self.moment = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.timezone.utc)

    def __call__(self) -> dt.datetime:
        return self.moment

    def advance(self, **delta: float) -> None:
        self.moment += dt.timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def console_database_url(migrated_database_url: str) -> str:
    """A database with every migration applied, the console's included."""
    return migrated_database_url


@pytest.fixture
async def engine(console_database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine_from_url(console_database_url)
    yield engine
    await engine.dispose()


@pytest.fixture
def sessions(engine: AsyncEngine):
    return session_factory(engine)


@pytest.fixture
def config() -> ConsoleConfig:
    return ConsoleConfig(session_secret=secrets.token_urlsafe(24), channel_token="unused")


@pytest.fixture
def settings(console_database_url: str, tmp_path: Path) -> Settings:
    # Rasa is not running in these tests: a closed port makes it "unavailable".
    return dataclasses.replace(
        Settings.from_env({}),
        data_dir=tmp_path,
        database_url=console_database_url,
        rasa_url=f"http://127.0.0.1:{free_port()}",
    )


@pytest.fixture
async def client(aiohttp_client, settings: Settings, config: ConsoleConfig) -> TestClient:
    """The web app with the console, on a migrated database."""
    app = create_app(settings, extensions=[functools.partial(setup, config=config)])
    return await aiohttp_client(app)


@pytest.fixture
def console(client: TestClient) -> ConsoleContext:
    """The running console's resources (accounts, audit log, intake store ...)."""
    return client.app[CONTEXT_KEY]


@pytest.fixture
def store(console: ConsoleContext) -> IntakeStore:
    return console.intakes


async def login_form_token(client: TestClient) -> str:
    """Opens the sign-in page; returns its CSRF token (its cookie is now set)."""
    page = await client.get("/console/login")
    assert page.status == 200
    match = _HIDDEN_CSRF.search(await page.text())
    assert match
    return match.group(1)


async def sign_in(client: TestClient, username: str, password: str = PASSWORD, **extra: str):
    """Posts the sign-in form as a browser would; returns the response (not followed)."""
    token = await login_form_token(client)
    data: Dict[str, str] = {"csrf_token": token, "username": username, "password": password, **extra}
    return await client.post("/console/login", data=data, allow_redirects=False)


async def page_csrf(client: TestClient, path: str = "/console/intakes") -> str:
    """The session's CSRF token, as a signed-in page carries it."""
    page = await client.get(path, headers={"Accept": "text/html"})
    assert page.status == 200, page.status
    match = _META_CSRF.search(await page.text())
    assert match
    return match.group(1)


@pytest.fixture
async def navigator(client: TestClient, console: ConsoleContext):
    """A signed-in navigator account."""
    user = await console.accounts.create("dana", PASSWORD)
    response = await sign_in(client, "dana")
    assert response.status == 302
    return user


def snapshot_record(conversation_id: str, name: str = "Maria Garcia", **changes: Any) -> Dict[str, Any]:
    """A record as the actions store it mid-intake."""
    record: Dict[str, Any] = {
        "schema_version": "1",
        "reference": None,
        "conversation_id": conversation_id,
        "channel": "web",
        "requester": {"role": "patient", "name": name, "relationship": None},
        "patient": {"name": {"text": name, "given": None, "family": None}, "birth_date": "1961-03-04",
                    "phone": None, "email": None, "region": None},
        "diagnosis": {"text": "atrial fibrillation", "code": None, "specialty": "cardiology"},
        "questions": [],
        "provenance": {
            "patient.name": {"turn": 3, "source_text": name, "method": "patient_answer",
                             "confidence": 0.9, "confirmed": False},
            "patient.birth_date": {"turn": 4, "source_text": "March 4 1961", "method": "patient_answer",
                                   "confidence": 1.0, "confirmed": False},
            "diagnosis.text": {"turn": 2, "source_text": "I have afib", "method": "nlu",
                               "confidence": 0.8, "confirmed": False},
        },
    }
    record.update(changes)
    return record


async def seed(store: IntakeStore, conversation_id: str, *, name: str = "Maria Garcia", **changes: Any) -> None:
    """Stores an intake snapshot."""
    arguments: Dict[str, Any] = dict(
        channel="web", status="in_progress", asking="patient.phone", answered=3, total=12,
        record=snapshot_record(conversation_id, name),
    )
    arguments.update(changes)
    await store.save_snapshot(conversation_id, **arguments)


# --- the real system (Rasa, actions, web app with the console) ---------------------

from tests.conversations.conftest import new_patient, patient, system  # noqa: E402,F401
from tests.console.system import Account, Navigator, create_account  # noqa: E402


@pytest.fixture(scope="session")
def console_system(system):
    """The running system (its database is migrated, the console's tables included)."""
    return system


@pytest.fixture
def account(console_system) -> Account:
    """A new navigator account on the running system."""
    return create_account(console_system.database_url)


@pytest.fixture
def navigator_http(console_system, account: Account) -> Navigator:
    """A signed-in navigator talking to the console over HTTP."""
    navigator = Navigator(console_system.web_url, account)
    navigator.sign_in()
    return navigator


@pytest.fixture
def page(browser):
    """A fresh browser context (no cookies) and page."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(45_000)
    yield page
    context.close()
