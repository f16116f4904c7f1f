"""One delivery attempt against the real review service, and how it is classified."""
from __future__ import annotations

import json
import time

import pytest

from bot.handoff.fhir_bundle import build_fhir_bundle
from bot.handoff.review_client import (
    DeliveryResult,
    Outcome,
    ReviewServiceClient,
    classify_status,
    encode_payload,
)
from tests.handoff.records import full_record
from tests.handoff.support import AUTH, SECRET, free_port, review_stats, set_fault


def _payload(reference: str = "SO-7K4Q2M") -> dict:
    record = full_record(reference)
    record["fhir"] = build_fhir_bundle(record)
    return record


def _client(server, http, **kwargs) -> ReviewServiceClient:
    kwargs.setdefault("total_timeout", 1.0)
    return ReviewServiceClient(str(server.make_url("")), SECRET, http, **kwargs)


async def _stored(server, http, reference: str) -> bool:
    async with http.get(server.make_url(f"/intakes/{reference}"), headers=AUTH) as response:
        return response.status == 200


async def test_delivered_then_duplicate(review_server, http) -> None:
    client = _client(review_server, http)
    first = await client.deliver("SO-7K4Q2M", _payload())
    assert first == DeliveryResult(Outcome.DELIVERED, status_code=201)
    assert first.delivered and not first.duplicate
    second = await client.deliver("SO-7K4Q2M", _payload())
    assert second == DeliveryResult(Outcome.DELIVERED, status_code=200, duplicate=True)


async def test_the_stored_record_is_what_was_sent(review_server, http) -> None:
    payload = _payload()
    await _client(review_server, http).deliver("SO-7K4Q2M", payload)
    async with http.get(review_server.make_url("/intakes/SO-7K4Q2M"), headers=AUTH) as response:
        assert (await response.json())["record"] == payload


async def test_503_is_retryable(review_server, http) -> None:
    await set_fault(http, str(review_server.make_url("")).rstrip("/"), mode="503", count=1)
    result = await _client(review_server, http).deliver("SO-7K4Q2M", _payload())
    assert result == DeliveryResult(Outcome.RETRYABLE, status_code=503, error="HTTP 503")


async def test_timeout_is_retryable(review_server, http) -> None:
    base = str(review_server.make_url("")).rstrip("/")
    await set_fault(http, base, mode="timeout", count=1, delay=3)
    started = time.monotonic()
    result = await _client(review_server, http, total_timeout=0.5).deliver("SO-7K4Q2M", _payload())
    assert result == DeliveryResult(Outcome.RETRYABLE, error="Timeout")
    assert time.monotonic() - started < 2
    assert not await _stored(review_server, http, "SO-7K4Q2M")


async def test_reset_mid_response_is_retryable(review_server, http) -> None:
    base = str(review_server.make_url("")).rstrip("/")
    await set_fault(http, base, mode="reset", count=1)
    result = await _client(review_server, http).deliver("SO-7K4Q2M", _payload())
    assert result.outcome is Outcome.RETRYABLE
    assert result.error == "ClientPayloadError"
    retry = await _client(review_server, http).deliver("SO-7K4Q2M", _payload())
    assert retry.status_code == 201


async def test_lost_response_is_retryable_and_the_retry_is_a_duplicate(review_server, http) -> None:
    base = str(review_server.make_url("")).rstrip("/")
    await set_fault(http, base, mode="lose_response", count=1)
    client = _client(review_server, http)
    result = await client.deliver("SO-7K4Q2M", _payload())
    assert result == DeliveryResult(Outcome.RETRYABLE, error="ServerDisconnectedError")
    assert await _stored(review_server, http, "SO-7K4Q2M")
    retry = await client.deliver("SO-7K4Q2M", _payload())
    assert retry == DeliveryResult(Outcome.DELIVERED, status_code=200, duplicate=True)
    receipts = (await review_stats(http, base))["receipts"]["SO-7K4Q2M"]
    assert receipts == {"created": 1, "duplicate": 1}


async def test_nobody_listening_is_retryable(http) -> None:
    client = ReviewServiceClient(f"http://127.0.0.1:{free_port()}", SECRET, http,
                                 connect_timeout=1, total_timeout=2)
    result = await client.deliver("SO-7K4Q2M", _payload())
    assert result.outcome is Outcome.RETRYABLE
    assert result.status_code is None
    assert result.error == "ClientConnectorError"


async def test_wrong_secret_is_permanent(review_server, http) -> None:
    client = ReviewServiceClient(str(review_server.make_url("")), "wrong-secret", http)
    result = await client.deliver("SO-7K4Q2M", _payload())
    assert result == DeliveryResult(Outcome.PERMANENT, status_code=401, error="HTTP 401")


async def test_replayed_old_timestamp_is_permanent(review_server, http) -> None:
    client = _client(review_server, http, clock=lambda: time.time() - 3600)
    result = await client.deliver("SO-7K4Q2M", _payload())
    assert result.outcome is Outcome.PERMANENT and result.status_code == 401


async def test_invalid_record_is_permanent_and_the_error_has_no_phi(review_server, http) -> None:
    payload = _payload()
    payload["patient"]["birth_date"] = "14 March 1956"
    result = await _client(review_server, http).deliver("SO-7K4Q2M", payload)
    assert result == DeliveryResult(Outcome.PERMANENT, status_code=422, error="HTTP 422")


def test_bodies_are_deterministic() -> None:
    a = {"b": 1, "a": {"d": "é", "c": [1, 2]}}
    b = {"a": {"c": [1, 2], "d": "é"}, "b": 1}
    assert encode_payload(a) == encode_payload(b) == '{"a":{"c":[1,2],"d":"é"},"b":1}'.encode()
    assert json.loads(encode_payload(_payload())) == _payload()


@pytest.mark.parametrize(
    ("status", "outcome"),
    [(201, Outcome.DELIVERED), (200, Outcome.DELIVERED), (400, Outcome.PERMANENT),
     (401, Outcome.PERMANENT), (403, Outcome.PERMANENT), (404, Outcome.PERMANENT),
     (409, Outcome.PERMANENT), (413, Outcome.PERMANENT), (422, Outcome.PERMANENT),
     (408, Outcome.RETRYABLE), (425, Outcome.RETRYABLE), (429, Outcome.RETRYABLE),
     (500, Outcome.RETRYABLE), (502, Outcome.RETRYABLE), (503, Outcome.RETRYABLE),
     (504, Outcome.RETRYABLE), (202, Outcome.RETRYABLE), (204, Outcome.RETRYABLE),
     (301, Outcome.RETRYABLE), (302, Outcome.RETRYABLE)],
)
def test_status_classification(status: int, outcome: Outcome) -> None:
    assert classify_status(status).outcome is outcome


def test_empty_secret_is_refused() -> None:
    with pytest.raises(ValueError):
        ReviewServiceClient("http://127.0.0.1:1", "", session=None)  # type: ignore[arg-type]


async def test_requests_carry_the_interface_headers(aiohttp_server, http) -> None:
    from aiohttp import web

    from bot.handoff.signing import verify

    seen: dict = {}

    async def capture(request: web.Request) -> web.Response:
        seen["headers"] = dict(request.headers)
        seen["body"] = await request.read()
        return web.json_response({}, status=201)

    app = web.Application()
    app.router.add_post("/base/intakes", capture)
    server = await aiohttp_server(app)
    client = ReviewServiceClient(str(server.make_url("/base/")), SECRET, http)
    assert (await client.deliver("SO-7K4Q2M", _payload())).delivered
    headers = seen["headers"]
    assert headers["Idempotency-Key"] == "SO-7K4Q2M"
    assert headers["Content-Type"] == "application/json"
    assert verify(SECRET.encode(), headers["X-Intake-Timestamp"], headers["X-Intake-Signature"],
                  seen["body"], now=time.time())
    assert seen["body"] == encode_payload(_payload())
