"""What the assistant asks for each ask key, and the status a state maps to.

Mirrors ``actions/ask_question.py`` and ``actions/snapshot.py`` for the console, which re-asks
the pending question itself when it hands a conversation back or changes what comes
next; both read the same ``bot.intake`` prompts and fields, so the words are the same.
"""
from __future__ import annotations

from typing import Optional

from bot.intake import prompts
from bot.intake.fields import CONFIRMATION, CONSENT, NARRATIVE, field_for
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
    """The text and buttons that ask for ``key``.

    Raises:
        KeyError: No question has that key.
    """
    if key == CONSENT:
        text, choices = prompts.CONSENT_QUESTION, prompts.CONSENT_BUTTONS
    elif key == NARRATIVE:
        text, choices = prompts.NARRATIVE_QUESTION, ()
    elif key == CONFIRMATION:
        text, choices = prompts.summary_text(state), prompts.SUMMARY_BUTTONS
    else:
        field = field_for(key)
        if field is None:
            raise KeyError(key)
        text, choices = prompts.question_text(field, state), tuple(field.buttons)
    return text, [{"title": title, "payload": payload} for title, payload in choices]


def status_of(state: IntakeState, asking: Optional[str]) -> str:
    """The conversation status for a state and the question it is waiting on."""
    if state.stage == "collecting" and asking == CONFIRMATION:
        return "awaiting_confirmation"
    return _STATUS.get(state.stage, "in_progress")
