"""Fixtures for the web app tests: a real app on a real, migrated database."""
from __future__ import annotations

import dataclasses
import secrets

import pytest
from aiohttp.test_utils import TestClient

from bot.config import Settings
from bot.storage.intakes import IntakeStore
from bot.web.app import create_app
from bot.web.keys import INTAKE_STORE_KEY


@pytest.fixture
def api_token() -> str:
    return secrets.token_urlsafe(24)


@pytest.fixture
def settings(migrated_database_url: str, tmp_path, api_token: str) -> Settings:
    return dataclasses.replace(
        Settings.from_env({}),
        data_dir=tmp_path,
        database_url=migrated_database_url,
        intake_api_token=api_token,
    )


@pytest.fixture
def auth(api_token: str) -> dict:
    return {"Authorization": f"Bearer {api_token}"}


@pytest.fixture
async def client(aiohttp_client, settings: Settings) -> TestClient:
    return await aiohttp_client(create_app(settings))


@pytest.fixture
def store(client: TestClient) -> IntakeStore:
    """The app's own intake store, for seeding data."""
    return client.app[INTAKE_STORE_KEY]
