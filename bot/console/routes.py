"""The console's routes, all under ``/console`` and named ``console.<name>``.

They are added to the web app's own router (not a sub-application) and the console's
middlewares recognise them by that name prefix.
"""
from __future__ import annotations

from pathlib import Path
from typing import Awaitable, Callable, Optional

from aiohttp import web

from bot.console.views import auth, conversations, intakes

STATIC = Path(__file__).with_name("static")
PREFIX = "/console"
NAME_PREFIX = "console."

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

_CONVERSATION = "/intakes/{conversation_id}"

#: (method, path under PREFIX, handler, short name)
ROUTES: tuple[tuple[str, str, Handler, str], ...] = (
    ("GET", "", intakes.index, "root"),
    ("GET", "/", intakes.index, "index"),
    ("GET", "/login", auth.login_page, "login"),
    ("POST", "/login", auth.login, "login_post"),
    ("POST", "/logout", auth.logout, "logout"),
    ("GET", "/intakes", intakes.intake_list, "intakes"),
    ("GET", "/intakes.json", intakes.intake_list_json, "intakes_json"),
    ("POST", "/assist", conversations.start_assisted, "assist"),
    ("GET", _CONVERSATION, intakes.intake_page, "intake"),
    ("GET", _CONVERSATION + "/live", intakes.intake_live, "live"),
    ("POST", _CONVERSATION + "/messages", conversations.caller_message, "messages"),
    ("POST", _CONVERSATION + "/fields", conversations.edit_field, "fields"),
    ("POST", _CONVERSATION + "/submit", conversations.submit, "submit"),
    ("POST", _CONVERSATION + "/takeover", conversations.take_over, "takeover"),
    ("POST", _CONVERSATION + "/reply", conversations.reply, "reply"),
    ("POST", _CONVERSATION + "/handback", conversations.hand_back, "handback"),
)


def console_route(request: web.Request) -> Optional[str]:
    """The short name of the console route a request matched, or None if not one."""
    name = request.match_info.route.name
    if name is None or not name.startswith(NAME_PREFIX):
        return None
    return name[len(NAME_PREFIX):]


def setup_routes(app: web.Application) -> None:
    """Registers every console route (and its static files) on the web app."""
    for method, path, handler, name in ROUTES:
        app.router.add_route(method, PREFIX + path, handler, name=NAME_PREFIX + name)
    app.router.add_static(PREFIX + "/static", STATIC, name=NAME_PREFIX + "static")
