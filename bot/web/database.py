"""The web application's database resources, tied to the app's lifetime."""
from __future__ import annotations

from typing import AsyncIterator

from aiohttp import web

from bot.storage.engine import create_engine_from_settings, session_factory
from bot.storage.intakes import IntakeStore
from bot.web.keys import ENGINE_KEY, INTAKE_STORE_KEY, SESSIONS_KEY, SETTINGS_KEY


async def database_context(app: web.Application) -> AsyncIterator[None]:
    """Cleanup context: creates the engine on startup and disposes of it on exit.

    Provides ``app[ENGINE_KEY]``, ``app[SESSIONS_KEY]`` and ``app[INTAKE_STORE_KEY]``.
    The schema is not migrated here; ``python -m bot.web`` does that before start.
    """
    engine = create_engine_from_settings(app[SETTINGS_KEY])
    sessions = session_factory(engine)
    app[ENGINE_KEY] = engine
    app[SESSIONS_KEY] = sessions
    app[INTAKE_STORE_KEY] = IntakeStore(sessions)
    try:
        yield
    finally:
        await engine.dispose()
