"""The console's request pipeline: availability, sign-in and CSRF checks.

They act on console routes only (see :func:`bot.console.routes.console_route`); every
other request of the web app passes straight through. Unauthenticated requests for
pages are redirected to the sign-in page; anything else (scripts, JSON) gets 401.
Every POST must carry the session's CSRF token (the sign-in form its double-submit
token), or it gets 403.
"""
from __future__ import annotations

from typing import Awaitable, Callable
from urllib.parse import quote

from aiohttp import web

from bot.console import csrf
from bot.console.context import CONFIG_KEY, CONTEXT_KEY
from bot.console.identity import SESSION_KEY, USER_KEY
from bot.console.routes import console_route
from bot.console.sessions import COOKIE_NAME

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

#: Routes anyone may reach.
PUBLIC_ROUTES = frozenset({"login", "login_post", "static"})
#: Routes that pages call on their own; they do not count as activity, so an open
#: page left alone still signs its navigator out after the idle timeout.
PASSIVE_ROUTES = frozenset({"live"})
_UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def wants_page(request: web.Request) -> bool:
    """Whether the client is a browser navigating to a page (not a script)."""
    return request.method == "GET" and "text/html" in request.headers.get("Accept", "")


def login_redirect(request: web.Request) -> web.HTTPFound:
    """A redirect to the sign-in page that comes back here afterwards."""
    return web.HTTPFound(f"/console/login?next={quote(request.path_qs, safe='/')}")


def _unauthorized() -> web.Response:
    return web.json_response({"error": "sign in required"}, status=401)


def _forbidden(request: web.Request) -> web.Response:
    if "application/json" in request.headers.get("Accept", "") or request.content_type == "application/json":
        return web.json_response({"error": "invalid csrf token"}, status=403)
    return web.Response(
        text="This form has expired. Go back, reload the page and try again.",
        status=403,
        content_type="text/plain",
    )


@web.middleware
async def availability_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Answers 503 while the console has no session secret configured."""
    if console_route(request) is None:
        return await handler(request)
    if not request.config_dict[CONFIG_KEY].session_secret:
        return web.json_response({"error": "console not configured"}, status=503)
    return await handler(request)


@web.middleware
async def session_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Finds the signed-in navigator; turns everyone else away from private routes."""
    name = console_route(request)
    if name is None or name in PUBLIC_ROUTES:
        return await handler(request)
    ctx = request.config_dict[CONTEXT_KEY]
    session = await ctx.sessions.load(
        request.cookies.get(COOKIE_NAME), touch=name not in PASSIVE_ROUTES
    )
    user = await ctx.accounts.get(session.user_id) if session is not None else None
    if session is None or user is None:
        if wants_page(request):
            raise login_redirect(request)
        return _unauthorized()
    request[SESSION_KEY] = session
    request[USER_KEY] = user
    return await handler(request)


@web.middleware
async def csrf_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Refuses state-changing requests without the right CSRF token."""
    name = console_route(request)
    if name is None or request.method not in _UNSAFE_METHODS:
        return await handler(request)
    given = await csrf.submitted_token(request)
    if name == "login_post":
        expected = request.cookies.get(csrf.LOGIN_COOKIE)
    else:
        session = request.get(SESSION_KEY)
        expected = session.csrf_token if session is not None else None
    if not csrf.tokens_match(expected, given):
        return _forbidden(request)
    return await handler(request)


def setup_middlewares(app: web.Application) -> None:
    """Installs the console's middlewares on the web app, outermost first."""
    app.middlewares.extend(
        [availability_middleware, session_middleware, csrf_middleware]
    )
