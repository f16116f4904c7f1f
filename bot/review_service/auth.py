"""Bearer-token checks for the read and admin endpoints."""
from __future__ import annotations

import hmac

from aiohttp import web

from bot.review_service.keys import SETTINGS_KEY


def require_token(request: web.Request) -> None:
    """Raises 401 unless the request carries ``Authorization: Bearer <token>``.

    The comparison is constant-time. Without a configured token every request is
    refused.

    Raises:
        web.HTTPUnauthorized: Missing, malformed or wrong token.
    """
    expected = request.app[SETTINGS_KEY].token
    scheme, _, presented = request.headers.get("Authorization", "").partition(" ")
    if (
        not expected
        or scheme.lower() != "bearer"
        or not hmac.compare_digest(presented.strip().encode(), expected.encode())
    ):
        raise web.HTTPUnauthorized(
            text='{"error": "unauthorized"}',
            content_type="application/json",
            headers={"WWW-Authenticate": 'Bearer realm="review-service"'},
        )
