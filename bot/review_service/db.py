"""The review service's database engine, as an ``app.cleanup_ctx`` resource."""
from __future__ import annotations

from pathlib import Path
from typing import Any, AsyncIterator

from aiohttp import web
from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from bot.review_service.keys import ENGINE_KEY, SETTINGS_KEY
from bot.review_service.tables import metadata


def to_async_url(url: str) -> str:
    """Returns ``url`` with an asyncio driver (aiosqlite or asyncpg).

    Raises:
        ValueError: The URL names neither SQLite nor PostgreSQL.
    """
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        parsed = parsed.set(drivername="sqlite+aiosqlite")
    elif backend in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+asyncpg")
    else:
        raise ValueError("REVIEW_DATABASE_URL must name a sqlite or postgresql database")
    return parsed.render_as_string(hide_password=False)


def _sqlite_pragmas(dbapi_connection: Any, connection_record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=10000")
    finally:
        cursor.close()


async def create_engine(url: str) -> AsyncEngine:
    """Creates the engine and the service's tables if they do not exist yet.

    Args:
        url: SQLAlchemy URL of the service's database (any driver).

    Returns:
        The engine; the caller disposes of it.
    """
    async_url = to_async_url(url)
    if async_url.startswith("sqlite"):
        database = make_url(async_url).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(async_url, hide_parameters=True, future=True,
                                     connect_args={"timeout": 10})
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    else:
        engine = create_async_engine(async_url, hide_parameters=True, future=True,
                                     pool_pre_ping=True)
    async with engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
    return engine


async def db_context(app: web.Application) -> AsyncIterator[None]:
    """Opens the database for the app's lifetime (use on ``app.cleanup_ctx``)."""
    engine = await create_engine(app[SETTINGS_KEY].database_url)
    app[ENGINE_KEY] = engine
    try:
        yield
    finally:
        await engine.dispose()
