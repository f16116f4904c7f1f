"""Who is making a console request: set by the sign-in middleware, read by handlers."""
from __future__ import annotations

from aiohttp import web

from bot.console.accounts import User
from bot.console.sessions import Session

USER_KEY = "console_user"
SESSION_KEY = "console_session"


def current_user(request: web.Request) -> User:
    """The signed-in user of a request that passed the sign-in check."""
    return request[USER_KEY]


def current_session(request: web.Request) -> Session:
    """The session of a request that passed the sign-in check."""
    return request[SESSION_KEY]
