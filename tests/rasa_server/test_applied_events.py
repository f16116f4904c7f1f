"""Applied events carried forward are exactly Rasa's (bot/rasa_server/applied_events.py)."""
from __future__ import annotations

from collections import deque

from hypothesis import given, settings
from hypothesis import strategies as st
from rasa.shared.core.events import (
    ActionExecuted,
    ActionExecutionRejected,
    ActionReverted,
    ActiveLoop,
    BotUttered,
    DefinePrevUserUtteredFeaturization,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUttered,
    UserUtteranceReverted,
)
from rasa.shared.core.trackers import DialogueStateTracker

from bot.rasa_server import applied_events as carried

STOCK = DialogueStateTracker.applied_events

FORMS = ("intake_form", "other_form")
_events = st.one_of(
    st.sampled_from(FORMS + ("action_listen", "action_answer", "utter_greet")).map(ActionExecuted),
    st.sampled_from(FORMS + (None,)).map(ActiveLoop),
    st.sampled_from(FORMS).map(lambda name: ActionExecutionRejected(name)),
    st.sampled_from(["hi", "lupus", "yes"]).map(lambda text: UserUttered(text, {"name": "inform"})),
    st.just(DefinePrevUserUtteredFeaturization(False)),
    st.sampled_from(["a", "b"]).map(lambda value: SlotSet("requested_slot", value)),
    st.just(BotUttered("What is your name?")),
    st.sampled_from([Restarted, SessionStarted, ActionReverted, UserUtteranceReverted]).map(lambda cls: cls()),
)


def _steps():
    """Batches of events appended to a tracker, with a call after each batch."""
    return st.lists(st.lists(_events, max_size=6), min_size=1, max_size=12)


@settings(max_examples=300, deadline=None)
@given(_steps())
def test_the_same_events_as_rasa_after_every_batch(batches: list) -> None:
    tracker = DialogueStateTracker("c", slots=[])
    for batch in batches:
        for event in batch:
            tracker.events.append(event)  # events alone: applied_events reads nothing else
        assert carried.applied_events(tracker) == STOCK(tracker)


@settings(max_examples=100, deadline=None)
@given(_steps(), st.integers(min_value=1, max_value=5))
def test_a_bounded_history_that_drops_its_oldest_events_is_recomputed(batches: list, keep: int) -> None:
    tracker = DialogueStateTracker("c", slots=[])
    tracker.events = deque(maxlen=keep)
    for batch in batches:
        for event in batch:
            tracker.events.append(event)
        assert carried.applied_events(tracker) == STOCK(tracker)


def test_callers_get_a_list_of_their_own() -> None:
    tracker = DialogueStateTracker("c", slots=[])
    for event in (ActionExecuted("action_listen"), UserUttered("hi", {"name": "greet"})):
        tracker.update(event)
    first = carried.applied_events(tracker)
    first.clear()
    assert carried.applied_events(tracker) == STOCK(tracker) != []


def test_only_the_new_events_are_folded(monkeypatch) -> None:
    tracker = DialogueStateTracker("c", slots=[])
    for _ in range(50):
        tracker.events.append(ActionExecuted("action_listen"))
    carried.applied_events(tracker)
    folded: list = []
    fold = carried._fold
    monkeypatch.setattr(carried, "_fold", lambda t, applied, new, names: folded.append(len(new)) or fold(t, applied, new, names))
    tracker.events.append(UserUttered("hi", {"name": "greet"}))
    carried.applied_events(tracker)
    tracker.events.append(ActiveLoop("intake_form"))  # a form not seen before: from the start
    carried.applied_events(tracker)

    assert folded == [1, 52]


def test_install_replaces_and_returns_rasas_method(monkeypatch) -> None:
    monkeypatch.setattr(DialogueStateTracker, "applied_events", STOCK)
    assert carried.carry_applied_events_forward() is STOCK
    assert DialogueStateTracker.applied_events is carried.applied_events
