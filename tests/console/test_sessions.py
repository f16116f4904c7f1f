"""Sessions: signed cookies, 30-minute idle timeout, absolute lifetime, sign-out."""
from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
from pathlib import Path
from types import SimpleNamespace
from typing import AsyncIterator

import pytest
from sqlalchemy import text

from bot.console.accounts import Accounts
from bot.console.lockout import LoginThrottle
from bot.console.models import ConsoleSession
from bot.console.sessions import CookieSigner, SessionStore
from bot.storage.engine import create_engine_from_url, session_factory, write_transaction
from bot.storage.migrate import upgrade_to_head
from tests.console.conftest import PASSWORD


@pytest.fixture
async def user_id(sessions) -> str:
    user = await Accounts(sessions, LoginThrottle(sessions)).create("sam", PASSWORD)
    return user.id


@pytest.fixture
def store(sessions, clock) -> SessionStore:
    return SessionStore(sessions, CookieSigner("test-secret"), now=clock)


def test_signed_values_resist_tampering() -> None:
    signer = CookieSigner("test-secret")
    value = signer.sign("abc")
    assert signer.unsign(value) == "abc"
    assert signer.unsign(value[:-1] + ("A" if value[-1] != "A" else "B")) is None
    assert signer.unsign("abc") is None
    assert signer.unsign("") is None
    assert signer.unsign(None) is None
    assert signer.unsign("a.b.c") is None
    assert CookieSigner("another-secret").unsign(value) is None
    with pytest.raises(ValueError):
        CookieSigner("")


async def test_a_new_session_is_found_by_its_cookie(store: SessionStore, user_id: str) -> None:
    cookie, created = await store.create(user_id)
    found = await store.load(cookie)
    assert found == created
    assert found.user_id == user_id and len(found.csrf_token) >= 32
    # The database keeps only a hash of the token.
    assert cookie.split(".")[0] not in found.token_hash


async def test_idle_for_30_minutes_ends_the_session(store: SessionStore, user_id: str, clock) -> None:
    cookie, _ = await store.create(user_id)
    clock.advance(minutes=29, seconds=59)
    assert await store.load(cookie) is not None  # and counts as activity
    clock.advance(minutes=29, seconds=59)
    assert await store.load(cookie) is not None
    clock.advance(minutes=30)
    assert await store.load(cookie) is None
    clock.advance(seconds=1)
    assert await store.load(cookie) is None  # deleted, not just refused


async def test_automatic_refreshes_do_not_keep_a_session_alive(store: SessionStore, user_id: str, clock) -> None:
    cookie, _ = await store.create(user_id)
    for _ in range(10):
        clock.advance(minutes=2, seconds=50)
        assert await store.load(cookie, touch=False) is not None
    clock.advance(minutes=2)
    assert await store.load(cookie, touch=False) is None


async def test_sessions_end_after_their_lifetime_even_when_active(sessions, clock, user_id: str) -> None:
    store = SessionStore(sessions, CookieSigner("test-secret"), lifetime=dt.timedelta(hours=1), now=clock)
    cookie, _ = await store.create(user_id)
    for _ in range(3):
        clock.advance(minutes=19)
        assert await store.load(cookie) is not None
    clock.advance(minutes=3)
    assert await store.load(cookie) is None


async def test_sign_out_ends_the_session(store: SessionStore, user_id: str) -> None:
    cookie, session = await store.create(user_id)
    other, _ = await store.create(user_id)
    await store.end(session.token_hash)
    assert await store.load(cookie) is None
    assert await store.load(other) is not None
    await store.end_all(user_id)
    assert await store.load(other) is None


async def test_forged_or_unknown_cookies_find_nothing(store: SessionStore, user_id: str) -> None:
    await store.create(user_id)
    assert await store.load(CookieSigner("test-secret").sign("made-up-token")) is None
    assert await store.load(CookieSigner("guessed").sign("x")) is None


@contextlib.asynccontextmanager
async def _two_writers(tmp_path: Path, clock) -> AsyncIterator[SimpleNamespace]:
    """A console session due for a touch, in a SQLite file that a second engine (another
    process, another tab) also writes."""
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    upgrade_to_head(url)
    console_engine, other = create_engine_from_url(url), create_engine_from_url(url)
    sessions = session_factory(console_engine)
    try:
        user = await Accounts(sessions, LoginThrottle(sessions)).create("sam", PASSWORD)
        store = SessionStore(sessions, CookieSigner("test-secret"), now=clock)
        cookie, created = await store.create(user.id)
        clock.advance(minutes=1)  # the next request counts as activity
        yield SimpleNamespace(store=store, cookie=cookie, created=created, sessions=sessions,
                              other=session_factory(other))
    finally:
        await console_engine.dispose()
        await other.dispose()


async def test_a_touch_waits_for_another_process_writing_instead_of_failing(tmp_path: Path, clock) -> None:
    # The web app and the action server write the same SQLite file. A session read and
    # then touched in one transaction would fail ("database is locked") when another
    # process commits a write between the read and the touch.
    async with _two_writers(tmp_path, clock) as db:
        async with write_transaction(db.other) as writer:
            await writer.execute(text("UPDATE console_users SET disabled = disabled"))
            loading = asyncio.create_task(db.store.load(db.cookie))
            await asyncio.sleep(0.3)
            assert not loading.done()  # waiting for the other writer, not failed
        assert await loading == db.created
        async with db.sessions() as session:
            row = await session.get(ConsoleSession, db.created.token_hash)
        assert row is not None and row.last_seen_at == clock()


async def test_a_session_signed_out_while_a_request_waits_is_not_handed_back(tmp_path: Path, clock) -> None:
    async with _two_writers(tmp_path, clock) as db:
        async with write_transaction(db.other) as writer:
            loading = asyncio.create_task(db.store.load(db.cookie))
            await asyncio.sleep(0.3)  # read the live session, now waiting to touch it
            await writer.execute(text("DELETE FROM console_sessions"))  # signed out in another tab
        assert await loading is None
