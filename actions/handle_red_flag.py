"""A red flag (emergency or crisis) stops the intake at once with the right instruction."""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import slots
from actions.conversation import channel_of, intake_state, state_events, user_turn
from actions.services import intake_store
from actions.snapshot import save_snapshot
from bot.intake.message import Message
from bot.intake.turn import keep_red_flag_answer
from bot.safety.detector import RedFlag, emergency_instruction
from bot.safety.rules import load_rules

RED_FLAG_ENTITY = "red_flag"


def _red_flag(tracker: Tracker) -> Optional[RedFlag]:
    """The red flag the NLU red-flag detector found in the latest message."""
    message = tracker.latest_message or {}
    text = message.get("text") or ""
    for entity in message.get("entities") or []:
        if entity.get("entity") == RED_FLAG_ENTITY:
            category = str(entity.get("value"))
            start, end = int(entity.get("start") or 0), int(entity.get("end") or len(text))
            kind = load_rules().category(category).kind
            return RedFlag(category=category, kind=kind, matched_text=text[start:end], start=start, end=end)
    return None


class ActionHandleRedFlag(Action):
    """Gives the emergency instruction, pauses the intake and flags the conversation."""

    def name(self) -> Text:
        return "action_handle_red_flag"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[Text, Any],
    ) -> List[EventType]:
        state = intake_state(tracker)
        flag = _red_flag(tracker)
        channel = channel_of(tracker)
        if flag is not None:
            dispatcher.utter_message(text=emergency_instruction(flag, channel=channel))
        else:
            dispatcher.utter_message(
                text="If this is an emergency, call 911 or go to the nearest emergency department now."
            )
        state.add_flag("red_flag_reported")
        keep_red_flag_answer(state, Message.from_parse_data(tracker.latest_message or {}), turn=user_turn(tracker))
        if state.stage == "collecting":
            state.stage = "emergency"
            await save_snapshot(tracker, state, None)
        else:
            # Declined or already handed off: keep the status, but staff must see the flag.
            store = await intake_store()
            await store.set_status(tracker.sender_id, "emergency", flag="red_flag_reported")
        return state_events(state, ActiveLoop(None), SlotSet(slots.REQUESTED, None))
