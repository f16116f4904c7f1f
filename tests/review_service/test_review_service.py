"""The reference review service, over HTTP, on SQLite and PostgreSQL."""
from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

import pytest

from bot.handoff.fhir_bundle import build_fhir_bundle
from bot.review_service import settings as settings_module
from bot.review_service.faults import FaultInjector, FaultPlan
from bot.review_service.settings import ReviewSettings, default_schema_path
from tests.handoff.records import full_record, sparse_record
from tests.review_service.conftest import AUTH, TOKEN, post_record, signed_headers


def _record(reference: str = "SO-7K4Q2M") -> dict:
    record = full_record(reference)
    record["fhir"] = build_fhir_bundle(record)
    return record


async def _stats(review) -> dict:
    response = await review.get("/admin/stats", headers=AUTH)
    assert response.status == 200
    return await response.json()


async def test_first_delivery_is_created_then_duplicates_are_acknowledged(review) -> None:
    record = _record()
    first = await post_record(review, record)
    assert first.status == 201
    assert (await first.json())["reference"] == "SO-7K4Q2M"
    second = await post_record(review, record)
    assert second.status == 200
    assert (await second.json())["duplicate"] is True

    stored = await review.get("/intakes/SO-7K4Q2M", headers=AUTH)
    assert stored.status == 200
    assert (await stored.json())["record"] == record
    listing = await (await review.get("/intakes", headers=AUTH)).json()
    assert listing["total"] == 1
    assert [item["reference"] for item in listing["items"]] == ["SO-7K4Q2M"]
    assert (await _stats(review))["receipts"] == {"SO-7K4Q2M": {"created": 1, "duplicate": 1}}


async def test_a_record_without_a_bundle_or_with_nulls_is_accepted(review) -> None:
    assert (await post_record(review, sparse_record())).status == 201


async def test_concurrent_identical_requests_store_exactly_one_record(review) -> None:
    record = _record()
    body = json.dumps(record).encode()
    headers = signed_headers(body, record["reference"])
    responses = await asyncio.gather(
        *(review.post("/intakes", data=body, headers=headers) for _ in range(20))
    )
    statuses = sorted(response.status for response in responses)
    assert statuses == [200] * 19 + [201]
    listing = await (await review.get("/intakes", headers=AUTH)).json()
    assert listing["total"] == 1
    stats = await _stats(review)
    assert stats["receipts"]["SO-7K4Q2M"] == {"created": 1, "duplicate": 19}
    assert stats["max_concurrent_per_key"] > 1  # the tracker sees concurrent sends


@pytest.mark.parametrize(
    "tamper",
    ["wrong_secret", "body", "stale", "future", "missing_signature", "missing_timestamp",
     "garbage_signature", "timestamp_swapped"],
)
async def test_bad_signatures_are_rejected_with_401(review, tamper) -> None:
    record = _record()
    body = json.dumps(record).encode()
    now = int(time.time())
    headers = signed_headers(body, record["reference"])
    if tamper == "wrong_secret":
        headers = signed_headers(body, record["reference"], secret=b"not-the-secret")
    elif tamper == "body":
        body = body.replace(b"Maria", b"Mario")
    elif tamper == "stale":
        headers = signed_headers(body, record["reference"], timestamp=now - 301)
    elif tamper == "future":
        headers = signed_headers(body, record["reference"], timestamp=now + 301)
    elif tamper == "missing_signature":
        del headers["X-Intake-Signature"]
    elif tamper == "missing_timestamp":
        del headers["X-Intake-Timestamp"]
    elif tamper == "garbage_signature":
        headers["X-Intake-Signature"] = "v1=zzzz"
    elif tamper == "timestamp_swapped":
        headers["X-Intake-Timestamp"] = str(now - 1)  # signed for another timestamp
        headers = {**headers, "X-Intake-Signature": signed_headers(
            body, record["reference"], timestamp=now)["X-Intake-Signature"]}
    response = await review.post("/intakes", data=body, headers=headers)
    assert response.status == 401
    text = await response.text()
    assert "Maria" not in text
    listing = await (await review.get("/intakes", headers=AUTH)).json()
    assert listing["total"] == 0


async def test_signature_within_tolerance_is_accepted(review) -> None:
    response = await post_record(review, _record(), timestamp=int(time.time()) - 240)
    assert response.status == 201


async def test_invalid_records_get_422_naming_fields_not_values(review) -> None:
    record = _record()
    record["patient"]["birth_date"] = "14/03/1956"
    record["questions"] = []
    del record["consent"]
    response = await post_record(review, record)
    assert response.status == 422
    payload = await response.json()
    assert "patient.birth_date: format" in payload["problems"]
    assert "questions: minItems" in payload["problems"]
    assert any("required" in problem for problem in payload["problems"])
    assert "14/03/1956" not in json.dumps(payload)
    assert "Maria" not in json.dumps(payload)


async def test_an_invalid_fhir_bundle_gets_422(review) -> None:
    record = _record()
    record["fhir"]["entry"][0]["resource"]["birthDate"] = "not a date"
    response = await post_record(review, record)
    assert response.status == 422
    assert (await response.json())["problems"] == ["fhir: not a valid FHIR R4 Bundle"]


async def test_key_must_match_the_signed_reference(review) -> None:
    record = _record()
    body = json.dumps(record).encode()
    response = await review.post("/intakes", data=body,
                                 headers=signed_headers(body, "SO-ZZZZZZ"))
    assert response.status == 422


async def test_non_json_and_missing_key_get_400(review) -> None:
    body = b"not json"
    assert (await review.post("/intakes", data=body,
                              headers=signed_headers(body, "SO-7K4Q2M"))).status == 400
    record = _record()
    body = json.dumps(record).encode()
    headers = signed_headers(body, "SO-7K4Q2M")
    del headers["Idempotency-Key"]
    assert (await review.post("/intakes", data=body, headers=headers)).status == 400


async def test_reusing_a_key_for_a_different_record_is_a_conflict(review) -> None:
    record = _record()
    assert (await post_record(review, record)).status == 201
    record["questions"].append("One more question?")
    assert (await post_record(review, record)).status == 409


async def test_the_same_record_with_other_whitespace_is_a_duplicate(review) -> None:
    record = _record()
    assert (await post_record(review, record)).status == 201
    body = json.dumps(record, indent=2, sort_keys=True).encode()
    response = await review.post("/intakes", data=body,
                                 headers=signed_headers(body, record["reference"]))
    assert response.status == 200


@pytest.mark.parametrize("path", ["/intakes", "/intakes/SO-7K4Q2M", "/admin/faults",
                                  "/admin/stats"])
@pytest.mark.parametrize("authorization", [None, "Bearer wrong", f"Basic {TOKEN}", "Bearer "])
async def test_reads_need_the_token(review, path, authorization) -> None:
    assert (await post_record(review, _record())).status == 201
    headers = {"Authorization": authorization} if authorization else {}
    response = await review.get(path, headers=headers)
    assert response.status == 401
    assert "Maria" not in await response.text()


async def test_unknown_reference_is_404(review) -> None:
    assert (await review.get("/intakes/SO-NOPE22", headers=AUTH)).status == 404


async def test_listing_pages(review) -> None:
    for index in range(3):
        assert (await post_record(review, _record(f"SO-AAAAA{index + 2}"))).status == 201
    page = await (await review.get("/intakes?limit=2&offset=1", headers=AUTH)).json()
    assert page["total"] == 3
    assert [item["reference"] for item in page["items"]] == ["SO-AAAAA3", "SO-AAAAA4"]
    assert (await review.get("/intakes?limit=x", headers=AUTH)).status == 400


async def _set_fault(review, **plan) -> None:
    response = await review.post("/admin/faults", json=plan, headers=AUTH)
    assert response.status == 200, await response.text()


async def test_fault_503_for_a_count_of_requests(review) -> None:
    await _set_fault(review, mode="503", count=2)
    record = _record()
    assert (await post_record(review, record)).status == 503
    assert (await post_record(review, record)).status == 503
    assert (await post_record(review, record)).status == 201
    assert (await (await review.get("/admin/faults", headers=AUTH)).json())["mode"] == "none"


async def test_fault_timeout_holds_the_request(review) -> None:
    await _set_fault(review, mode="timeout", count=1, delay=0.5)
    started = time.monotonic()
    response = await post_record(review, _record())
    assert response.status == 503
    assert time.monotonic() - started >= 0.5
    listing = await (await review.get("/intakes", headers=AUTH)).json()
    assert listing["total"] == 0


async def test_fault_reset_cuts_the_response_and_stores_nothing(review) -> None:
    import aiohttp

    await _set_fault(review, mode="reset", count=1)
    with pytest.raises(aiohttp.ClientPayloadError):
        response = await post_record(review, _record())
        await response.read()
    listing = await (await review.get("/intakes", headers=AUTH)).json()
    assert listing["total"] == 0


async def test_fault_lose_response_stores_then_hangs_up(review) -> None:
    import aiohttp

    await _set_fault(review, mode="lose_response", count=1)
    record = _record()
    with pytest.raises(aiohttp.ServerDisconnectedError):
        await post_record(review, record)
    stored = await review.get(f"/intakes/{record['reference']}", headers=AUTH)
    assert stored.status == 200
    assert (await post_record(review, record)).status == 200


async def test_bad_fault_plans_are_refused(review) -> None:
    for plan in ({"mode": "explode"}, {"mode": "503", "count": "two"}, []):
        response = await review.post("/admin/faults", json=plan, headers=AUTH)
        assert response.status == 400
    response = await review.post("/admin/faults", json={"mode": "503"})
    assert response.status == 401


def test_fault_plan_parsing_and_counting() -> None:
    assert FaultPlan.parse("none") == FaultPlan()
    assert FaultPlan.parse("503:3") == FaultPlan(mode="503", count=3)
    assert FaultPlan.parse("timeout").count is None
    with pytest.raises(ValueError):
        FaultPlan.parse("boom")
    injector = FaultInjector(FaultPlan(mode="reset", count=2))
    assert [injector.take().mode for _ in range(3)] == ["reset", "reset", "none"]
    forever = FaultInjector(FaultPlan(mode="503"))
    assert all(forever.take().mode == "503" for _ in range(5))


def test_settings_from_env(tmp_path) -> None:
    settings = ReviewSettings.from_env({
        "REVIEW_SERVICE_SECRET": "s", "REVIEW_SERVICE_TOKEN": "t", "DATA_DIR": str(tmp_path),
        "REVIEW_PORT": "8123", "REVIEW_FAULT": "lose_response:1",
    })
    assert settings.secret == b"s"
    assert settings.port == 8123 and settings.host == "127.0.0.1"
    assert settings.database_url == f"sqlite:///{tmp_path}/review_service.db"
    assert settings.fault == FaultPlan(mode="lose_response", count=1)
    with pytest.raises(ValueError):
        ReviewSettings.from_env({})


def test_secrets_are_not_in_repr() -> None:
    settings = ReviewSettings(secret=b"top-secret-value", token="token-value-123",
                              database_url="postgresql://u:pw-value@h/db")
    text = repr(settings)
    assert "top-secret-value" not in text and "token-value-123" not in text
    assert "pw-value" not in text


def test_schema_path_resolution(monkeypatch, tmp_path) -> None:
    assert default_schema_path({"INTAKE_SCHEMA_PATH": "/x/y.json"}) == Path("/x/y.json")
    assert default_schema_path({}) == settings_module.SHARED_SCHEMA_PATH
    monkeypatch.setattr(settings_module, "SHARED_SCHEMA_PATH", tmp_path / "absent.json")
    assert default_schema_path({}) == settings_module.VENDORED_SCHEMA_PATH


def test_vendored_schema_matches_the_shared_one() -> None:
    shared = settings_module.SHARED_SCHEMA_PATH
    if not shared.is_file():
        pytest.skip("the shared spec is not checked out next to the repository")
    assert json.loads(shared.read_text()) == json.loads(
        settings_module.VENDORED_SCHEMA_PATH.read_text())
