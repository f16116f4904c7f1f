"""Write transactions: a process's writers take turns at a SQLite file in first-come order."""
from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.storage.engine import create_engine_from_url, session_factory, write_transaction


def _sqlite_without_busy_wait(path: Path) -> AsyncEngine:
    """A SQLite engine whose connections give up at once on a locked database."""
    engine = create_engine_from_url(f"sqlite:///{path}")

    def no_busy_wait(dbapi_connection, connection_record) -> None:  # after the project's own pragmas
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA busy_timeout=0")
        cursor.close()

    event.listen(engine.sync_engine, "connect", no_busy_wait)
    return engine


async def _make_table(sessions) -> None:
    async with write_transaction(sessions) as session:
        await session.execute(text("CREATE TABLE IF NOT EXISTS turns (n INTEGER)"))


async def test_sqlite_writers_of_one_process_wait_their_turn_instead_of_failing(tmp_path: Path) -> None:
    # With no busy wait, SQLite itself would refuse the second writer at once
    # ("database is locked"); the queue makes it wait until the first commits.
    engine = _sqlite_without_busy_wait(tmp_path / "app.db")
    sessions = session_factory(engine)
    inside: list[str] = []
    try:
        await _make_table(sessions)

        async def writer(name: str, hold: float) -> None:
            async with write_transaction(sessions) as session:
                inside.append(f"{name} in")
                await session.execute(text("INSERT INTO turns (n) VALUES (1)"))
                await asyncio.sleep(hold)
                inside.append(f"{name} out")

        first = asyncio.create_task(writer("first", 0.05))
        await asyncio.sleep(0.01)
        await asyncio.gather(writer("second", 0.0), first)

        assert inside == ["first in", "first out", "second in", "second out"]
        async with sessions() as session:
            assert (await session.execute(text("SELECT count(*) FROM turns"))).scalar_one() == 2
    finally:
        await engine.dispose()


async def test_sqlite_writers_start_in_the_order_they_arrived(tmp_path: Path) -> None:
    engine = create_engine_from_url(f"sqlite:///{tmp_path / 'app.db'}")
    sessions = session_factory(engine)
    started: list[int] = []
    try:
        await _make_table(sessions)

        async def writer(n: int) -> None:
            async with write_transaction(sessions) as session:
                started.append(n)
                await session.execute(text("INSERT INTO turns (n) VALUES (:n)"), {"n": n})
                await asyncio.sleep(0)

        tasks = []
        for n in range(8):
            tasks.append(asyncio.create_task(writer(n)))
            await asyncio.sleep(0)
        await asyncio.gather(*tasks)

        assert started == list(range(8))
    finally:
        await engine.dispose()


async def test_a_failed_write_is_rolled_back_and_lets_the_next_writer_in(tmp_path: Path) -> None:
    engine = _sqlite_without_busy_wait(tmp_path / "app.db")
    sessions = session_factory(engine)
    try:
        await _make_table(sessions)
        with pytest.raises(RuntimeError):
            async with write_transaction(sessions) as session:
                await session.execute(text("INSERT INTO turns (n) VALUES (1)"))
                raise RuntimeError("the unit of work failed")
        async with write_transaction(sessions) as session:
            await session.execute(text("INSERT INTO turns (n) VALUES (2)"))
        async with sessions() as session:
            assert (await session.execute(text("SELECT n FROM turns"))).scalars().all() == [2]
    finally:
        await engine.dispose()


@pytest.mark.postgres
async def test_postgresql_writers_do_not_queue(postgres_database_url: str) -> None:
    # Row locks order PostgreSQL writers where they touch the same rows; others run side by side.
    engine = create_engine_from_url(postgres_database_url)
    sessions = session_factory(engine)
    both_inside = asyncio.Event()
    inside = 0
    try:
        await _make_table(sessions)

        async def writer() -> None:
            nonlocal inside
            async with write_transaction(sessions) as session:
                await session.execute(text("INSERT INTO turns (n) VALUES (1)"))
                inside += 1
                if inside == 2:
                    both_inside.set()
                await asyncio.wait_for(both_inside.wait(), timeout=5)

        await asyncio.gather(writer(), writer())
        assert both_inside.is_set()
    finally:
        async with sessions() as session, session.begin():
            await session.execute(text("DROP TABLE IF EXISTS turns"))
        await engine.dispose()
