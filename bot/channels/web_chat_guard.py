"""Who may call the web chat API: CSRF defence and CORS for embedding hospital pages.

Every API request must carry the custom header ``X-Requested-With`` (which a form, an
image or a script tag on another site cannot add, and which cross-origin scripts
can only add after a CORS preflight this app answers only for allowed origins) and,
when the browser says where it comes from (``Origin``), come from the app's own origin
or one listed in ``CHAT_ALLOWED_ORIGINS``. POSTs must be JSON. The ``SameSite=Lax``
cookie is a further layer.
"""
from __future__ import annotations

from typing import Optional

from aiohttp import web

from bot.channels.web_chat_config import ChatConfig
from bot.web.errors import json_error

REQUESTED_WITH = "X-Requested-With"
ALLOWED_HEADERS = "Content-Type, X-Requested-With"
ALLOWED_METHODS = "GET, POST"
PREFLIGHT_MAX_AGE = "600"


def own_origins(request: web.Request, config: ChatConfig) -> set[str]:
    """The origins this app is served on: the request's own and ``PUBLIC_BASE_URL``'s."""
    origins = {f"{request.scheme}://{request.host}"}
    if config.public_origin:
        origins.add(config.public_origin)
    return origins


def foreign_allowed_origin(request: web.Request, config: ChatConfig) -> Optional[str]:
    """The request's ``Origin`` when it is another origin allowed to embed the widget."""
    origin = request.headers.get("Origin")
    if origin and origin not in own_origins(request, config) and origin in config.allowed_origins:
        return origin
    return None


def check_api_request(request: web.Request, config: ChatConfig) -> None:
    """Raises 403 unless the request came from the widget on an allowed page.

    Raises:
        web.HTTPForbidden: Missing ``X-Requested-With``, or a foreign ``Origin``.
        web.HTTPUnsupportedMediaType: A POST whose body is not JSON.
    """
    if not request.headers.get(REQUESTED_WITH):
        raise json_error(web.HTTPForbidden, "forbidden")
    origin = request.headers.get("Origin")
    if origin and origin not in own_origins(request, config) and origin not in config.allowed_origins:
        raise json_error(web.HTTPForbidden, "forbidden")
    if request.method == "POST" and request.content_type != "application/json":
        raise json_error(web.HTTPUnsupportedMediaType, "json required")


def add_cors_headers(request: web.Request, response: web.StreamResponse, config: ChatConfig) -> None:
    """Lets an allowed embedding page read the response (with its cookie)."""
    origin = foreign_allowed_origin(request, config)
    response.headers["Vary"] = "Origin"
    if origin:
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Access-Control-Allow-Credentials"] = "true"


def preflight(request: web.Request, config: ChatConfig) -> web.Response:
    """Answers a CORS preflight: allowed origins only."""
    origin = foreign_allowed_origin(request, config)
    if origin is None:
        raise json_error(web.HTTPForbidden, "forbidden")
    response = web.Response(status=204)
    add_cors_headers(request, response, config)
    response.headers["Access-Control-Allow-Methods"] = ALLOWED_METHODS
    response.headers["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
    response.headers["Access-Control-Max-Age"] = PREFLIGHT_MAX_AGE
    return response
