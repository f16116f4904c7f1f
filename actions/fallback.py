"""What the assistant says when no rule fits: depends on where the conversation stands."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import intake_state
from bot.intake import prompts

_BY_STAGE = {
    "declined": "I haven't saved anything. If you'd like to start a request, just write 'start over'.",
    "emergency": (
        "If this is an emergency, please call 911 now. If you are safe and would like to "
        "continue your request, say 'I'm safe, let's continue'."
    ),
}


class ActionFallback(Action):
    """A short, stage-appropriate reply when nothing else applies."""

    def name(self) -> Text:
        return "action_fallback"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[Text, Any],
    ) -> List[EventType]:
        state = intake_state(tracker)
        if state.stage == "submitted":
            text = prompts.AFTER_SUBMISSION.format(reference=state.reference)
        elif state.stage == "needs_human":
            text = prompts.navigator_follow_up()
        else:
            text = _BY_STAGE.get(state.stage, prompts.OFF_TOPIC)
        dispatcher.utter_message(text=text)
        # Like Rasa's default fallback: forget the message for prediction purposes, so the
        # policies wait for the next one instead of predicting the fallback again.
        return [UserUtteranceReverted()]
