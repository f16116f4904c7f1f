"""Rasa tracker store configured from the environment (``TRACKER_DATABASE_URL``).

``endpoints.yml``::

    tracker_store:
      type: bot.storage.rasa_tracker_store.DatabaseUrlTrackerStore

Rasa instantiates custom tracker stores as
``cls(host=<url>, domain=<domain>, event_broker=<broker>, **<other keys>)``. This
class ignores any connection keys given there and connects to the database
:class:`bot.config.Settings` names: ``TRACKER_DATABASE_URL``, by default the application's
PostgreSQL database, or beside the application's SQLite file a file of its own
(:func:`bot.config.trackers_url_for`). Rasa creates its own ``events`` table there; in a
shared database the application's tables (managed by Alembic) do not collide with it.

Reading and writing a tracker is on every turn's path, so this store does Rasa's
queries with less overhead (the same rows, in the same order, as the same events):
a SQLite file keeps its connections in a pool instead of opening one (and setting its
pragmas) per query; queries run on plain connections rather than ORM sessions; a tracker
is read from the ``data`` column alone, without building an ORM object per stored event,
with Rasa's queries built once rather than every turn; the number of stored events is
counted directly; new events are written in one insert rather than as an ORM object
each; and the tracker this process saved last is handed back at the next turn instead of
being read and rebuilt while the database shows nothing has changed since
(:mod:`bot.storage.recent_trackers`; ``TRACKER_CACHE_SIZE`` conversations, 0 turns it off).
"""
from __future__ import annotations

import itertools
import json
import logging
import os
from typing import Any, Iterator, List, Optional

import sqlalchemy as sa
from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event, SessionStarted
from rasa.shared.nlu.constants import INTENT_NAME_KEY
from rasa.shared.core.trackers import DialogueStateTracker, TrackerEventDiffEngine
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.orm import sessionmaker
from sqlalchemy.pool import QueuePool

from bot.config import Settings, ensure_sqlite_directory, to_sync_url
from bot.storage.engine import apply_sqlite_pragmas
from bot.storage.recent_trackers import DEFAULT_CAPACITY, RecentTrackers, StoredState

logger = logging.getLogger(__name__)

_CONNECTION_KEYS = ("dialect", "host", "port", "db", "username", "password", "query")


class DatabaseUrlTrackerStore(SQLTrackerStore):
    """``SQLTrackerStore`` whose connection comes from ``TRACKER_DATABASE_URL`` (or ``DATABASE_URL``).

    Args:
        domain: The assistant's domain (passed by Rasa).
        host: Ignored (Rasa passes the endpoint's ``url``); the database is
            ``database_url`` or the settings' ``tracker_database_url``.
        event_broker: Rasa's event broker, if any.
        database_url: Explicit database URL (tests); defaults to the settings'.
        cache_size: How many recently saved trackers to keep in memory; defaults to
            ``TRACKER_CACHE_SIZE`` or :data:`bot.storage.recent_trackers.DEFAULT_CAPACITY`.
        **kwargs: Other endpoint keys, passed on to ``SQLTrackerStore``.
    """

    def __init__(
        self,
        domain: Optional[Domain] = None,
        host: Optional[str] = None,
        event_broker: Optional[EventBroker] = None,
        database_url: Optional[str] = None,
        cache_size: Optional[int] = None,
        **kwargs: Any,
    ) -> None:
        ignored = [key for key in _CONNECTION_KEYS if kwargs.pop(key, None) is not None]
        if host or ignored:
            logger.warning(
                "Tracker store connection settings in endpoints.yml are ignored; "
                "TRACKER_DATABASE_URL (or DATABASE_URL) decides the database."
            )
        url = make_url(to_sync_url(database_url or Settings.from_env().tracker_database_url))
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
            if url.database and url.database != ":memory:":
                self.engine.dispose()
                self.engine = _pooled_sqlite_engine(self.engine)
                self.sessionmaker = sessionmaker(bind=self.engine)
            event.listen(self.engine, "connect", apply_sqlite_pragmas)
        if cache_size is None:
            cache_size = int(os.environ.get("TRACKER_CACHE_SIZE") or DEFAULT_CAPACITY)
        self.recent = RecentTrackers(cache_size)

    def _stored_event_data(
        self, connection: Connection, sender_id: str, fetch_events_from_all_sessions: bool
    ) -> List[str]:
        """The serialised events Rasa's query selects, in its order (``data`` only)."""
        statement = _ALL_SESSIONS if fetch_events_from_all_sessions else _LATEST_SESSION
        return list(connection.execute(statement, {"sender_id": sender_id}).scalars())

    async def _retrieve(
        self, sender_id: str, fetch_events_from_all_sessions: bool
    ) -> Optional[DialogueStateTracker]:
        """Rasa's ``SQLTrackerStore._retrieve``: the tracker saved last, while it is still what is stored."""
        if not fetch_events_from_all_sessions and self.domain:
            with self.engine.connect() as connection:
                kept = self.recent.take(sender_id, _stored_state(connection, sender_id), self.domain)
            if kept is not None:
                return kept
        return self._read(sender_id, fetch_events_from_all_sessions)

    def _read(self, sender_id: str, fetch_events_from_all_sessions: bool) -> Optional[DialogueStateTracker]:
        """The tracker rebuilt from the database, reading only the ``data`` column."""
        with self.engine.connect() as connection:
            rows = self._stored_event_data(connection, sender_id, fetch_events_from_all_sessions)
        if not self.domain or not rows:
            return None
        events = [json.loads(data) for data in rows]
        return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Rasa's ``SQLTrackerStore.save`` (the events not stored yet), in one insert; keeps the tracker."""
        await self.stream_events(tracker)
        sender_id = tracker.sender_id
        with self.engine.begin() as connection:  # one transaction, committed at the end
            rows = [_row(sender_id, event) for event in self._additional_events(connection, tracker)]
            if rows:
                connection.execute(_EVENTS.insert(), rows)
            latest_session = connection.execute(_COUNT_LATEST_SESSION, {"sender_id": sender_id}).scalar()
            state = _stored_state(connection, sender_id)
        if latest_session == len(tracker.events) and self.domain:
            self.recent.keep(tracker, state, self.domain)
        else:  # it holds an older session too, or fewer events than stored: read it next time
            self.recent.forget(sender_id)

    async def stream_events(self, tracker: DialogueStateTracker) -> None:
        """Rasa's ``TrackerStore.stream_events``, diffing against the stored tracker, never the kept one."""
        if self.event_broker is None:
            return
        old_tracker = self._read(tracker.sender_id, fetch_events_from_all_sessions=False)
        new_events = TrackerEventDiffEngine.event_difference(old_tracker, tracker)
        await self._stream_new_events(self.event_broker, new_events, tracker.sender_id)

    def _additional_events(self, connection: Any, tracker: DialogueStateTracker) -> Iterator:
        """The tracker's events after those stored since its session started (Rasa's rule)."""
        stored = connection.execute(_COUNT_LATEST_SESSION, {"sender_id": tracker.sender_id}).scalar()
        return itertools.islice(tracker.events, stored or 0, len(tracker.events))


def _row(sender_id: str, stored: Event) -> dict[str, Any]:
    """The ``events`` row Rasa's ``SQLTrackerStore.save`` writes for an event."""
    data = stored.as_dict()
    return {
        "sender_id": sender_id,
        "type_name": stored.type_name,
        "timestamp": data.get("timestamp"),
        "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
        "action_name": data.get("name"),
        "data": json.dumps(data),
    }


def _stored_state(connection: Connection, sender_id: str) -> StoredState:
    """The id of the conversation's latest stored event and how many are stored."""
    last_event_id, stored_events = connection.execute(_LAST_ID_AND_COUNT, {"sender_id": sender_id}).one()
    return StoredState(last_event_id, stored_events)


def _latest_session_filter() -> Any:
    """Rasa's condition for the latest session: from its latest ``SessionStarted`` on.

    A conversation without a ``SessionStarted`` event is all one session.
    """
    events = SQLTrackerStore.SQLEvent.__table__
    session_start = (
        sa.select(sa.func.max(events.c.timestamp))
        .where(
            events.c.sender_id == sa.bindparam("sender_id"),
            events.c.type_name == SessionStarted.type_name,
        )
        .scalar_subquery()
    )
    return sa.and_(
        events.c.sender_id == sa.bindparam("sender_id"),
        sa.or_(events.c.timestamp >= session_start, session_start.is_(None)),
    )


# Rasa's queries (``SQLTrackerStore._event_query``), built once instead of every turn.
_EVENTS = SQLTrackerStore.SQLEvent.__table__
_ALL_SESSIONS = (
    sa.select(_EVENTS.c.data)
    .where(_EVENTS.c.sender_id == sa.bindparam("sender_id"))
    .order_by(_EVENTS.c.id)
)
_LATEST_SESSION = sa.select(_EVENTS.c.data).where(_latest_session_filter()).order_by(_EVENTS.c.id)
_COUNT_LATEST_SESSION = sa.select(sa.func.count(_EVENTS.c.id)).where(_latest_session_filter())
_LAST_ID_AND_COUNT = sa.select(sa.func.max(_EVENTS.c.id), sa.func.count(_EVENTS.c.id)).where(
    _EVENTS.c.sender_id == sa.bindparam("sender_id")
)


def _pooled_sqlite_engine(engine: Engine) -> Engine:
    """The same SQLite file database, its connections kept in a pool.

    SQLAlchemy 1.4 opens a new connection to a SQLite file for every session by default.
    Connections are only ever used by one session at a time, so they may be handed
    between threads.
    """
    return sa.create_engine(
        engine.url,
        poolclass=QueuePool,
        connect_args={"check_same_thread": False},
    )
