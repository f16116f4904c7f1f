"""Rasa lock store chosen by ``REDIS_URL``.

``endpoints.yml``::

    lock_store:
      type: bot.storage.rasa_lock_store.EnvironmentLockStore

With ``REDIS_URL`` set (e.g. ``redis://127.0.0.1:6379/1``) conversation locks live in
Redis, so several Rasa processes can serve one conversation safely; otherwise they
are kept in memory (fine for a single Rasa process). Rasa instantiates custom lock
stores as ``cls(endpoint_config=<config>)``.
"""
from __future__ import annotations

from typing import Any, Optional
from urllib.parse import unquote, urlsplit

from rasa.core.lock import TicketLock
from rasa.core.lock_store import InMemoryLockStore, LockStore, RedisLockStore

from bot.config import Settings


def redis_lock_store(redis_url: str, **kwargs: Any) -> RedisLockStore:
    """Builds Rasa's Redis lock store from a ``redis://`` or ``rediss://`` URL.

    Args:
        redis_url: ``redis[s]://[[user]:password@]host[:port][/db]``; db defaults
            to Rasa's lock store default (1).
        **kwargs: Further ``RedisLockStore`` arguments (e.g. ``key_prefix``).

    Returns:
        The lock store.
    """
    parts = urlsplit(redis_url)
    if parts.scheme not in ("redis", "rediss"):
        raise ValueError("REDIS_URL must be a redis:// or rediss:// URL")
    options: dict = dict(host=parts.hostname or "localhost", port=parts.port or 6379)
    db = parts.path.lstrip("/")
    if db:
        options["db"] = int(db)
    if parts.username:
        options["username"] = unquote(parts.username)
    if parts.password:
        options["password"] = unquote(parts.password)
    if parts.scheme == "rediss":
        options["use_ssl"] = True
    options.update(kwargs)
    return RedisLockStore(**options)


class EnvironmentLockStore(LockStore):
    """Delegates to a Redis lock store when ``REDIS_URL`` is set, else in-memory.

    Args:
        endpoint_config: Rasa's endpoint config; its extra keys (e.g.
            ``key_prefix``, ``socket_timeout``) go to the Redis store.
        redis_url: Explicit Redis URL (tests); defaults to the settings'.
    """

    def __init__(
        self, endpoint_config: Any = None, redis_url: Optional[str] = None
    ) -> None:
        url = redis_url or Settings.from_env().redis_url
        extra = dict(getattr(endpoint_config, "kwargs", None) or {})
        self.delegate: LockStore = (
            redis_lock_store(url, **extra) if url else InMemoryLockStore()
        )
        super().__init__()

    def get_lock(self, conversation_id: str) -> Optional[TicketLock]:
        """Fetches the lock of ``conversation_id`` from the delegate."""
        return self.delegate.get_lock(conversation_id)

    def delete_lock(self, conversation_id: str) -> None:
        """Deletes the lock of ``conversation_id`` in the delegate."""
        self.delegate.delete_lock(conversation_id)

    def save_lock(self, lock: TicketLock) -> None:
        """Saves ``lock`` in the delegate."""
        self.delegate.save_lock(lock)
