"""Human handoff: a navigator takes a conversation over and hands it back.

Taking over pauses the assistant (Rasa's conversation pause) and marks the intake
``needs_human``; the patient's messages are still recorded but nothing answers them
except the navigator, whose replies are recorded in the conversation (where the web
chat shows them) and sent by SMS to SMS patients. Handing back resumes the assistant,
puts the intake back to collecting where it stood (nothing collected is lost: the
intake state in the tracker was never touched) and re-asks the pending question.
"""
from __future__ import annotations

from bot.console.accounts import User
from bot.console.context import ConsoleContext
from bot.console.errors import Conflict, Unprocessable
from bot.console.questions import question_for
from bot.console.rasa import FORM, REQUESTED_SLOT, STAGE_SLOT, bot_event, intake_state, is_paused, slot_event
from bot.console.relay import relay
from bot.console.snapshots import open_intake, refresh_snapshot
from bot.intake.state import SLOT
from bot.intake.turn import next_ask_key
from bot.storage.intakes import IntakeView
from bot.storage.models import NEEDS_HUMAN, OPTED_OUT

MAX_REPLY_LENGTH = 1600
RESUMING = "Thank you for waiting. Let's continue where we left off."

#: Stages in which handing back continues the intake.
_RESUMABLE = ("collecting", "needs_human", "emergency")


def _check_reachable(view: IntakeView) -> None:
    if view.status == OPTED_OUT:
        raise Conflict("the patient opted out of messages")


async def take_over(ctx: ConsoleContext, user: User, conversation_id: str) -> None:
    """Pauses the assistant and marks the conversation as needing a human.

    Raises:
        NotFound, Conflict: Unknown, already submitted or opted-out conversation.
    """
    _check_reachable(await open_intake(ctx.intakes, conversation_id))
    await ctx.rasa.pause(conversation_id)
    await ctx.intakes.set_status(conversation_id, NEEDS_HUMAN)


async def reply(ctx: ConsoleContext, user: User, conversation_id: str, text: str) -> None:
    """Sends the navigator's words to the patient.

    Raises:
        NotFound, Conflict: Unknown, submitted, opted out, or not taken over.
        Unprocessable: Empty or overlong text.
        RelayUnavailable: Recorded, but the SMS could not be sent.
    """
    text = (text or "").strip()
    if not text or len(text) > MAX_REPLY_LENGTH:
        raise Unprocessable("type a reply (up to 1600 characters)")
    view = await open_intake(ctx.intakes, conversation_id)
    _check_reachable(view)
    if not is_paused(await ctx.rasa.tracker(conversation_id)):
        raise Conflict("take the conversation over first")
    await ctx.rasa.say_as_navigator(conversation_id, text, user.id)
    await relay(view.channel, conversation_id, [{"text": text}], ctx.sms)


async def hand_back(ctx: ConsoleContext, user: User, conversation_id: str) -> None:
    """Resumes the assistant, which asks its pending question again.

    Raises:
        NotFound, Conflict: Unknown, submitted or opted-out conversation.
        RelayUnavailable: Resumed, but the SMS could not be sent.
    """
    view = await open_intake(ctx.intakes, conversation_id)
    _check_reachable(view)
    tracker = await ctx.rasa.tracker(conversation_id)
    state = intake_state(tracker)
    events: list[dict] = [{"event": "resume"}]
    said: list[dict] = []
    if state.stage in _RESUMABLE:
        state.stage = "collecting"
        state.asking = next_ask_key(state)
        state.offer = None
        assert state.asking is not None
        question, buttons = question_for(state.asking, state)
        said = [{"text": RESUMING}, {"text": question, "buttons": buttons}]
        events += [
            slot_event(SLOT, state.to_slot()),
            slot_event(STAGE_SLOT, state.stage),
            slot_event(REQUESTED_SLOT, state.asking),
            {"event": "active_loop", "name": FORM},
            bot_event(RESUMING),
            bot_event(question, buttons),
            {"event": "action", "name": "action_listen"},
        ]
    await ctx.rasa.append_events(conversation_id, events)
    await refresh_snapshot(ctx.intakes, conversation_id, state)
    await relay(view.channel, conversation_id, said, ctx.sms)
