"""Intake API (see shared/spec/interfaces.md): read-only views of intakes.

``GET /api/intakes/{conversation_id}`` returns one intake in the contract's shape;
``GET /api/intakes?status=&since=&limit=&offset=`` pages through them, most recently
updated first, as ``{"items": [...], "total", "limit", "offset"}`` where each item
has the same shape. Both need the bearer token.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any, Dict, Optional

from aiohttp import web

from bot.storage.intakes import IntakeView
from bot.storage.models import CONVERSATION_STATUSES
from bot.web.auth import require_api_token
from bot.web.errors import json_error
from bot.web.keys import INTAKE_STORE_KEY

DEFAULT_LIMIT = 50
MAX_LIMIT = 200

_SPACE_OFFSET = re.compile(r"(?<=\d) (\d{2}:?\d{2})$")


def intake_json(view: IntakeView) -> Dict[str, Any]:
    """Renders an intake exactly as the interface contract specifies."""
    return {
        "conversation_id": view.conversation_id,
        "channel": view.channel,
        "status": view.status,
        "asking": view.asking,
        "progress": {"answered": view.answered, "total": view.total},
        "reference": view.reference,
        "record": view.record,
        # Extension of the contract: conversation flags (red_flag_reported, human_requested,
        # ...) stay visible after hand-off, when the submitted record no longer changes.
        "flags": list(view.flags),
    }


def _invalid(parameter: str) -> web.HTTPException:
    return json_error(web.HTTPBadRequest, "invalid parameter", parameter=parameter)


def parse_since(value: Optional[str]) -> Optional[dt.datetime]:
    """Parses ``since``: an ISO 8601 date or datetime; naive values mean UTC.

    Raises:
        ValueError: Not a date or datetime.
    """
    if value is None or not value.strip():
        return None
    text = value.strip().replace("Z", "+00:00").replace("z", "+00:00")
    try:
        parsed = dt.datetime.fromisoformat(text)
    except ValueError:
        # An unencoded "+" in a query string arrives as a space: "…T12:00:00 02:00".
        parsed = dt.datetime.fromisoformat(_SPACE_OFFSET.sub(r"+\1", text))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.timezone.utc)
    return parsed.astimezone(dt.timezone.utc)


def _int_param(
    request: web.Request, name: str, default: int, minimum: int, maximum: int
) -> int:
    raw = request.query.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise _invalid(name) from None
    if not minimum <= value <= maximum:
        raise _invalid(name)
    return value


@require_api_token
async def get_intake(request: web.Request) -> web.Response:
    """``GET /api/intakes/{conversation_id}``: one intake, or 404."""
    view = await request.app[INTAKE_STORE_KEY].get(
        request.match_info["conversation_id"]
    )
    if view is None:
        raise json_error(web.HTTPNotFound, "not found")
    return web.json_response(intake_json(view))


@require_api_token
async def list_intakes(request: web.Request) -> web.Response:
    """``GET /api/intakes``: a page of intakes, optionally filtered."""
    status = request.query.get("status") or None
    if status is not None and status not in CONVERSATION_STATUSES:
        raise _invalid("status")
    try:
        since = parse_since(request.query.get("since"))
    except ValueError:
        raise _invalid("since") from None
    limit = _int_param(request, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
    offset = _int_param(request, "offset", 0, 0, 10**9)

    store = request.app[INTAKE_STORE_KEY]
    views = await store.list(status=status, since=since, limit=limit, offset=offset)
    total = await store.count(status=status, since=since)
    return web.json_response(
        {
            "items": [intake_json(view) for view in views],
            "total": total,
            "limit": limit,
            "offset": offset,
        }
    )
