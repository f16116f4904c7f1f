"""Asking the intake's next question, from inside the form's validation.

Rasa's form would ask for the requested slot with a separate ``action_ask_<key>`` call to
the action server. The validation action already knows the next question, so it asks it
itself (see :func:`ask`) and the domain has no ``action_ask_*`` actions: Rasa then asks
nothing more, and a form turn costs one action server call instead of two.
"""
from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import buttons
from actions.snapshot import save_snapshot
from bot.intake import prompts
from bot.intake.fields import CONSENT
from bot.intake.state import IntakeState


async def ask(dispatcher: CollectingDispatcher, tracker: Tracker, state: IntakeState, key: str) -> None:
    """Asks the question for ``key`` and stores the intake as it stands.

    The greeting comes before the first consent question; while an offer (skip the
    question, or have a navigator call) waits for its answer, the question itself is not
    repeated.

    Args:
        dispatcher: Where the bot's messages go.
        tracker: The conversation.
        state: The intake, changed in place: ``asking`` becomes ``key``.
        key: The ask key of the question.
    """
    if key == CONSENT and not state.offer and CONSENT not in state.failures and not _greeted(tracker):
        dispatcher.utter_message(text=prompts.GREETING)
    if state.offer is None:
        text, choices = prompts.question_for(key, state)
        dispatcher.utter_message(text=text, buttons=buttons(choices))
    state.asking = key
    await save_snapshot(tracker, state, key)


def _greeted(tracker: Tracker) -> bool:
    return any(event.get("event") == "bot" and event.get("text") == prompts.GREETING for event in tracker.events)
