"""The trackers this Rasa process saved last, kept to be handed back without reading them again.

Rasa reads a conversation's whole tracker from the database at the start of every turn:
every stored event is parsed from JSON, made an ``Event`` and applied to a new tracker,
which under load was about an eighth of the Rasa server's CPU time. Mostly the tracker it
rebuilds is the very one this process saved at the end of the previous turn.

A tracker is kept only as the stored state of its conversation: with the id of the
conversation's latest stored event and the number of its stored events, read in the same
transaction as the write. It is handed back only while the database still says the same
(so a write by another Rasa replica, an API call or a deletion makes it be read again),
while it still has exactly the events it was saved with (so a change made in memory and
never saved is never handed back), and for the same domain. Whoever takes a tracker owns
it: it leaves the cache until it is saved again, so two requests never share one object.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Optional

from rasa.shared.core.trackers import DialogueStateTracker

#: How many conversations are kept at most: enough for every conversation active at once
#: on one replica; the least recently saved goes first.
DEFAULT_CAPACITY = 128


@dataclass(frozen=True)
class StoredState:
    """What the database holds for one conversation.

    Attributes:
        last_event_id: The id of its latest stored event (None: none stored).
        stored_events: How many of its events are stored, over all sessions.
    """

    last_event_id: Optional[int]
    stored_events: int


@dataclass
class _Kept:
    tracker: DialogueStateTracker
    state: StoredState
    events: int
    domain: Any


class RecentTrackers:
    """A bounded cache of saved trackers, handed back only while they are still what is stored.

    Args:
        capacity: How many conversations to keep at most (0: keep none).
    """

    def __init__(self, capacity: int = DEFAULT_CAPACITY) -> None:
        self.capacity = capacity
        self._kept: "OrderedDict[str, _Kept]" = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._kept)

    def keep(self, tracker: DialogueStateTracker, state: StoredState, domain: Any) -> None:
        """Keeps a tracker that was just saved.

        Args:
            tracker: The tracker, whose events are exactly the conversation's latest
                stored session.
            state: What the database held right after the save.
            domain: The domain its slots come from.
        """
        if self.capacity <= 0:
            return
        with self._lock:
            self._kept.pop(tracker.sender_id, None)
            self._kept[tracker.sender_id] = _Kept(tracker, state, len(tracker.events), domain)
            while len(self._kept) > self.capacity:
                self._kept.popitem(last=False)

    def take(self, sender_id: str, state: StoredState, domain: Any) -> Optional[DialogueStateTracker]:
        """The kept tracker of a conversation if it is still what is stored, else None.

        The tracker leaves the cache either way.

        Args:
            sender_id: The conversation.
            state: What the database holds now.
            domain: The domain the tracker must have been built with.
        """
        with self._lock:
            kept = self._kept.pop(sender_id, None)
        if kept is None or kept.state != state or kept.domain is not domain:
            return None
        if len(kept.tracker.events) != kept.events:
            return None
        return kept.tracker

    def forget(self, sender_id: str) -> None:
        """Drops whatever is kept for a conversation."""
        with self._lock:
            self._kept.pop(sender_id, None)
