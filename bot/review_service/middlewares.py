"""Middlewares of the review service."""
from __future__ import annotations

import json
import logging
from typing import Awaitable, Callable

from aiohttp import web

logger = logging.getLogger(__name__)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@web.middleware
async def error_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Answers errors as JSON and keeps request data out of the logs.

    HTTP errors raised by handlers get a ``{"error": <reason>}`` body unless they carry
    one already. Anything unexpected becomes a bare 500; only the exception's class is
    logged, because a traceback's locals and messages may contain PHI.
    """
    try:
        return await handler(request)
    except web.HTTPException as exc:
        if exc.content_type != "application/json" and exc.status >= 400:
            exc.text = json.dumps({"error": exc.reason})
            exc.content_type = "application/json"
        raise
    except Exception as exc:  # noqa: BLE001 - last-resort handler
        logger.error("unhandled %s on %s %s", type(exc).__name__, request.method,
                     request.match_info.route.name or "?")
        return web.json_response({"error": "internal error"}, status=500)


def setup_middlewares(app: web.Application) -> None:
    """Installs the middlewares on ``app``."""
    app.middlewares.append(error_middleware)
