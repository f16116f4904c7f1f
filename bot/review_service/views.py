"""Request handlers of the review service."""
from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import hashlib
import json
import logging
import re
import time
from typing import Any, Iterator

from aiohttp import web

from bot.handoff.signing import verify
from bot.review_service import store
from bot.review_service.auth import require_token
from bot.review_service.faults import FaultPlan
from bot.review_service.keys import (
    ENGINE_KEY,
    FAULTS_KEY,
    IN_FLIGHT_KEY,
    SETTINGS_KEY,
    VALIDATOR_KEY,
)

logger = logging.getLogger(__name__)

_KEY_PATTERN = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
MAX_PAGE_SIZE = 500


class InFlightTracker:
    """Counts POST /intakes requests being handled, per idempotency key.

    ``max_per_key`` is the largest number of requests for one key ever handled at the
    same time: above 1 means a client sent the same intake twice concurrently.
    """

    def __init__(self) -> None:
        self.current: dict[str, int] = {}
        self.max_per_key = 0

    @contextlib.contextmanager
    def track(self, key: str) -> Iterator[None]:
        """Counts the request for the duration of the ``with`` block."""
        self.current[key] = self.current.get(key, 0) + 1
        self.max_per_key = max(self.max_per_key, self.current[key])
        try:
            yield
        finally:
            self.current[key] -= 1
            if not self.current[key]:
                del self.current[key]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _error(status: int, error: str, **extra: Any) -> web.Response:
    return web.json_response({"error": error, **extra}, status=status)


def _log_key(key: str) -> str:
    """Returns the key if it looks like a reference, so logs never carry arbitrary input."""
    return key if _KEY_PATTERN.match(key) else "<invalid>"


def canonical_sha256(record: Any) -> str:
    """Digest of a record's canonical JSON (sorted keys, no insignificant whitespace)."""
    canonical = json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


async def _hold(request: web.Request, seconds: float) -> None:
    """Sleeps, but stops early once the client has hung up (so a request the client
    has abandoned no longer counts as in flight)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while loop.time() < deadline:
        transport = request.transport
        if transport is None or transport.is_closing():
            return
        await asyncio.sleep(min(0.05, max(0.0, deadline - loop.time())))


async def _reset_mid_response(request: web.Request) -> web.StreamResponse:
    """Starts a 201 response and kills the connection half-way through its body."""
    body = b'{"reference": "' + b"x" * 64 + b'", "received_at": "..."}'
    response = web.StreamResponse(status=201)
    response.content_type = "application/json"
    response.content_length = len(body)
    await response.prepare(request)
    await response.write(body[: len(body) // 2])
    await asyncio.sleep(0.05)  # let the partial body leave before the reset
    if request.transport is not None:
        request.transport.abort()
    return response


def _drop_connection(request: web.Request) -> web.Response:
    """Closes the connection without answering (the client sees a disconnect)."""
    if request.transport is not None:
        request.transport.abort()
    # Nothing can be written any more; aiohttp discards this response.
    return web.Response(status=201)


async def _apply_fault(
    request: web.Request, fault: FaultPlan, key: str
) -> web.StreamResponse | None:
    engine = request.app[ENGINE_KEY]
    if fault.mode == "503":
        await store.record_receipt(engine, key, "fault_503", 503, _now())
        return _error(503, "service unavailable")
    if fault.mode == "timeout":
        await store.record_receipt(engine, key, "fault_timeout", 503, _now())
        await _hold(request, fault.delay)
        return _error(503, "service unavailable")
    if fault.mode == "reset":
        await store.record_receipt(engine, key, "fault_reset", 201, _now())
        return await _reset_mid_response(request)
    return None


async def post_intake(request: web.Request) -> web.StreamResponse:
    """``POST /intakes``: receive a signed intake record, once per idempotency key.

    Answers 201 for a new key, 200 ``{"duplicate": true}`` for a key already received
    with the same record, 401 for a missing, wrong, stale or future-dated signature,
    400 for a body that is not JSON or a missing/malformed key, 422 for a record that
    does not satisfy the schema or whose reference differs from the key, and 409 when a
    key is reused for a different record.
    """
    app = request.app
    settings = app[SETTINGS_KEY]
    engine = app[ENGINE_KEY]
    body = await request.read()
    raw_key = request.headers.get("Idempotency-Key", "").strip()
    key = _log_key(raw_key)

    with app[IN_FLIGHT_KEY].track(key):
        fault = app[FAULTS_KEY].take()
        faulted = await _apply_fault(request, fault, key)
        if faulted is not None:
            logger.info("intake %s fault=%s", key, fault.mode)
            return faulted

        if not verify(
            settings.secret,
            request.headers.get("X-Intake-Timestamp"),
            request.headers.get("X-Intake-Signature"),
            body,
            now=time.time(),
            tolerance=settings.signature_tolerance,
        ):
            await store.record_receipt(engine, key, "unauthenticated", 401, _now())
            logger.info("intake %s status=401", key)
            return _error(401, "invalid signature")

        if key == "<invalid>":
            logger.info("intake %s status=400", key)
            return _error(400, "missing or malformed Idempotency-Key")
        try:
            record = json.loads(body)
        except (UnicodeDecodeError, json.JSONDecodeError):
            await store.record_receipt(engine, key, "invalid", 400, _now())
            logger.info("intake %s status=400", key)
            return _error(400, "body is not JSON")
        problems = app[VALIDATOR_KEY].problems(record)
        if not problems and record.get("reference") != raw_key:
            problems = ["reference: does not match Idempotency-Key"]
        if problems:
            await store.record_receipt(engine, key, "invalid", 422, _now())
            logger.info("intake %s status=422", key)
            return _error(422, "record does not satisfy the intake schema", problems=problems)

        outcome, received_at = await store.store_intake(
            engine, raw_key, record, canonical_sha256(record), _now()
        )
        if fault.mode == "lose_response":
            logger.info("intake %s stored=%s fault=lose_response", key, outcome.value)
            return _drop_connection(request)
        if outcome is store.StoreOutcome.CREATED:
            logger.info("intake %s status=201", key)
            return web.json_response(
                {"reference": raw_key, "received_at": received_at.isoformat()},
                status=201,
                headers={"Location": f"/intakes/{raw_key}"},
            )
        if outcome is store.StoreOutcome.DUPLICATE:
            logger.info("intake %s status=200 duplicate", key)
            return web.json_response(
                {"reference": raw_key, "duplicate": True,
                 "received_at": received_at.isoformat()},
                status=200,
            )
        logger.info("intake %s status=409", key)
        return _error(409, "Idempotency-Key already used for a different record")


async def get_intake(request: web.Request) -> web.Response:
    """``GET /intakes/{reference}``: what was received under that reference."""
    require_token(request)
    intake = await store.get_intake(request.app[ENGINE_KEY], request.match_info["reference"])
    if intake is None:
        return _error(404, "not found")
    return web.json_response(
        {"reference": intake.reference, "received_at": intake.received_at.isoformat(),
         "record": intake.record}
    )


def _int_param(request: web.Request, name: str, default: int, maximum: int) -> int:
    try:
        value = int(request.query.get(name, default))
    except ValueError:
        raise web.HTTPBadRequest(reason=f"{name} must be an integer") from None
    if value < 0:
        raise web.HTTPBadRequest(reason=f"{name} must not be negative")
    return min(value, maximum)


async def list_intakes(request: web.Request) -> web.Response:
    """``GET /intakes?limit=&offset=``: references received, oldest first."""
    require_token(request)
    limit = _int_param(request, "limit", 100, MAX_PAGE_SIZE)
    offset = _int_param(request, "offset", 0, 2**31)
    items, total = await store.list_intakes(request.app[ENGINE_KEY], limit, offset)
    return web.json_response({"items": items, "total": total, "limit": limit,
                              "offset": offset})


async def get_faults(request: web.Request) -> web.Response:
    """``GET /admin/faults``: the fault currently injected."""
    require_token(request)
    return web.json_response(request.app[FAULTS_KEY].plan.to_json())


async def set_faults(request: web.Request) -> web.Response:
    """``POST /admin/faults``: inject a fault, e.g. ``{"mode": "503", "count": 2}``."""
    require_token(request)
    try:
        plan = FaultPlan.from_json(await request.json())
    except (ValueError, json.JSONDecodeError) as exc:
        return _error(400, str(exc))
    request.app[FAULTS_KEY].set(plan)
    logger.info("fault set mode=%s count=%s", plan.mode, plan.count)
    return web.json_response(plan.to_json())


async def get_stats(request: web.Request) -> web.Response:
    """``GET /admin/stats``: receipts per key and outcome, and in-flight requests."""
    require_token(request)
    tracker = request.app[IN_FLIGHT_KEY]
    return web.json_response({
        "receipts": await store.receipt_counts(request.app[ENGINE_KEY]),
        "in_flight": dict(tracker.current),
        "max_concurrent_per_key": tracker.max_per_key,
    })


async def health(request: web.Request) -> web.Response:
    """``GET /health``: liveness."""
    return web.json_response({"status": "ok"})
