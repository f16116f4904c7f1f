"""Fixtures for the channel tests: the real system with a fake Twilio API, and a browser.

The system runs once per database backend (SQLite always, PostgreSQL when
``TEST_POSTGRES_URL`` is set). Browser tests use Debian's Chromium through Playwright
and are skipped, saying why, when it is not installed.
"""
from __future__ import annotations

import contextlib
import os
from typing import Any, Iterator

import pytest

from tests.channels.system import ChannelSystem, run_system
from tests.conversations.conftest import _own_postgres_database

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run",
]


@pytest.fixture(scope="session", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def channel_system(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChannelSystem]:
    """The whole assistant on free ports, against a fresh database."""
    data_dir = tmp_path_factory.mktemp(f"channels-{request.param}")
    with contextlib.ExitStack() as stack:
        if request.param == "postgres":
            database_url = stack.enter_context(_own_postgres_database())
        else:
            database_url = f"sqlite:///{data_dir}/intake.db"
        yield stack.enter_context(run_system(database_url, data_dir))


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless (module-scoped: Playwright's sync API owns a loop)."""
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("the playwright package is missing (pip install -r requirements-dev.txt)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
