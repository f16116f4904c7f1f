"""Error handling and security headers for every response.

Errors become small JSON bodies (``{"error": "not found"}``) that never echo request
data; unexpected exceptions are logged by class and stack only (an exception's
message may contain PHI) and answered with a generic 500. Redirects pass through.

Security headers are added when any response is prepared (including static files
and errors); a handler that sets one of them itself (e.g. a page with its own
Content-Security-Policy, or cacheable static assets) keeps its own value.
"""
from __future__ import annotations

import json
import logging
import traceback
from typing import Dict

from aiohttp import web

from bot.web.auth import Handler

logger = logging.getLogger(__name__)

SECURITY_HEADERS: Dict[str, str] = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "Content-Security-Policy": (
        "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
        "form-action 'self'"
    ),
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}

_KEPT_ERROR_HEADERS = ("Allow", "WWW-Authenticate", "Retry-After")


def route_name(request: web.Request) -> str:
    """The matched route pattern (never the concrete path, which may hold ids)."""
    resource = request.match_info.route.resource
    return resource.canonical if resource is not None else "<unmatched>"


def _json_from_http_error(exc: web.HTTPException) -> web.Response:
    if exc.content_type == "application/json" and exc.text:
        body = exc.text
    else:
        body = json.dumps({"error": (exc.reason or "error").lower()})
    headers = {k: exc.headers[k] for k in _KEPT_ERROR_HEADERS if k in exc.headers}
    return web.Response(
        text=body, status=exc.status, content_type="application/json", headers=headers
    )


@web.middleware
async def error_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Turns HTTP errors and unexpected exceptions into PHI-free JSON responses."""
    try:
        return await handler(request)
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        return _json_from_http_error(exc)
    except Exception as exc:
        stack = "".join(traceback.format_tb(exc.__traceback__))
        logger.error(
            "unhandled %s in %s %s\n%s",
            type(exc).__name__,
            request.method,
            route_name(request),
            stack,
        )
        return web.json_response({"error": "internal error"}, status=500)


async def add_security_headers(
    request: web.Request, response: web.StreamResponse
) -> None:
    """``on_response_prepare`` hook: adds the default security headers."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)


def setup_middlewares(app: web.Application) -> None:
    """Installs the error middleware and the security-header hook on ``app``."""
    app.middlewares.append(error_middleware)
    app.on_response_prepare.append(add_security_headers)
