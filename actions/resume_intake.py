"""Continuing the intake after an emergency instruction turned out not to be needed."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import intake_state, state_events

RESUMING = "Thank you for letting me know. Let's continue where we left off."


class ActionResumeIntake(Action):
    """Puts a paused intake back to collecting; the form then asks where it stopped."""

    def name(self) -> Text:
        return "action_resume_intake"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[Text, Any],
    ) -> List[EventType]:
        state = intake_state(tracker)
        if state.stage in ("emergency", "needs_human"):
            state.stage = "collecting"
            dispatcher.utter_message(text=RESUMING)
        return state_events(state)
