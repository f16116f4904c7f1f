"""Fixtures for the channel tests: the real system with a fake Twilio API, and a browser.

The system runs once per database backend (SQLite always, PostgreSQL when
``TEST_POSTGRES_URL`` is set). Browser tests use the ``browser`` fixture of tests/conftest.py.
"""
from __future__ import annotations

import contextlib
from typing import Iterator

import pytest

from tests.channels.system import ChannelSystem, run_system
from tests.conversations.conftest import _own_postgres_database


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
