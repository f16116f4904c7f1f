"""Signing in and out."""
from __future__ import annotations

import math
from typing import Optional

from aiohttp import web

from bot import clock
from bot.console import audit, csrf
from bot.console.accounts import LOCKED, OK
from bot.console.context import context
from bot.console.identity import current_session, current_user
from bot.console.render import render
from bot.console.sessions import COOKIE_NAME

HOME = "/console/intakes"
LOGIN_PATH = "/console/login"

WRONG = "Wrong username or password."
LOCKED_OUT = "Too many failed sign-ins. Try again in {minutes} minutes."


def safe_next(value: Optional[str]) -> str:
    """Where to go after signing in: a console path, never another site."""
    if (
        value
        and value.startswith("/console/")
        and not value.startswith("//")
        and "\\" not in value
        and value != LOGIN_PATH
    ):
        return value
    return HOME


def _login_page(
    request: web.Request,
    token: str,
    *,
    message: str = "",
    kind: str = "",
    username: str = "",
    status: int = 200,
    next_url: str = HOME,
) -> web.Response:
    response = render(
        "login.html",
        {
            "login_csrf": token,
            "message": message,
            "message_kind": kind,
            "username": username,
            "next": next_url,
        },
        status=status,
    )
    response.set_cookie(
        csrf.LOGIN_COOKIE,
        token,
        path=LOGIN_PATH,
        max_age=3600,
        httponly=True,
        samesite="Strict",
        secure=request.secure,
    )
    return response


async def login_page(request: web.Request) -> web.Response:
    """``GET /console/login``: the sign-in form (or home, when signed in already)."""
    ctx = context(request)
    next_url = safe_next(request.query.get("next"))
    if await ctx.sessions.load(request.cookies.get(COOKIE_NAME), touch=False) is not None:
        raise web.HTTPFound(next_url)
    return _login_page(request, csrf.new_token(), next_url=next_url)


async def login(request: web.Request) -> web.Response:
    """``POST /console/login``: checks the password, honouring the lock-out."""
    ctx = context(request)
    form = await request.post()
    username = str(form.get("username") or "")[:200]
    password = str(form.get("password") or "")[:1024]
    next_url = safe_next(str(form.get("next") or ""))
    token = request.cookies.get(csrf.LOGIN_COOKIE) or csrf.new_token()

    result = await ctx.accounts.authenticate(username, password)
    if result.outcome == LOCKED:
        assert result.locked_until is not None
        minutes = max(1, math.ceil((result.locked_until - clock.now()).total_seconds() / 60))
        return _login_page(
            request, token, message=LOCKED_OUT.format(minutes=minutes), kind="error",
            username=username, status=429, next_url=next_url,
        )
    if result.outcome != OK or result.user is None:
        return _login_page(
            request, token, message=WRONG, kind="error", username=username, status=401,
            next_url=next_url,
        )

    old = request.cookies.get(COOKIE_NAME)
    previous = await ctx.sessions.load(old, touch=False) if old else None
    if previous is not None:
        await ctx.sessions.end(previous.token_hash)
    cookie, _ = await ctx.sessions.create(result.user.id)
    await ctx.audit.record(result.user.id, audit.LOGIN)
    response = web.HTTPFound(next_url)
    response.set_cookie(
        COOKIE_NAME, cookie, path="/console", httponly=True, samesite="Strict",
        secure=request.secure,
    )
    response.del_cookie(csrf.LOGIN_COOKIE, path=LOGIN_PATH)
    raise response


async def logout(request: web.Request) -> web.Response:
    """``POST /console/logout``: ends the session."""
    ctx = context(request)
    await ctx.sessions.end(current_session(request).token_hash)
    await ctx.audit.record(current_user(request).id, audit.LOGOUT)
    response = web.HTTPFound(LOGIN_PATH)
    response.del_cookie(COOKIE_NAME, path="/console")
    raise response
