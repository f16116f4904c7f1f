"""Database engines and sessions for the application (asyncio).

Engines are only ever created by a caller (an app's cleanup context, a worker's
startup, a test fixture), never at import time.

SQLite gets write-ahead logging, a busy timeout and foreign keys on every connection,
and SQLAlchemy (not pysqlite) emits ``BEGIN`` so that savepoints work and so that a
transaction that is going to write can take SQLite's write lock up front
(``BEGIN IMMEDIATE``, see :func:`write_transaction`). Bound parameters are hidden from
SQLAlchemy's error messages because they may contain PHI.

Writers of one process take turns at a SQLite file through a queue of their own
(:func:`write_transaction`) instead of through SQLite's busy handler, which sleeps in
growing steps (up to 100 ms) and so kept a writer waiting long after the lock was free.
"""
from __future__ import annotations

import asyncio
import contextlib
import weakref
from typing import Any, AsyncIterator, Callable

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, create_async_engine
from sqlalchemy.orm import sessionmaker
from sqlalchemy.pool import AsyncAdaptedQueuePool

from bot.config import Settings, ensure_sqlite_directory, sqlite_path, to_async_url

SQLITE_BUSY_TIMEOUT_MS = 10_000
WRITE_INTENT_OPTION = "intake_write_intent"


def apply_sqlite_pragmas(dbapi_connection: Any, connection_record: Any = None) -> None:
    """Configures a new SQLite DB-API connection (a ``connect`` event listener).

    Args:
        dbapi_connection: The raw sqlite3/aiosqlite-adapted connection.
        connection_record: Unused; part of the event signature.
    """
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    """Emits BEGIN itself, IMMEDIATE when the transaction declared it will write."""
    if conn.get_execution_options().get(WRITE_INTENT_OPTION):
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        conn.exec_driver_sql("BEGIN")


def create_engine_from_url(url: str, **kwargs: Any) -> AsyncEngine:
    """Creates an asyncio engine for a SQLite or PostgreSQL URL.

    Args:
        url: Database URL with any (or no) driver; the asyncio driver is chosen here.
        **kwargs: Extra ``create_async_engine`` arguments.

    Returns:
        A new engine; the caller disposes of it.
    """
    async_url = to_async_url(url)
    kwargs.setdefault("hide_parameters", True)
    kwargs.setdefault("future", True)
    if async_url.startswith("sqlite"):
        ensure_sqlite_directory(async_url)
        connect_args = dict(kwargs.pop("connect_args", {}))
        connect_args.setdefault("isolation_level", None)  # SQLAlchemy emits BEGIN
        connect_args.setdefault("timeout", SQLITE_BUSY_TIMEOUT_MS / 1000)
        if sqlite_path(async_url) is not None:
            # Reuse connections (each aiosqlite connection is a thread).
            kwargs.setdefault("poolclass", AsyncAdaptedQueuePool)
        engine = create_async_engine(async_url, connect_args=connect_args, **kwargs)
        event.listen(engine.sync_engine, "connect", apply_sqlite_pragmas)
        event.listen(engine.sync_engine, "begin", _sqlite_begin)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_async_engine(async_url, **kwargs)


def create_engine_from_settings(settings: Settings) -> AsyncEngine:
    """Creates the application's asyncio engine for ``settings.database_url``.

    Args:
        settings: Process settings.

    Returns:
        A new engine; the caller disposes of it (``await engine.dispose()``).
    """
    return create_engine_from_url(settings.database_url)


def session_factory(engine: AsyncEngine) -> "sessionmaker[AsyncSession]":
    """Returns a factory of ``AsyncSession`` objects bound to ``engine``.

    Objects stay usable after commit (``expire_on_commit=False``), which async code
    needs because it cannot lazily reload attributes.
    """
    return sessionmaker(
        engine, class_=AsyncSession, expire_on_commit=False, future=True
    )


async def _begin_write(session: AsyncSession) -> None:
    """Starts ``session``'s transaction declaring that it will write.

    :func:`write_transaction` calls it first thing in its transaction. On SQLite the
    transaction then takes the database write lock immediately (waiting up to the
    busy timeout) instead of failing with "database is locked" when it later tries
    to upgrade a read lock; on PostgreSQL it is a plain ``BEGIN``.

    Args:
        session: A session with no transaction in progress.
    """
    await session.connection(execution_options={WRITE_INTENT_OPTION: True})


_GatesByLoop = "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock]"
#: One queue of writers per SQLite engine and event loop.
_WRITE_GATES: "weakref.WeakKeyDictionary[Engine, _GatesByLoop]" = weakref.WeakKeyDictionary()


def _write_gate(bind: Any) -> "contextlib.AbstractAsyncContextManager[Any]":
    """The queue a SQLite engine's writers wait in within this process; none for other databases."""
    sync_engine = getattr(bind, "sync_engine", None)
    if sync_engine is None or sync_engine.dialect.name != "sqlite":
        return contextlib.nullcontext()
    per_loop = _WRITE_GATES.setdefault(sync_engine, weakref.WeakKeyDictionary())
    loop = asyncio.get_running_loop()
    gate = per_loop.get(loop)
    if gate is None:
        gate = per_loop[loop] = asyncio.Lock()
    return gate


@contextlib.asynccontextmanager
async def write_transaction(sessions: Callable[[], AsyncSession]) -> AsyncIterator[AsyncSession]:
    """A session in a transaction that is going to write, committed when the block ends.

    On SQLite, the process's writers wait their turn in first-come order (an asyncio
    lock per engine and event loop), so each starts as soon as the one before it
    commits; only a writer of another process still meets SQLite's busy handler. The
    transaction then begins with :func:`_begin_write`. On PostgreSQL it is a plain
    transaction: rows are locked where they are written, and writers need no queue.

    Args:
        sessions: The session factory.

    Yields:
        The session; an exception rolls the transaction back and is raised again.
    """
    async with sessions() as session:
        async with _write_gate(session.bind):
            async with session.begin():
                await _begin_write(session)
                yield session
