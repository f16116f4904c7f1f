"""Starting the intake over, before it has been submitted."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import slots
from actions.conversation import channel_of, intake_state, state_events
from bot.intake.state import IntakeState

STARTING_OVER = "Of course, let's start again."
ALREADY_SUBMITTED = (
    "Your request {reference} has already been submitted. To make a new request, please "
    "start a new conversation."
)


class ActionRestartIntake(Action):
    """Clears the intake (unless submitted); the form then starts from consent."""

    def name(self) -> Text:
        return "action_restart_intake"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[Text, Any],
    ) -> List[EventType]:
        state = intake_state(tracker)
        if state.stage == "submitted":
            dispatcher.utter_message(text=ALREADY_SUBMITTED.format(reference=state.reference))
            return []
        dispatcher.utter_message(text=STARTING_OVER)
        fresh = IntakeState(channel=channel_of(tracker))
        return state_events(fresh, SlotSet(slots.REQUESTED, slots.START))
