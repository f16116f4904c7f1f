"""Rasa's conversation trackers live in the application database."""
from __future__ import annotations

from typing import Any, Callable, Iterator

import pytest
from rasa.core.tracker_store import TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig
from sqlalchemy import create_engine, inspect
from sqlalchemy.engine import make_url

from bot.config import to_sync_url
from bot.storage.migrate import upgrade_to_head
from bot.storage.rasa_tracker_store import DatabaseUrlTrackerStore

STORE_TYPE = "bot.storage.rasa_tracker_store.DatabaseUrlTrackerStore"
#: Makes tracker stores on the test database (see the ``stores`` fixture).
Stores = Callable[..., DatabaseUrlTrackerStore]


def _tracker(sender_id: str) -> DialogueStateTracker:
    tracker = DialogueStateTracker(sender_id, slots=[])
    for event in (
        ActionExecuted("action_listen"),
        UserUttered("hello", {"name": "greet", "confidence": 1.0}),
        SlotSet("requested_slot", "patient_birth_date"),
        BotUttered("What is the patient's date of birth?"),
        ActionExecuted("action_listen"),
    ):
        tracker.update(event)
    return tracker


def _events(tracker: DialogueStateTracker) -> list:
    return [(event.type_name, getattr(event, "text", None)) for event in tracker.events]


async def test_round_trip(migrated_database_url: str) -> None:
    store = DatabaseUrlTrackerStore(domain=Domain.empty(), database_url=migrated_database_url)
    try:
        tracker = _tracker("conversation-1")
        await store.save(tracker)

        restored = await store.retrieve("conversation-1")
        assert restored is not None
        assert _events(restored) == _events(tracker)
        assert "conversation-1" in list(await store.keys())
        assert await store.retrieve("conversation-2") is None
    finally:
        store.engine.dispose()


async def test_created_from_endpoints_config_and_database_url(
    migrated_database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", migrated_database_url)
    store = TrackerStore.create(
        EndpointConfig(type=STORE_TYPE), domain=Domain.empty()
    )
    inner = getattr(store, "_tracker_store", store)
    assert isinstance(inner, DatabaseUrlTrackerStore)
    try:
        await store.save(_tracker("conversation-3"))
        restored = await store.retrieve("conversation-3")
        assert restored is not None and len(restored.events) == 5
    finally:
        inner.engine.dispose()


def _tables(url: str) -> set[str]:
    engine = create_engine(to_sync_url(url), future=True)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_by_default_shares_a_postgresql_database_and_keeps_its_own_file_beside_sqlite(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TRACKER_DATABASE_URL", raising=False)
    monkeypatch.setenv("DATABASE_URL", database_url)
    store = DatabaseUrlTrackerStore()
    store.engine.dispose()
    upgrade_to_head(database_url)  # after Rasa created "events": no collision where shared
    application = _tables(database_url)
    assert {"conversations", "intake_records", "outbox_deliveries"} <= application
    if database_url.startswith("postgresql"):
        assert "events" in application
    else:
        assert "events" not in application
        beside = database_url.replace("intake.db", "intake-conversations.db")
        assert store.engine.url.database == make_url(beside).database
        assert _tables(beside) == {"events"}


def test_default_is_a_sqlite_file_under_data_dir(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("DATABASE_URL", "TRACKER_DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    store = DatabaseUrlTrackerStore()
    store.engine.dispose()
    assert store.engine.url.get_backend_name() == "sqlite"
    assert (tmp_path / "data" / "intake-conversations.db").exists()


async def test_retrieve_reads_the_latest_session_in_order_and_save_appends_only_new_events(
    migrated_database_url: str,
) -> None:
    from rasa.shared.core.events import SessionStarted  # noqa: PLC0415

    store = DatabaseUrlTrackerStore(domain=Domain.empty(), database_url=migrated_database_url)
    try:
        first = _tracker("conversation-4")
        await store.save(first)
        tracker = await store.retrieve("conversation-4")
        assert tracker is not None
        tracker.update(UserUttered("again", {"name": "affirm", "confidence": 1.0}))
        tracker.update(SessionStarted(timestamp=tracker.events[-1].timestamp + 1))
        tracker.update(BotUttered("Welcome back.", timestamp=tracker.events[-1].timestamp + 1))
        await store.save(tracker)
        again = await store.retrieve("conversation-4")
        assert again is not None
        await store.save(again)  # nothing new: nothing written

        latest = await store.retrieve("conversation-4")
        full = await store.retrieve_full_tracker("conversation-4")
        assert latest is not None and full is not None
        assert _events(latest) == [("session_started", None), ("bot", "Welcome back.")]
        assert _events(full) == _events(tracker)
        assert [event.as_dict() for event in full.events] == [
            event.as_dict() for event in tracker.events
        ]
    finally:
        store.engine.dispose()


def test_sqlite_connections_are_pooled_and_keep_their_pragmas(migrated_database_url: str) -> None:
    store = DatabaseUrlTrackerStore(domain=Domain.empty(), database_url=migrated_database_url)
    try:
        if store.engine.dialect.name != "sqlite":
            pytest.skip("SQLite only")
        with store.engine.connect() as first:
            first_raw = first.connection.dbapi_connection
        with store.engine.connect() as second:
            assert second.connection.dbapi_connection is first_raw
            assert second.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert second.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        store.engine.dispose()


@pytest.fixture
def stores(migrated_database_url: str) -> Iterator[Stores]:
    """Makes tracker stores on the test database (empty domain unless given); disposes of them after."""
    made: list[DatabaseUrlTrackerStore] = []

    def make(**kwargs: Any) -> DatabaseUrlTrackerStore:
        kwargs.setdefault("domain", Domain.empty())
        made.append(DatabaseUrlTrackerStore(database_url=migrated_database_url, **kwargs))
        return made[-1]

    yield make
    for store in made:
        store.engine.dispose()


def _stored(store: DatabaseUrlTrackerStore, sender_id: str) -> list:
    """The tracker as the database holds it, read past the kept one."""
    read = store._read(sender_id, fetch_events_from_all_sessions=False)
    return [] if read is None else [event.as_dict() for event in read.events]


async def test_the_tracker_saved_last_is_handed_back_without_reading_it_again(stores: Stores) -> None:
    store = stores()
    tracker = _tracker("kept-1")
    await store.save(tracker)

    again = await store.retrieve("kept-1")
    assert again is tracker
    assert [event.as_dict() for event in again.events] == _stored(store, "kept-1")
    # whoever took it owns it: a second request reads its own copy
    other = await store.retrieve("kept-1")
    assert other is not None and other is not tracker
    assert [event.as_dict() for event in other.events] == _stored(store, "kept-1")


async def test_a_write_by_another_replica_makes_the_kept_tracker_be_read_again(stores: Stores) -> None:
    ours = stores()
    theirs = stores()
    await ours.save(_tracker("kept-2"))
    elsewhere = await theirs.retrieve("kept-2")
    assert elsewhere is not None
    elsewhere.update(UserUttered("I have lupus", {"name": "inform", "confidence": 1.0}))
    await theirs.save(elsewhere)

    seen = await ours.retrieve("kept-2")
    assert seen is not None
    assert seen.latest_message.text == "I have lupus"
    assert [event.as_dict() for event in seen.events] == _stored(ours, "kept-2")


async def test_a_change_made_in_memory_and_never_saved_is_never_handed_back(stores: Stores) -> None:
    store = stores()
    tracker = _tracker("kept-3")
    await store.save(tracker)
    tracker.update(BotUttered("never saved"))  # e.g. a turn that failed before its save

    seen = await store.retrieve("kept-3")
    assert seen is not None and seen is not tracker
    assert "never saved" not in [getattr(event, "text", None) for event in seen.events]


async def test_a_tracker_holding_an_older_session_is_not_kept(stores: Stores) -> None:
    from rasa.shared.core.events import SessionStarted  # noqa: PLC0415

    store = stores()
    tracker = _tracker("kept-4")
    await store.save(tracker)
    tracker = await store.retrieve("kept-4")
    tracker.update(SessionStarted(timestamp=tracker.events[-1].timestamp + 1))
    await store.save(tracker)

    seen = await store.retrieve("kept-4")
    assert seen is not None and seen is not tracker
    assert _events(seen) == [("session_started", None)]


async def test_a_new_domain_rebuilds_the_tracker(stores: Stores) -> None:
    store = stores()
    tracker = _tracker("kept-5")
    await store.save(tracker)
    store.domain = Domain.from_dict({"slots": {"colour": {"type": "text", "mappings": [{"type": "custom"}]}}})

    seen = await store.retrieve("kept-5")
    assert seen is not None and seen is not tracker
    assert "colour" in seen.slots


async def test_without_a_cache_every_retrieve_reads_the_database(stores: Stores) -> None:
    store = stores(cache_size=0)
    tracker = _tracker("kept-6")
    await store.save(tracker)
    seen = await store.retrieve("kept-6")
    assert seen is not None and seen is not tracker and _events(seen) == _events(tracker)


async def test_the_event_broker_is_sent_each_new_event_once(stores: Stores) -> None:
    from rasa.core.brokers.broker import EventBroker  # noqa: PLC0415

    class Collecting(EventBroker):
        def __init__(self) -> None:
            self.published: list = []

        def publish(self, event: dict) -> None:
            self.published.append((event["event"], event.get("text")))

    broker = Collecting()
    store = stores(event_broker=broker)
    tracker = _tracker("kept-7")
    await store.save(tracker)
    tracker = await store.retrieve("kept-7")
    tracker.update(BotUttered("one more"))
    await store.save(tracker)

    assert broker.published[-1] == ("bot", "one more")
    assert len(broker.published) == len(tracker.events)
