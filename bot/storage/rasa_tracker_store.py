"""Rasa tracker store in the application database, configured by ``DATABASE_URL``.

``endpoints.yml``::

    tracker_store:
      type: bot.storage.rasa_tracker_store.DatabaseUrlTrackerStore

Rasa instantiates custom tracker stores as
``cls(host=<url>, domain=<domain>, event_broker=<broker>, **<other keys>)``. This
class ignores any connection keys given there and connects to the database named by
``DATABASE_URL`` (default: the SQLite file under ``DATA_DIR``), the same one the web
app and action server use. Rasa creates its own ``events`` table there; the
application's tables are managed by Alembic and do not collide with it.
"""
from __future__ import annotations

import logging
from typing import Any, Optional

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from sqlalchemy import event
from sqlalchemy.engine import make_url

from bot.config import Settings, ensure_sqlite_directory, to_sync_url
from bot.storage.engine import apply_sqlite_pragmas

logger = logging.getLogger(__name__)

_CONNECTION_KEYS = ("dialect", "host", "port", "db", "username", "password", "query")


class DatabaseUrlTrackerStore(SQLTrackerStore):
    """``SQLTrackerStore`` whose connection comes from ``DATABASE_URL``.

    Args:
        domain: The assistant's domain (passed by Rasa).
        host: Ignored (Rasa passes the endpoint's ``url``); the database is
            ``database_url`` or ``DATABASE_URL``.
        event_broker: Rasa's event broker, if any.
        database_url: Explicit database URL (tests); defaults to the settings'.
        **kwargs: Other endpoint keys, passed on to ``SQLTrackerStore``.
    """

    def __init__(
        self,
        domain: Optional[Domain] = None,
        host: Optional[str] = None,
        event_broker: Optional[EventBroker] = None,
        database_url: Optional[str] = None,
        **kwargs: Any,
    ) -> None:
        ignored = [key for key in _CONNECTION_KEYS if kwargs.pop(key, None) is not None]
        if host or ignored:
            logger.warning(
                "Tracker store connection settings in endpoints.yml are ignored; "
                "DATABASE_URL decides the database."
            )
        url = make_url(to_sync_url(database_url or Settings.from_env().database_url))
        ensure_sqlite_directory(url.render_as_string(hide_password=False))
        super().__init__(
            domain=domain,
            dialect=url.get_backend_name(),
            host=url.host,
            port=url.port,
            db=url.database,
            username=url.username,
            password=url.password,
            query=dict(url.query) or None,
            event_broker=event_broker,
            **kwargs,
        )
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", apply_sqlite_pragmas)
