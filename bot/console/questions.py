"""What the assistant asks for each ask key, and the status a state maps to.

For the console, which re-asks the pending question itself when it hands a conversation
back or changes what comes next: the words come from ``bot.intake.prompts.question_for``,
as the assistant's own (``actions/ask_question.py``); the status mirrors ``actions/snapshot.py``.
"""
from __future__ import annotations

from typing import Optional

from bot.intake import prompts
from bot.intake.fields import CONFIRMATION
from bot.intake.state import IntakeState

#: The intake state's stage -> the conversation status (actions/snapshot.py).
_STATUS = {
    "collecting": "in_progress",
    "declined": "abandoned",
    "emergency": "emergency",
    "needs_human": "needs_human",
    "submitted": "submitted",
}


def question_for(key: str, state: IntakeState) -> tuple[str, list[dict[str, str]]]:
    """The text and buttons (Rasa's button dicts) that ask for ``key``.

    Raises:
        KeyError: No question has that key.
    """
    text, choices = prompts.question_for(key, state)
    return text, [{"title": title, "payload": payload} for title, payload in choices]


def status_of(state: IntakeState, asking: Optional[str]) -> str:
    """The conversation status for a state and the question it is waiting on."""
    if state.stage == "collecting" and asking == CONFIRMATION:
        return "awaiting_confirmation"
    return _STATUS.get(state.stage, "in_progress")
