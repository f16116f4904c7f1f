"""Conversation locks: Redis when REDIS_URL is set, in memory otherwise."""
from __future__ import annotations

import os
import uuid

import pytest
from rasa.core.lock_store import InMemoryLockStore, LockStore, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

from bot.storage.rasa_lock_store import EnvironmentLockStore, redis_lock_store

STORE_TYPE = "bot.storage.rasa_lock_store.EnvironmentLockStore"
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _redis_available() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_timeout=1).ping())
    except redis.RedisError:
        return False


async def _exercise(store: LockStore) -> None:
    conversation_id = f"lock-test-{uuid.uuid4().hex}"
    async with store.lock(conversation_id) as lock:
        assert lock.conversation_id == conversation_id
        assert store.get_lock(conversation_id) is not None
    assert store.get_lock(conversation_id) is None


async def test_in_memory_without_redis_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REDIS_URL", raising=False)
    store = LockStore.create(EndpointConfig(type=STORE_TYPE))
    assert isinstance(store, EnvironmentLockStore)
    assert isinstance(store.delegate, InMemoryLockStore)
    await _exercise(store)


def test_redis_url_is_parsed() -> None:
    store = redis_lock_store("rediss://user:p%40ss@cache.internal:6380/3")
    kwargs = store.red.connection_pool.connection_kwargs
    assert (kwargs["host"], kwargs["port"], kwargs["db"]) == ("cache.internal", 6380, 3)
    assert (kwargs["username"], kwargs["password"]) == ("user", "p@ss")
    with pytest.raises(ValueError):
        redis_lock_store("http://cache")


@pytest.mark.skipif(not _redis_available(), reason="no Redis server reachable")
async def test_redis_when_redis_url_is_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REDIS_URL", REDIS_URL)
    store = LockStore.create(EndpointConfig(type=STORE_TYPE))
    assert isinstance(store, EnvironmentLockStore)
    assert isinstance(store.delegate, RedisLockStore)
    await _exercise(store)
