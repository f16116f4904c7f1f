"""Starting (or coming back to) a conversation."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, ActiveLoop, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import slots
from actions.conversation import intake_state, state_events
from bot.intake import prompts


class ActionSessionStart(Action):
    """Opens the intake form; a returning patient hears what is still needed."""

    def name(self) -> Text:
        return "action_session_start"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[Text, Any],
    ) -> List[EventType]:
        state = intake_state(tracker)
        events: List[EventType] = [SessionStarted()]
        if state.stage != "collecting":
            events += state_events(state)
            return events + [ActionExecuted("action_listen")]
        returning = state.consent_at is not None
        if returning:
            state.resumed = True
            missing = state.field_labels_missing()
            text = prompts.WELCOME_BACK
            if missing:
                text += " " + prompts.WELCOME_BACK_MISSING.format(missing=", ".join(missing))
            dispatcher.utter_message(text=text)
        events += state_events(state, SlotSet(slots.REQUESTED, state.asking or slots.START))
        events += [ActiveLoop(slots.FORM), ActionExecuted("action_listen")]
        return events
