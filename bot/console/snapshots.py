"""Storing an intake after the console changed it, as the actions do after a turn."""
from __future__ import annotations

from typing import Optional

from bot.console.errors import Conflict, NotFound
from bot.console.questions import status_of
from bot.intake.fields import asking_path
from bot.intake.record import build_record
from bot.intake.state import IntakeState
from bot.storage.intakes import IntakeStore, IntakeView
from bot.storage.models import HANDED_OFF_STATUSES


async def open_intake(store: IntakeStore, conversation_id: str) -> IntakeView:
    """The stored intake of a conversation that has not been handed off yet.

    Raises:
        NotFound: No such conversation.
        Conflict: It was already submitted.
    """
    view = await store.get(conversation_id)
    if view is None:
        raise NotFound("no such conversation")
    if view.status in HANDED_OFF_STATUSES:
        raise Conflict("this intake was already submitted")
    return view


async def refresh_snapshot(
    store: IntakeStore,
    conversation_id: str,
    state: IntakeState,
    *,
    status: Optional[str] = None,
) -> None:
    """Stores the record, progress and status of ``state``.

    Args:
        store: The intake store.
        conversation_id: The conversation.
        state: The intake state as the console just left it in the tracker.
        status: The status to store; by default the one the state implies.
    """
    answered, total = state.progress() if state.consent_at else (0, 0)
    await store.save_snapshot(
        conversation_id,
        channel=state.channel,
        status=status or status_of(state, state.asking),
        asking=asking_path(state.asking) if state.stage == "collecting" else None,
        answered=answered,
        total=total,
        record=build_record(state, conversation_id=conversation_id),
        flags=list(state.flags),
        assisted_by=state.assisted_by,
    )
