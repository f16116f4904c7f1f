"""Reading a Rasa tracker the way the intake actions need it."""
from __future__ import annotations

from typing import Any, Iterable, Optional

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import slots
from bot.intake.state import IntakeState
from bot.intake.turn import Reply

#: Rasa input channel name -> the record's channel.
_CHANNELS = {"twilio": "sms", "sms": "sms", "navigator": "navigator"}

#: Events that Rasa adds around a form run and that say nothing about the conversation.
_BOOKKEEPING_ACTIONS = {"action_extract_slots", "action_listen"}


def intake_state(tracker: Tracker) -> IntakeState:
    """The intake state stored in the tracker."""
    return IntakeState.from_slot(tracker.get_slot(slots.INTAKE))


def state_events(state: IntakeState, *extra: EventType) -> list[EventType]:
    """Slot events that store the state (and the stage rules look at)."""
    return [SlotSet(slots.INTAKE, state.to_slot()), SlotSet(slots.STAGE, state.stage), *extra]


def changed_state_events(tracker: Tracker, state: IntakeState) -> list[EventType]:
    """The slot events that store the state, leaving out those that would change nothing.

    The intake slot holds the whole intake, and Rasa keeps every slot event in the
    conversation and sends the conversation to the action server with each call, so
    re-setting it to the value it already has makes every later turn slower.

    Args:
        tracker: The conversation, with the slot values as they stand.
        state: The intake to store.

    Returns:
        ``state_events(state)`` without the events that set a slot to its current value.
    """
    return [
        event
        for event in state_events(state)
        if event.get("event") != "slot" or tracker.get_slot(event["name"]) != event["value"]
    ]


def user_turn(tracker: Tracker) -> int:
    """The 1-based number of the latest user message."""
    return sum(1 for event in tracker.events if event.get("event") == "user")


def channel_of(tracker: Tracker) -> str:
    """The record channel (web, sms or navigator) the latest message came through."""
    metadata = (tracker.latest_message or {}).get("metadata") or {}
    if metadata.get("channel") in ("web", "sms", "navigator"):
        return metadata["channel"]
    name = tracker.get_latest_input_channel() or ""
    return _CHANNELS.get(name, "web")


def navigator_of(tracker: Tracker) -> Optional[str]:
    """The care navigator's user id when the latest message came from the console's assist mode."""
    metadata = (tracker.latest_message or {}).get("metadata") or {}
    navigator = metadata.get("navigator")
    return navigator if isinstance(navigator, str) and navigator else None


def is_fresh_message(tracker: Tracker, form_name: str = slots.FORM) -> bool:
    """Whether the latest user message has not been handled by any action yet.

    During a form run the tracker ends with the form's own execution; before that comes
    either the user's message (fresh: interpret it) or an action that already answered
    it, e.g. a question answered by a rule before the form resumed (not fresh).
    """
    events = list(tracker.events)
    while events and not (events[-1].get("event") == "action" and events[-1].get("name") == form_name):
        events.pop()
    if events:
        events.pop()
    for event in reversed(events):
        kind = event.get("event")
        if kind == "user":
            return True
        if kind == "action" and event.get("name") not in _BOOKKEEPING_ACTIONS:
            return False
    return False


def send(dispatcher: CollectingDispatcher, replies: Iterable[Reply]) -> None:
    """Sends replies with their quick-reply buttons."""
    for reply in replies:
        dispatcher.utter_message(text=reply.text, buttons=buttons(reply.buttons))


def buttons(pairs: Iterable[tuple[str, str]]) -> list[dict[str, Any]]:
    """Rasa button dicts from (title, payload) pairs."""
    return [{"title": title, "payload": payload} for title, payload in pairs]


def latest_intent(tracker: Tracker) -> Optional[str]:
    """The intent of the latest user message."""
    return ((tracker.latest_message or {}).get("intent") or {}).get("name")
