"""Fixtures shared by every test suite: real databases, no mocks.

``database_url`` runs a test once per backend: always on a fresh SQLite file, and on
PostgreSQL when ``TEST_POSTGRES_URL`` names a server (e.g.
``postgresql://postgres@127.0.0.1:5432/test``). For PostgreSQL one uniquely named
database is created per test session (and dropped at its end); each test gets it
emptied. Suites add their own fixtures in their folder's conftest.py.
"""
from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Iterator

import pytest

POSTGRES_ENV = "TEST_POSTGRES_URL"


def _postgres_admin_connection(server_url: str):
    import psycopg2
    from sqlalchemy.engine import make_url

    url = make_url(server_url)
    connection = psycopg2.connect(
        host=url.host,
        port=url.port,
        user=url.username,
        password=url.password,
        dbname=url.database or "postgres",
    )
    connection.autocommit = True
    return connection


@pytest.fixture(scope="session")
def postgres_database_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this test session (skips if unconfigured)."""
    server_url = os.environ.get(POSTGRES_ENV, "").strip()
    if not server_url:
        pytest.skip(f"{POSTGRES_ENV} is not set")
    from sqlalchemy.engine import make_url

    name = f"intake_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    admin = _postgres_admin_connection(server_url)
    try:
        with admin.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        url = make_url(server_url).set(drivername="postgresql", database=name)
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def _empty_postgres_database(url: str) -> None:
    import psycopg2

    connection = psycopg2.connect(url)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute("CREATE SCHEMA public")
    finally:
        connection.close()


@pytest.fixture(
    params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """URL (no driver) of an empty database: a SQLite file, or the session's
    PostgreSQL database emptied for this test."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'intake.db'}"
    url = request.getfixturevalue("postgres_database_url")
    _empty_postgres_database(url)
    return url


@pytest.fixture
def migrated_database_url(database_url: str) -> str:
    """``database_url`` with the application's migrations applied."""
    from bot.storage.migrate import upgrade_to_head

    upgrade_to_head(database_url)
    return database_url


#: Debian's Chromium, which the browser tests drive through Playwright.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run",
]


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless, driven by Playwright.

    Module-scoped: Playwright's synchronous API keeps an event loop running while it is
    open, which the asyncio tests of other modules cannot share. Skipped, saying why, on a
    machine without Chromium (CI installs it, so there the browser tests always run).
    """
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
