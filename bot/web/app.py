"""Application factory for the web app."""
from __future__ import annotations

from typing import Iterable

from aiohttp import web

from bot.config import Settings
from bot.web.database import database_context
from bot.web.extensions import AppExtension
from bot.web.keys import SETTINGS_KEY
from bot.web.middlewares import setup_middlewares
from bot.web.routes import setup_routes


def create_app(
    settings: Settings, *, extensions: Iterable[AppExtension] = ()
) -> web.Application:
    """Builds the web application; nothing connects until it starts.

    Args:
        settings: Process settings (``Settings.from_env()`` in production).
        extensions: Feature setup callables run after the core routes are added
            (see ``bot.web.extensions``).

    Returns:
        The application, with the database engine, session factory and intake
        store on its cleanup context.
    """
    app = web.Application()
    app[SETTINGS_KEY] = settings
    app.cleanup_ctx.append(database_context)
    setup_middlewares(app)
    setup_routes(app)
    for extension in extensions:
        extension(app)
    return app
