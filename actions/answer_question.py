"""Answers a patient's question about the service, then the form asks again."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import intake_state, latest_intent
from bot.intake import prompts
from bot.intake.fields import field_for


class ActionAnswerQuestion(Action):
    """Why do you need this? Is it private? How long does it take? What does it cost?"""

    def name(self) -> Text:
        return "action_answer_question"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[Text, Any],
    ) -> List[EventType]:
        intent = latest_intent(tracker) or ""
        state = intake_state(tracker)
        if intent == "ask_why":
            asking = state.asking if state.stage == "collecting" else None
            text = prompts.why_text(field_for(asking or ""), asking)
        else:
            text = prompts.FAQ.get(intent, prompts.FAQ["ask_capabilities"])
        dispatcher.utter_message(text=text)
        return []
