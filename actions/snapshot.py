"""Saving the intake as it stands, so the intake API and staff see it live."""
from __future__ import annotations

from typing import Optional

from rasa_sdk import Tracker

from actions.services import intake_store
from bot.intake.fields import CONFIRMATION, asking_path
from bot.intake.record import build_record
from bot.intake.state import IntakeState

#: Stage of the conversation -> the intake API's status.
_STATUS = {
    "collecting": "in_progress",
    "declined": "abandoned",
    "emergency": "emergency",
    "needs_human": "needs_human",
    "submitted": "submitted",
}


def status_of(state: IntakeState, asking: Optional[str]) -> str:
    """The intake API status for a state and the question just asked."""
    if state.stage == "collecting" and asking == CONFIRMATION:
        return "awaiting_confirmation"
    return _STATUS.get(state.stage, "in_progress")


async def save_snapshot(tracker: Tracker, state: IntakeState, asking: Optional[str]) -> None:
    """Stores the record as it stands, what was just asked, and the progress.

    Args:
        tracker: The conversation.
        state: The intake after this turn.
        asking: The ask key of the question the bot's last message asked (None: none).
    """
    if state.stage == "submitted":
        return
    answered, total = state.progress() if state.consent_at else (0, 0)
    store = await intake_store()
    await store.save_snapshot(
        tracker.sender_id,
        channel=state.channel,
        status=status_of(state, asking),
        asking=asking_path(asking),
        answered=answered,
        total=total,
        record=build_record(state, conversation_id=tracker.sender_id),
        flags=list(state.flags),
        assisted_by=state.assisted_by,
    )
