"""Fixtures for the reference review service tests: a real app on a real database."""
from __future__ import annotations

import json
import time
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from bot.handoff.signing import sign
from bot.review_service.app import create_app
from bot.review_service.settings import ReviewSettings, default_schema_path

SECRET = b"review-test-secret"
TOKEN = "review-test-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def review_settings(database_url: str) -> ReviewSettings:
    """Settings of a review service on an empty SQLite or PostgreSQL database."""
    return ReviewSettings(secret=SECRET, token=TOKEN, database_url=database_url,
                          schema_path=default_schema_path({}))


@pytest.fixture
async def review(aiohttp_client, review_settings: ReviewSettings) -> TestClient:
    """A test client of a running review service."""
    return await aiohttp_client(create_app(review_settings))


def signed_headers(body: bytes, key: str, *, secret: bytes = SECRET,
                   timestamp: int | None = None) -> dict[str, str]:
    """Headers of a correctly signed handoff request."""
    ts = int(time.time()) if timestamp is None else timestamp
    return {
        "Content-Type": "application/json",
        "Idempotency-Key": key,
        "X-Intake-Timestamp": str(ts),
        "X-Intake-Signature": sign(secret, ts, body),
    }


async def post_record(client: TestClient, record: dict[str, Any], **kwargs: Any):
    """Posts ``record`` signed, as the assistant would."""
    body = json.dumps(record).encode()
    return await client.post("/intakes", data=body,
                             headers=signed_headers(body, record["reference"], **kwargs))
