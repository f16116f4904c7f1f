"""The cache of recently saved trackers (bot/storage/recent_trackers.py)."""
from __future__ import annotations

from rasa.shared.core.events import ActionExecuted
from rasa.shared.core.trackers import DialogueStateTracker

from bot.storage.recent_trackers import RecentTrackers, StoredState

DOMAIN = object()


def _tracker(sender_id: str) -> DialogueStateTracker:
    tracker = DialogueStateTracker(sender_id, slots=[])
    tracker.update(ActionExecuted("action_listen"))
    return tracker


def test_a_tracker_is_handed_back_once_and_only_for_the_state_it_was_kept_with() -> None:
    recent = RecentTrackers(4)
    tracker = _tracker("a")
    recent.keep(tracker, StoredState(7, 1), DOMAIN)

    assert recent.take("a", StoredState(8, 2), DOMAIN) is None  # the database moved on
    recent.keep(tracker, StoredState(7, 1), DOMAIN)
    assert recent.take("a", StoredState(7, 1), object()) is None  # another domain
    recent.keep(tracker, StoredState(7, 1), DOMAIN)
    assert recent.take("a", StoredState(7, 1), DOMAIN) is tracker
    assert recent.take("a", StoredState(7, 1), DOMAIN) is None  # taken: gone


def test_the_least_recently_saved_conversation_goes_first() -> None:
    recent = RecentTrackers(2)
    for sender_id in ("a", "b", "a", "c"):
        recent.keep(_tracker(sender_id), StoredState(1, 1), DOMAIN)

    assert len(recent) == 2
    assert recent.take("b", StoredState(1, 1), DOMAIN) is None
    assert recent.take("a", StoredState(1, 1), DOMAIN) is not None
    assert recent.take("c", StoredState(1, 1), DOMAIN) is not None


def test_capacity_zero_keeps_nothing() -> None:
    recent = RecentTrackers(0)
    recent.keep(_tracker("a"), StoredState(1, 1), DOMAIN)
    assert len(recent) == 0
