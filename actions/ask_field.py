"""The form's questions: one ``action_ask_<key>`` per intake question.

Rasa's form asks for the requested slot by running ``action_ask_<requested_slot>``. All
of them share :class:`AskAction`; each subclass only names its question.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import buttons, changed_state_events, intake_state
from actions.snapshot import save_snapshot
from bot.intake import prompts
from bot.intake.fields import ASK_KEYS, CONFIRMATION, CONSENT, NARRATIVE, field_for
from bot.intake.state import IntakeState


def question_for(key: str, state: IntakeState) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The text and buttons that ask for ``key``."""
    if key == CONSENT:
        return prompts.CONSENT_QUESTION, prompts.CONSENT_BUTTONS
    if key == NARRATIVE:
        return prompts.NARRATIVE_QUESTION, ()
    if key == CONFIRMATION:
        return prompts.summary_text(state), prompts.SUMMARY_BUTTONS
    field = field_for(key)
    if field is None:
        raise KeyError(f"no question for {key}")
    return prompts.question_text(field, state), tuple(field.buttons)


class AskAction(Action, ABC):
    """Asks one intake question and records that it was asked."""

    @property
    @abstractmethod
    def ask_key(self) -> str:
        """The requested slot value this action asks for."""

    def name(self) -> Text:
        return f"action_ask_{self.ask_key}"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[Text, Any],
    ) -> List[EventType]:
        state = intake_state(tracker)
        if self.ask_key == CONSENT and not state.offer and CONSENT not in state.failures and not _greeted(tracker):
            dispatcher.utter_message(text=prompts.GREETING)
        if state.offer is None:
            text, choices = question_for(self.ask_key, state)
            dispatcher.utter_message(text=text, buttons=buttons(choices))
        state.asking = self.ask_key
        await save_snapshot(tracker, state, self.ask_key)
        return changed_state_events(tracker, state)


def _greeted(tracker: Tracker) -> bool:
    return any(event.get("event") == "bot" and event.get("text") == prompts.GREETING for event in tracker.events)


def _ask_action(key: str) -> type:
    return type(f"AskFor_{key}", (AskAction,), {"ask_key": key})


ASK_ACTIONS = tuple(_ask_action(key) for key in ASK_KEYS)
