"""Sessions: signed cookies, 30-minute idle timeout, absolute lifetime, sign-out."""
from __future__ import annotations

import datetime as dt

import pytest

from bot.console.accounts import Accounts
from bot.console.lockout import LoginThrottle
from bot.console.sessions import CookieSigner, SessionStore
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
