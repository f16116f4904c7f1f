"""A navigator edits one field of an intake directly.

The new value goes into the conversation's intake state in Rasa (a ``slot`` event for
the ``intake`` slot, appended under Rasa's conversation lock), so the assistant carries
on from it; then the stored snapshot is refreshed. When the edit answers the question
the assistant was waiting on (or changes the summary being confirmed), the assistant's
next question is asked in the conversation at once, as the form would.
"""
from __future__ import annotations

from bot import clock
from bot.console.accounts import User
from bot.console.context import ConsoleContext
from bot.console.edits import EditRejected, apply_edit
from bot.console.errors import Conflict, Unprocessable
from bot.console.questions import question_for
from bot.console.rasa import (
    REQUESTED_SLOT,
    bot_event,
    form_active,
    intake_state,
    is_paused,
    slot_event,
    user_turns,
)
from bot.console.relay import RelayUnavailable, relay
from bot.console.snapshots import open_intake, refresh_snapshot
from bot.intake.fields import CONFIRMATION
from bot.intake.state import SLOT
from bot.intake.turn import next_ask_key

MAX_VALUE_LENGTH = 1000


async def edit_field(
    ctx: ConsoleContext, user: User, conversation_id: str, path: str, text: str
) -> list[str]:
    """Sets a field to the value the navigator typed.

    Returns:
        The field paths that were set.

    Raises:
        NotFound, Conflict: Unknown or submitted conversation, or no consent yet.
        Unprocessable: The value could not be understood for that field.
    """
    text = (text or "").strip()
    if not text or len(text) > MAX_VALUE_LENGTH:
        raise Unprocessable("type the new value (up to 1000 characters)")
    view = await open_intake(ctx.intakes, conversation_id)
    tracker = await ctx.rasa.tracker(conversation_id)
    state = intake_state(tracker)
    if state.consent_at is None:
        raise Conflict("the patient has not consented yet")
    if state.stage == "submitted":
        raise Conflict("this intake was already submitted")
    parse = await ctx.rasa.parse(text)
    try:
        paths = apply_edit(
            state, path, parse, turn=user_turns(tracker), navigator_id=user.id, today=clock.today()
        )
    except EditRejected as error:
        raise Unprocessable(str(error)) from None

    paused = is_paused(tracker)
    events = [slot_event(SLOT, state.to_slot())]
    asked: list[dict] = []
    if state.stage == "collecting" and form_active(tracker) and not paused:
        key = next_ask_key(state)
        if key is not None and (key != state.asking or key == CONFIRMATION):
            state.asking, state.offer = key, None
            question, buttons = question_for(key, state)
            asked.append({"text": question, "buttons": buttons})
            events = [
                slot_event(SLOT, state.to_slot()),
                slot_event(REQUESTED_SLOT, key),
                bot_event(question, buttons),
                {"event": "action", "name": "action_listen"},
            ]
    await ctx.rasa.append_events(conversation_id, events)
    await refresh_snapshot(
        ctx.intakes, conversation_id, state, status=view.status if paused else None
    )
    try:
        await relay(view.channel, conversation_id, asked, ctx.sms)
    except RelayUnavailable:
        pass  # the question is in the conversation; the patient sees it on their next visit
    return paths
