"""``DialogueStateTracker.applied_events`` carried forward instead of recomputed from the start.

Rasa asks a tracker for its applied events (the events less those reverted, restarted or
undone by a form's unhappy path) several times a turn: to see whether the session has
expired, to update the session, to find the latest action, and to build the rule policy's
states. Each call walks every event of the conversation, with a backwards search at each
form execution, so a long intake pays for its whole history several times a turn.

The result is a left fold over the events: each event changes the list built from the ones
before it, given the names of the conversation's forms (``loop_names``). A tracker's event
list only grows at its end. So the list computed for the first ``n`` events, with the
names those events give, is kept on the tracker, and a later call folds only the events
appended since. It is recomputed from the start whenever that may not hold: another event
list was put in the tracker's place, the list is bounded (``max_event_history``: it drops
its oldest events as it grows), its ``n``-th event is not the one the fold ended with, or a
new event names a form the kept list did not know (which changes how earlier executions of
that form count). Callers get a new list each time, as from Rasa.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, List, Optional

from rasa.shared.core.events import (
    ActionExecuted,
    ActionReverted,
    ActiveLoop,
    Event,
    Restarted,
    SessionStarted,
    UserUttered,
    UserUtteranceReverted,
)
from rasa.shared.core.trackers import DialogueStateTracker

#: The attribute under which a tracker keeps its folded applied events.
_KEPT = "_applied_events_so_far"


@dataclass
class _Fold:
    """The applied events of a tracker's first ``count`` events."""

    events: Any
    count: int
    last: Optional[Event]
    loop_names: frozenset
    applied: List[Event]


def _loop_names(events: Any) -> frozenset:
    """The forms (loops) that events activate."""
    return frozenset(event.name for event in events if isinstance(event, ActiveLoop) and event.name)


def _fold(tracker: DialogueStateTracker, applied: List[Event], new_events: Any, loop_names: frozenset) -> List[Event]:
    """Applies events to an applied-events list in place, as Rasa's ``applied_events`` loop does."""
    for event in new_events:
        if isinstance(event, (Restarted, SessionStarted)):
            applied.clear()
        elif isinstance(event, ActionReverted):
            tracker._undo_till_previous(ActionExecuted, applied)
        elif isinstance(event, UserUtteranceReverted):
            tracker._undo_till_previous(UserUttered, applied)
            tracker._undo_till_previous(ActionExecuted, applied)
        elif (
            isinstance(event, ActionExecuted)
            and event.action_name in loop_names
            and not tracker._first_loop_execution_or_unhappy_path(event.action_name, applied)
        ):
            tracker._undo_till_previous_loop_execution(event.action_name, applied)
        else:
            applied.append(event)
    return applied


def _still_prefix(events: Any, fold: _Fold) -> bool:
    """Whether the events still begin with the ones the fold was computed from.

    Only an unbounded event list that is the same object is known to have grown only at
    its end; a bounded one drops its oldest events as it grows.
    """
    if events is not fold.events or getattr(events, "maxlen", None) is not None or len(events) < fold.count:
        return False
    return fold.count == 0 or events[fold.count - 1] is fold.last


def applied_events(tracker: DialogueStateTracker) -> List[Event]:
    """The tracker's applied events, as Rasa computes them, folding only what is new.

    Args:
        tracker: The tracker.

    Returns:
        A new list of the applied events.
    """
    events = tracker.events
    fold: Optional[_Fold] = tracker.__dict__.get(_KEPT)
    if fold is not None and _still_prefix(events, fold):
        new_events = [events[index] for index in range(fold.count, len(events))]
        loop_names = fold.loop_names | _loop_names(new_events)
        if loop_names == fold.loop_names:
            _fold(tracker, fold.applied, new_events, loop_names)
            fold.count, fold.last = len(events), (events[-1] if events else None)
            return list(fold.applied)
    loop_names = _loop_names(events)
    applied = _fold(tracker, [], events, loop_names)
    tracker.__dict__[_KEPT] = _Fold(events, len(events), events[-1] if events else None, loop_names, applied)
    return list(applied)


def carry_applied_events_forward() -> Callable[[DialogueStateTracker], List[Event]]:
    """Makes ``DialogueStateTracker.applied_events`` fold only the events added since its last call.

    Returns:
        Rasa's own ``applied_events``, as it was before.
    """
    stock = DialogueStateTracker.applied_events
    DialogueStateTracker.applied_events = applied_events
    return stock
