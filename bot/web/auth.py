"""Bearer-token protection for the intake API.

The token is ``INTAKE_API_TOKEN`` (settings); there is no default. Unconfigured, the
protected routes answer 503 ``not configured``; a missing or wrong token gets 401
with no data. Tokens are compared in constant time.
"""
from __future__ import annotations

import functools
import hmac
from typing import Awaitable, Callable, Optional

from aiohttp import web

from bot.web.errors import json_error
from bot.web.keys import SETTINGS_KEY

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

_UNAUTHORIZED_HEADERS = {"WWW-Authenticate": 'Bearer realm="intake"'}


def bearer_token(request: web.Request) -> Optional[str]:
    """Returns the token of an ``Authorization: Bearer …`` header, or None."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def tokens_match(given: str, expected: str) -> bool:
    """Compares two tokens in constant time."""
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def check_api_token(request: web.Request) -> None:
    """Raises unless the request carries the intake API token.

    Raises:
        web.HTTPServiceUnavailable: ``INTAKE_API_TOKEN`` is not configured.
        web.HTTPUnauthorized: The token is missing or wrong.
    """
    expected = request.app[SETTINGS_KEY].intake_api_token
    if not expected:
        raise json_error(web.HTTPServiceUnavailable, "not configured")
    given = bearer_token(request)
    if given is None or not tokens_match(given, expected):
        raise json_error(
            web.HTTPUnauthorized, "unauthorized", headers=_UNAUTHORIZED_HEADERS
        )


def require_api_token(handler: Handler) -> Handler:
    """Decorates a handler so that it only runs for requests with the API token."""

    @functools.wraps(handler)
    async def guarded(request: web.Request) -> web.StreamResponse:
        check_api_token(request)
        return await handler(request)

    return guarded
