"""Liveness/readiness probe: ``GET /healthz`` (no authentication, no data)."""
from __future__ import annotations

import logging

from aiohttp import web
from sqlalchemy import text

from bot.web.keys import ENGINE_KEY

logger = logging.getLogger(__name__)


async def healthz(request: web.Request) -> web.Response:
    """Answers 200 when the database answers, 503 otherwise."""
    try:
        async with request.app[ENGINE_KEY].connect() as connection:
            await connection.execute(text("SELECT 1"))
    except Exception as exc:  # any failure means "not ready"
        logger.warning("health check: database unavailable (%s)", type(exc).__name__)
        return web.json_response({"status": "unavailable"}, status=503)
    return web.json_response({"status": "ok"})
