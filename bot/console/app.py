"""The console as a web app extension: ``setup(app)`` adds it under ``/console``.

Listed in ``bot.web.extensions.DEFAULT_EXTENSIONS`` as ``"bot.console.app:setup"``. Its
routes and middlewares are added to the web app itself; the middlewares only act on
console routes. The web app's error handling and security headers still apply
(console pages send their own, stricter Content-Security-Policy).
"""
from __future__ import annotations

from typing import AsyncIterator, Callable, Optional

import aiohttp
from aiohttp import web

from bot.channels.rasa_client import RasaClient
from bot.console.accounts import Accounts
from bot.console.audit import AuditLog
from bot.console.config import ConsoleConfig
from bot.console.context import CONFIG_KEY, CONTEXT_KEY, ConsoleContext
from bot.console.lockout import LoginThrottle
from bot.console.middlewares import setup_middlewares
from bot.console.rasa import ConsoleRasa
from bot.console.relay import SmsRelay, default_sms_relay
from bot.console.routes import setup_routes
from bot.console.sessions import CookieSigner, SessionStore
from bot.web.keys import INTAKE_STORE_KEY, SESSIONS_KEY, SETTINGS_KEY

CleanupContext = Callable[[web.Application], AsyncIterator[None]]


def _resources(sms: Optional[SmsRelay]) -> CleanupContext:
    async def console_context(app: web.Application) -> AsyncIterator[None]:
        """Creates the console's stores and its HTTP client for Rasa."""
        config = app[CONFIG_KEY]
        sessions = app[SESSIONS_KEY]
        settings = app[SETTINGS_KEY]
        token = config.channel_token or ""
        async with aiohttp.ClientSession() as http:
            app[CONTEXT_KEY] = ConsoleContext(
                config=config,
                accounts=Accounts(
                    sessions,
                    LoginThrottle(
                        sessions, max_failures=config.max_failed_logins, duration=config.lockout
                    ),
                ),
                sessions=SessionStore(
                    sessions,
                    CookieSigner(config.session_secret or "unconfigured"),
                    idle_timeout=config.idle_timeout,
                    lifetime=config.session_lifetime,
                ),
                audit=AuditLog(sessions),
                intakes=app[INTAKE_STORE_KEY],
                rasa=ConsoleRasa(http, settings.rasa_url, token),
                channel=RasaClient(http, settings.rasa_url, token),
                sms=sms if sms is not None else default_sms_relay(sessions),
            )
            yield

    return console_context


def setup(
    app: web.Application,
    *,
    config: Optional[ConsoleConfig] = None,
    sms: Optional[SmsRelay] = None,
) -> None:
    """Adds the navigator console to the web app.

    Args:
        app: The web app (``bot.web.app.create_app``), after its database context.
        config: Console settings; from the environment by default.
        sms: How to text an SMS patient; the SMS channel's sender by default.
    """
    app[CONFIG_KEY] = config or ConsoleConfig.from_env()
    setup_middlewares(app)
    setup_routes(app)
    app.cleanup_ctx.append(_resources(sms))
