"""Fixtures for the handoff tests: a real review service, real databases, real workers."""
from __future__ import annotations

from pathlib import Path
from typing import AsyncIterator

import aiohttp
import pytest
from aiohttp.test_utils import TestServer

from bot.review_service.app import create_app
from bot.review_service.settings import ReviewSettings, default_schema_path
from tests.handoff.support import SECRET, TOKEN


@pytest.fixture
async def review_server(tmp_path: Path) -> AsyncIterator[TestServer]:
    """The reference review service running in this process on a free port, with its
    own SQLite database."""
    settings = ReviewSettings(
        secret=SECRET.encode(), token=TOKEN,
        database_url=f"sqlite:///{tmp_path / 'review_service.db'}",
        schema_path=default_schema_path({}),
    )
    server = TestServer(create_app(settings))
    await server.start_server()
    yield server
    await server.close()


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    """An HTTP client session."""
    async with aiohttp.ClientSession() as session:
        yield session


@pytest.fixture
async def engine(migrated_database_url: str):
    """An asyncio engine on the migrated application database (SQLite or PostgreSQL)."""
    from bot.storage.engine import create_engine_from_url

    engine = create_engine_from_url(migrated_database_url)
    yield engine
    await engine.dispose()


@pytest.fixture
def sessions(engine):
    """A session factory on the application database."""
    from bot.storage.engine import session_factory

    return session_factory(engine)


@pytest.fixture
def store(sessions):
    """The application's intake store, the only way records get into the outbox."""
    from bot.storage.intakes import IntakeStore

    return IntakeStore(sessions)
