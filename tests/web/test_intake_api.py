"""The intake API: bearer token, exact JSON shape, 404, paging and filters."""
from __future__ import annotations

import dataclasses
from typing import Any, Dict

import pytest
from aiohttp.test_utils import TestClient

from bot.storage.intakes import IntakeStore
from bot.web.app import create_app

# The contract (interfaces.md) plus its extension: the conversation flags.
SHAPE = {"conversation_id", "channel", "status", "asking", "progress", "reference", "record", "flags"}


def record(conversation_id: str, **changes: Any) -> Dict[str, Any]:
    data: Dict[str, Any] = {
        "schema_version": "1",
        "reference": None,
        "conversation_id": conversation_id,
        "channel": "web",
        "patient": {"name": {"text": "Test Patient"}, "birth_date": None},
        "diagnosis": {"text": None},
        "questions": [],
        "consent": {"data_collection": True, "at": "2024-03-01T11:00:00+00:00"},
    }
    data.update(changes)
    return data


async def seed(store: IntakeStore, conversation_id: str, **changes: Any) -> None:
    arguments: Dict[str, Any] = dict(
        channel="web",
        status="in_progress",
        asking="patient.birth_date",
        answered=5,
        total=12,
        record=record(conversation_id),
    )
    arguments.update(changes)
    await store.save_snapshot(conversation_id, **arguments)


# --- authentication --------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/intakes/c1", "/api/intakes", "/api/intakes/unknown"])
@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer wrong-token"},
        {"Authorization": "Basic dXNlcjpwYXNz"},
        {"Authorization": "Bearer"},
    ],
)
async def test_without_a_valid_token_401_and_no_data(
    client: TestClient, store: IntakeStore, path: str, headers: dict
) -> None:
    await seed(store, "c1")
    response = await client.get(path, headers=headers)
    assert response.status == 401
    assert await response.json() == {"error": "unauthorized"}
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert "Test Patient" not in await response.text()


async def test_the_token_is_not_accepted_in_the_query(
    client: TestClient, store: IntakeStore, api_token: str
) -> None:
    await seed(store, "c1")
    response = await client.get(f"/api/intakes/c1?token={api_token}")
    assert response.status == 401


async def test_unconfigured_token_means_503(aiohttp_client, settings) -> None:
    unconfigured = dataclasses.replace(settings, intake_api_token=None)
    client = await aiohttp_client(create_app(unconfigured))
    for headers in ({}, {"Authorization": "Bearer "}, {"Authorization": "Bearer None"}):
        response = await client.get("/api/intakes", headers=headers)
        assert response.status == 503
        assert await response.json() == {"error": "not configured"}


# --- one intake ------------------------------------------------------------


async def test_get_returns_the_contract_shape(
    client: TestClient, store: IntakeStore, auth: dict
) -> None:
    await seed(store, "c1")
    response = await client.get("/api/intakes/c1", headers=auth)
    assert response.status == 200
    assert response.content_type == "application/json"
    body = await response.json()
    assert set(body) == SHAPE
    assert body == {
        "conversation_id": "c1",
        "channel": "web",
        "status": "in_progress",
        "asking": "patient.birth_date",
        "progress": {"answered": 5, "total": 12},
        "reference": None,
        "record": record("c1"),
        "flags": [],
    }


async def test_get_after_submission_has_the_reference(
    client: TestClient, store: IntakeStore, auth: dict
) -> None:
    await seed(store, "c1", asking="confirmation", answered=12)
    reference = await store.submit("c1", record("c1"))
    body = await (await client.get("/api/intakes/c1", headers=auth)).json()
    assert body["status"] == "submitted"
    assert body["reference"] == reference
    assert body["record"]["reference"] == reference
    assert body["record"]["status"] == "submitted"


async def test_conversation_ids_with_url_characters(
    client: TestClient, store: IntakeStore, auth: dict
) -> None:
    await seed(store, "web:a b+c")
    response = await client.get("/api/intakes/web:a%20b%2Bc", headers=auth)
    assert response.status == 200
    assert (await response.json())["conversation_id"] == "web:a b+c"


async def test_unknown_conversation_is_404(client: TestClient, auth: dict) -> None:
    response = await client.get("/api/intakes/nobody", headers=auth)
    assert response.status == 404
    assert await response.json() == {"error": "not found"}


# --- listing ---------------------------------------------------------------


async def test_list_pages_and_filters(
    client: TestClient, store: IntakeStore, auth: dict
) -> None:
    for n in range(5):
        await seed(store, f"c{n}")
    await store.submit("c2", record("c2"))

    body = await (await client.get("/api/intakes", headers=auth)).json()
    assert set(body) == {"items", "total", "limit", "offset"}
    assert (body["total"], body["limit"], body["offset"]) == (5, 50, 0)
    assert body["items"][0]["conversation_id"] == "c2"  # most recently updated first
    assert all(set(item) == SHAPE for item in body["items"])

    first = await (await client.get("/api/intakes?limit=2", headers=auth)).json()
    second = await (await client.get("/api/intakes?limit=2&offset=2", headers=auth)).json()
    third = await (await client.get("/api/intakes?limit=2&offset=4", headers=auth)).json()
    pages = [item["conversation_id"] for page in (first, second, third) for item in page["items"]]
    assert sorted(pages) == [f"c{n}" for n in range(5)]
    assert [len(page["items"]) for page in (first, second, third)] == [2, 2, 1]

    submitted = await (await client.get("/api/intakes?status=submitted", headers=auth)).json()
    assert submitted["total"] == 1
    assert submitted["items"][0]["reference"] is not None

    future = await (
        await client.get("/api/intakes?since=2999-01-01T00:00:00Z", headers=auth)
    ).json()
    assert (future["total"], future["items"]) == (0, [])
    past = await (await client.get("/api/intakes?since=2000-01-01", headers=auth)).json()
    assert past["total"] == 5


@pytest.mark.parametrize(
    "query, parameter",
    [
        ("status=done", "status"),
        ("since=yesterday", "since"),
        ("limit=0", "limit"),
        ("limit=1000", "limit"),
        ("limit=ten", "limit"),
        ("offset=-1", "offset"),
    ],
)
async def test_invalid_parameters_are_400(
    client: TestClient, auth: dict, query: str, parameter: str
) -> None:
    response = await client.get(f"/api/intakes?{query}", headers=auth)
    assert response.status == 400
    assert await response.json() == {"error": "invalid parameter", "parameter": parameter}


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2024-03-01", "2024-03-01T00:00:00+00:00"),
        ("2024-03-01T10:00:00", "2024-03-01T10:00:00+00:00"),
        ("2024-03-01T10:00:00Z", "2024-03-01T10:00:00+00:00"),
        ("2024-03-01T12:00:00+02:00", "2024-03-01T10:00:00+00:00"),
        ("2024-03-01T12:00:00 02:00", "2024-03-01T10:00:00+00:00"),  # "+" decoded as space
        ("2024-03-01T05:00:00-05:00", "2024-03-01T10:00:00+00:00"),
        ("2024-03-01 10:00", "2024-03-01T10:00:00+00:00"),
    ],
)
def test_since_is_read_as_utc(value: str, expected: str) -> None:
    from bot.web.intake_api import parse_since

    parsed = parse_since(value)
    assert parsed is not None and parsed.isoformat() == expected
