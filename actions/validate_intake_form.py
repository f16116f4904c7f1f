"""The intake form's validation: every patient answer inside the form comes through here.

Rasa's form calls this action after each user message. It hands the message to the
intake's turn logic (bot.intake.turn), then asks the next question itself
(actions/ask_question.py) and reports which one it asked. When
the message is not an answer (a question about the service, a red flag, a request for a
person), it returns no slot events: the form is rejected and a rule answers instead.
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Text

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction

from actions import slots
from actions.ask_question import ask
from actions.conversation import channel_of, intake_state, is_fresh_message, navigator_of, send, state_events, user_turn
from bot.intake import prompts
from bot.intake.message import Message
from bot.intake.state import IntakeState
from bot.intake.turn import Reply, next_ask_key, take_turn


logger = logging.getLogger(__name__)

SOMETHING_WENT_WRONG = (
    "Sorry, something went wrong on my side. Everything you told me before is saved; "
    "could you give me that answer once more?"
)


class ValidateIntakeForm(FormValidationAction):
    """Interprets answers, corrections and skips, and picks the next question."""

    def name(self) -> Text:
        return f"validate_{slots.FORM}"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[Text, Any],
    ) -> List[EventType]:
        state = intake_state(tracker)
        if state.consent_at is None:
            state.channel = channel_of(tracker)
        state.assisted_by = navigator_of(tracker) or state.assisted_by
        if not is_fresh_message(tracker):
            return await _ask_next(dispatcher, tracker, state)

        try:
            outcome = take_turn(state, Message.from_parse_data(tracker.latest_message), turn=user_turn(tracker))
        except Exception as error:  # noqa: BLE001 - the patient must never be left without an answer
            # Log the kind of failure only: the message itself is health information.
            logger.error("turn failed with %s; asking again", error.__class__.__name__)
            send(dispatcher, [Reply(SOMETHING_WENT_WRONG)])
            return await _ask_next(dispatcher, tracker, state)
        if outcome.kind == "digression":
            return []
        state = outcome.state
        send(dispatcher, outcome.replies)
        if outcome.kind == "declined":
            return state_events(state, SlotSet(slots.REQUESTED, None))
        if outcome.kind == "navigator":
            state.stage = "needs_human"
            state.add_flag("human_requested")
            send(dispatcher, [Reply(prompts.navigator_follow_up())])
            return state_events(state, SlotSet(slots.REQUESTED, None))
        if outcome.kind == "confirmed":
            return state_events(state, SlotSet(slots.REQUESTED, None))
        return await _ask_next(dispatcher, tracker, state)


async def _ask_next(dispatcher: CollectingDispatcher, tracker: Tracker, state: IntakeState) -> List[EventType]:
    """Asks the next question (none once the intake is over) and stores what was asked."""
    state.asking = next_ask_key(state)
    if state.asking is not None:
        await ask(dispatcher, tracker, state, state.asking)
    return state_events(state, SlotSet(slots.REQUESTED, state.asking))
