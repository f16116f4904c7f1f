"""A patient asks for a person: a care navigator takes over."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import slots
from actions.conversation import intake_state, state_events
from actions.snapshot import save_snapshot
from bot.intake import prompts


class ActionHandoffToHuman(Action):
    """Tells the patient when and how a navigator will reach them; marks the intake."""

    def name(self) -> Text:
        return "action_handoff_to_human"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[Text, Any],
    ) -> List[EventType]:
        state = intake_state(tracker)
        state.add_flag("human_requested")
        dispatcher.utter_message(text=prompts.navigator_follow_up())
        if state.stage == "collecting":
            state.stage = "needs_human"
            await save_snapshot(tracker, state, None)
        return state_events(state, ActiveLoop(None), SlotSet(slots.REQUESTED, None))
