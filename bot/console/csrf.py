"""Cross-site request forgery protection for every console POST.

Signed-in requests carry their session's token, in the ``csrf_token`` form field (HTML
forms) or the ``X-CSRF-Token`` header (scripts). The sign-in form, which has no session
yet, uses a double-submit token: a random value both in a cookie scoped to the sign-in
page and in the form. Cookies are ``SameSite=Strict`` as well, but the tokens do not
rely on that.
"""
from __future__ import annotations

import hmac
import secrets
from typing import Optional

from aiohttp import web

FORM_FIELD = "csrf_token"
HEADER = "X-CSRF-Token"
LOGIN_COOKIE = "console_login_csrf"


def new_token() -> str:
    """A fresh unguessable token."""
    return secrets.token_urlsafe(32)


def tokens_match(expected: Optional[str], given: Optional[str]) -> bool:
    """Constant-time comparison; False when either is missing."""
    if not expected or not given:
        return False
    return hmac.compare_digest(expected.encode("utf-8"), given.encode("utf-8"))


async def submitted_token(request: web.Request) -> Optional[str]:
    """The token a POST carries (header first, then the form field).

    Reading the form here is safe: aiohttp keeps the parsed form for the handler.
    """
    header = request.headers.get(HEADER)
    if header:
        return header
    if request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        form = await request.post()
        value = form.get(FORM_FIELD)
        return value if isinstance(value, str) else None
    return None
