"""The intake list and the intake page (with its live-refresh endpoint)."""
from __future__ import annotations

from typing import Any, Optional
from urllib.parse import quote

from aiohttp import web

from bot.console import audit, presenting
from bot.console.context import ConsoleContext, context
from bot.console.edits import EDITABLE_PATHS
from bot.console.live import live_intake
from bot.console.identity import current_session, current_user
from bot.console.render import render
from bot.intake.state import LABELS
from bot.storage.intakes import IntakeView
from bot.storage.models import CONVERSATION_STATUSES, EMERGENCY, NEEDS_HUMAN

#: How many of the most recently active intakes the list looks through.
FETCH_LIMIT = 500
#: How many rows the list shows.
PAGE_SIZE = 200
MAX_QUERY_LENGTH = 100

#: Status filter options, in the order navigators think of them.
STATUS_OPTIONS = tuple(
    (status, presenting.STATUS_LABELS[status])
    for status in (
        "emergency", "needs_human", "in_progress", "awaiting_confirmation", "submitted",
        "delivered", "delivery_failed", "opted_out", "abandoned",
    )
)
assert {s for s, _ in STATUS_OPTIONS} == set(CONVERSATION_STATUSES)


async def index(request: web.Request) -> web.Response:
    """``GET /console/``: the intake list."""
    raise web.HTTPFound("/console/intakes")


def _status_filter(request: web.Request) -> Optional[str]:
    status = request.query.get("status") or None
    return status if status in CONVERSATION_STATUSES else None


async def _find(ctx: ConsoleContext, status: Optional[str], query: str) -> tuple[list[IntakeView], bool]:
    """The intakes to list: filtered, searched, most urgent first."""
    store = ctx.intakes
    if status is not None:
        views = await store.list(status=status, limit=FETCH_LIMIT)
    else:
        # Urgent ones are fetched on their own so that none is missed however old.
        views = [
            *await store.list(status=EMERGENCY, limit=FETCH_LIMIT),
            *await store.list(status=NEEDS_HUMAN, limit=FETCH_LIMIT),
            *await store.list(limit=FETCH_LIMIT),
        ]
    unique = {view.conversation_id: view for view in reversed(views)}
    found = [view for view in unique.values() if presenting.matches(view, query)]
    ordered = presenting.sort_for_list(found)
    return ordered[:PAGE_SIZE], len(ordered) > PAGE_SIZE


async def _rows(request: web.Request) -> tuple[list[dict[str, Any]], bool, Optional[str], str]:
    ctx = context(request)
    status = _status_filter(request)
    query = (request.query.get("q") or "")[:MAX_QUERY_LENGTH]
    views, truncated = await _find(ctx, status, query)
    await ctx.audit.record_many(
        current_user(request).id, audit.LIST, [view.conversation_id for view in views]
    )
    return [presenting.list_row(view) for view in views], truncated, status, query


async def intake_list(request: web.Request) -> web.Response:
    """``GET /console/intakes?status=&q=``: the list page."""
    rows, truncated, status, query = await _rows(request)
    return render(
        "list.html",
        {
            "user": current_user(request),
            "csrf_token": current_session(request).csrf_token,
            "rows": rows,
            "truncated": truncated,
            "statuses": STATUS_OPTIONS,
            "status": status or "",
            "query": query,
        },
    )


async def intake_list_json(request: web.Request) -> web.Response:
    """``GET /console/intakes.json?status=&q=``: the same list as JSON."""
    rows, truncated, _, _ = await _rows(request)
    return web.json_response({"items": rows, "truncated": truncated})


def _not_found(request: web.Request) -> web.Response:
    return render(
        "error.html",
        {
            "user": current_user(request),
            "csrf_token": current_session(request).csrf_token,
            "heading": "Not found",
            "message": "There is no intake with that conversation id.",
        },
        status=404,
    )


async def intake_page(request: web.Request) -> web.Response:
    """``GET /console/intakes/{conversation_id}``: transcript, record, actions."""
    ctx = context(request)
    conversation_id = request.match_info["conversation_id"]
    live = await live_intake(ctx, conversation_id)
    if live is None:
        return _not_found(request)
    await ctx.audit.record(current_user(request).id, audit.VIEW, conversation_id)
    return render(
        "intake.html",
        {
            "user": current_user(request),
            "csrf_token": current_session(request).csrf_token,
            "live": live,
            "base_url": f"/console/intakes/{quote(conversation_id, safe='')}",
            "poll_ms": ctx.config.poll_interval_ms,
            "editable": [(path, LABELS[path]) for path in EDITABLE_PATHS],
        },
    )


async def intake_live(request: web.Request) -> web.Response:
    """``GET /console/intakes/{conversation_id}/live``: the page's data as JSON."""
    ctx = context(request)
    conversation_id = request.match_info["conversation_id"]
    live = await live_intake(ctx, conversation_id)
    if live is None:
        return web.json_response({"error": "not found"}, status=404)
    await ctx.audit.record(current_user(request).id, audit.LIVE, conversation_id)
    return web.json_response(live)
