"""Typed keys for what the web application keeps in ``app[...]``.

Other modules (and other teams' route extensions) read shared resources with these,
e.g. ``request.app[INTAKE_STORE_KEY]``.
"""
from __future__ import annotations

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.orm import sessionmaker

from bot.config import Settings
from bot.storage.intakes import IntakeStore

SETTINGS_KEY = web.AppKey("settings", Settings)
ENGINE_KEY = web.AppKey("engine", AsyncEngine)
SESSIONS_KEY = web.AppKey("sessions", sessionmaker)
INTAKE_STORE_KEY = web.AppKey("intake_store", IntakeStore)
