"""Fixtures for the storage tests."""
from __future__ import annotations

from typing import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.storage.engine import create_engine_from_url, session_factory
from bot.storage.intakes import IntakeStore


@pytest.fixture
async def engine(migrated_database_url: str) -> AsyncIterator[AsyncEngine]:
    """An asyncio engine on the migrated test database."""
    engine = create_engine_from_url(migrated_database_url)
    yield engine
    await engine.dispose()


@pytest.fixture
def sessions(engine: AsyncEngine):
    """A session factory on the test engine."""
    return session_factory(engine)


@pytest.fixture
def store(sessions) -> IntakeStore:
    """An intake store on the test database."""
    return IntakeStore(sessions)
