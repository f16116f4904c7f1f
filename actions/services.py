"""The action server's connection to the application database, opened on first use.

rasa-sdk has no start-up hook, so the engine is created lazily by the first action that
needs it (never at import time) and shared by the process afterwards.
"""
from __future__ import annotations

import asyncio
from typing import Optional

from bot.config import Settings
from bot.storage.engine import create_engine_from_settings, session_factory
from bot.storage.intakes import IntakeStore

_store: Optional[IntakeStore] = None
_lock = asyncio.Lock()


async def intake_store() -> IntakeStore:
    """The process-wide intake store."""
    global _store
    if _store is None:
        async with _lock:
            if _store is None:
                settings = Settings.from_env()
                _store = IntakeStore(session_factory(create_engine_from_settings(settings)))
    return _store
