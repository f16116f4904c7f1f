"""What a navigator does to a conversation: assist, edit, submit, take over, hand back.

All are POSTs with the session's CSRF token; all but starting an assisted intake take
and return JSON. Failures are fixed phrases (``{"error": ...}``), never echoes of input.
"""
from __future__ import annotations

import logging
from typing import Any, Awaitable, Callable
from urllib.parse import quote

from aiohttp import web

from bot.channels.rasa_client import RasaUnavailable
from bot.console import assist, audit, editing, takeover
from bot.console.context import context
from bot.console.edits import EDITABLE_PATHS
from bot.console.errors import ConsoleError
from bot.console.identity import current_user
from bot.console.relay import RelayUnavailable

logger = logging.getLogger(__name__)

Operation = Callable[[], Awaitable[dict[str, Any]]]


async def _json_body(request: web.Request) -> dict[str, Any]:
    if request.content_type != "application/json":
        return {}
    try:
        body = await request.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


async def _run(request: web.Request, action: str, operation: Operation, detail: str | None = None) -> web.Response:
    """Runs an operation, writes the audit entry and answers JSON."""
    ctx = context(request)
    conversation_id = request.match_info["conversation_id"]
    try:
        result = await operation()
    except ConsoleError as error:
        return web.json_response({"error": str(error)}, status=error.status)
    except RelayUnavailable as error:
        result = {"notice": f"Saved in the conversation, but {error}."}
    except RasaUnavailable as error:
        logger.warning("console %s: assistant unavailable (%s)", action, error)
        return web.json_response({"error": "the assistant is unavailable; try again"}, status=503)
    await ctx.audit.record(current_user(request).id, action, conversation_id, detail)
    return web.json_response({"ok": True, **result})


async def start_assisted(request: web.Request) -> web.Response:
    """``POST /console/assist``: opens a new assisted intake and goes to its page."""
    ctx = context(request)
    user = current_user(request)
    try:
        conversation_id = await assist.start(ctx, user)
    except RasaUnavailable as error:
        logger.warning("console assist: assistant unavailable (%s)", error)
        return web.Response(text="The assistant is unavailable; try again shortly.", status=503)
    await ctx.audit.record(user.id, audit.ASSIST_START, conversation_id)
    raise web.HTTPFound(f"/console/intakes/{quote(conversation_id, safe='')}")


async def caller_message(request: web.Request) -> web.Response:
    """``POST …/messages`` ``{"text"}``: what the caller said (assist mode)."""
    body = await _json_body(request)
    ctx, user, cid = context(request), current_user(request), request.match_info["conversation_id"]

    async def operation() -> dict[str, Any]:
        replies = await assist.say_for_caller(ctx, user, cid, str(body.get("text") or ""))
        return {"replies": [str(r.get("text") or "") for r in replies]}

    return await _run(request, audit.ASSIST_MESSAGE, operation)


async def edit_field(request: web.Request) -> web.Response:
    """``POST …/fields`` ``{"path", "value"}``: a navigator's edit of one field."""
    body = await _json_body(request)
    ctx, user, cid = context(request), current_user(request), request.match_info["conversation_id"]
    path = str(body.get("path") or "")
    if path not in EDITABLE_PATHS:
        return web.json_response({"error": "that field cannot be edited"}, status=422)

    async def operation() -> dict[str, Any]:
        paths = await editing.edit_field(ctx, user, cid, path, str(body.get("value") or ""))
        return {"paths": paths}

    return await _run(request, audit.EDIT_FIELD, operation, detail=path)


async def submit(request: web.Request) -> web.Response:
    """``POST …/submit``: the caller confirmed the summary read back to them."""
    ctx, user, cid = context(request), current_user(request), request.match_info["conversation_id"]

    async def operation() -> dict[str, Any]:
        replies = await assist.submit_for_caller(ctx, user, cid)
        view = await ctx.intakes.get(cid)
        return {
            "replies": [str(r.get("text") or "") for r in replies],
            "reference": view.reference if view else None,
        }

    return await _run(request, audit.SUBMIT, operation)


async def take_over(request: web.Request) -> web.Response:
    """``POST …/takeover``: the navigator takes the conversation from the assistant."""
    ctx, user, cid = context(request), current_user(request), request.match_info["conversation_id"]

    async def operation() -> dict[str, Any]:
        await takeover.take_over(ctx, user, cid)
        return {}

    return await _run(request, audit.TAKEOVER, operation)


async def reply(request: web.Request) -> web.Response:
    """``POST …/reply`` ``{"text"}``: the navigator's message to the patient."""
    body = await _json_body(request)
    ctx, user, cid = context(request), current_user(request), request.match_info["conversation_id"]

    async def operation() -> dict[str, Any]:
        await takeover.reply(ctx, user, cid, str(body.get("text") or ""))
        return {}

    return await _run(request, audit.REPLY, operation)


async def hand_back(request: web.Request) -> web.Response:
    """``POST …/handback``: the assistant carries on where the intake stood."""
    ctx, user, cid = context(request), current_user(request), request.match_info["conversation_id"]

    async def operation() -> dict[str, Any]:
        await takeover.hand_back(ctx, user, cid)
        return {}

    return await _run(request, audit.HANDBACK, operation)
