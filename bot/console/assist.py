"""Assist mode: a navigator on the phone fills in an intake with a caller.

The navigator types what the caller says; it reaches the assistant through Rasa's
trusted channel as channel ``navigator`` with metadata ``{"navigator": <user id>}``, so
the assistant extracts and asks exactly as it would in a chat, and records the
navigator as ``assisted_by``. The console shows the assistant's questions for the
navigator to read out; after reading the summary back, the navigator submits on the
caller's behalf.
"""
from __future__ import annotations

import secrets
from typing import Any

from bot.console.accounts import User
from bot.console.context import ConsoleContext
from bot.console.errors import Conflict, Unprocessable
from bot.console.rasa import intake_state
from bot.console.snapshots import open_intake
from bot.intake.fields import CONFIRMATION

CHANNEL = "navigator"
#: The first message of an assisted intake: a greeting, so the assistant opens as usual.
START_MESSAGE = "/greet"
#: The caller's yes to the summary.
CONFIRM_MESSAGE = "/affirm"
MAX_MESSAGE_LENGTH = 2000

Replies = list[dict[str, Any]]


def metadata(user: User) -> dict[str, str]:
    """Message metadata naming the navigator (read by the actions as ``assisted_by``)."""
    return {"navigator": user.id}


def new_conversation_id() -> str:
    """An opaque, unguessable conversation id for an assisted intake."""
    return f"nav-{secrets.token_urlsafe(16)}"


async def start(ctx: ConsoleContext, user: User) -> str:
    """Opens a new assisted intake; the assistant greets and asks for consent.

    Returns:
        The new conversation id.
    """
    conversation_id = new_conversation_id()
    await ctx.channel.send(conversation_id, START_MESSAGE, channel=CHANNEL, metadata=metadata(user))
    return conversation_id


async def say_for_caller(ctx: ConsoleContext, user: User, conversation_id: str, text: str) -> Replies:
    """Passes on what the caller said; returns the assistant's replies.

    Raises:
        NotFound, Conflict: Unknown, already submitted, or not an assisted intake.
        Unprocessable: Empty or overlong text.
    """
    text = (text or "").strip()
    if not text or len(text) > MAX_MESSAGE_LENGTH:
        raise Unprocessable("type what the caller said (up to 2000 characters)")
    view = await open_intake(ctx.intakes, conversation_id)
    if view.channel != CHANNEL:
        raise Conflict("only assisted intakes take the caller's words from the console")
    return await ctx.channel.send(conversation_id, text, channel=CHANNEL, metadata=metadata(user))


async def submit_for_caller(ctx: ConsoleContext, user: User, conversation_id: str) -> Replies:
    """Confirms the summary for the caller, which submits the intake.

    Raises:
        NotFound, Conflict: Unknown, already submitted, not assisted, or the
            assistant is not waiting for the summary to be confirmed.
    """
    view = await open_intake(ctx.intakes, conversation_id)
    if view.channel != CHANNEL:
        raise Conflict("only assisted intakes are submitted from the console")
    state = intake_state(await ctx.rasa.tracker(conversation_id))
    if state.stage != "collecting" or state.asking != CONFIRMATION:
        raise Conflict("read the summary to the caller first")
    return await ctx.channel.send(conversation_id, CONFIRM_MESSAGE, channel=CHANNEL, metadata=metadata(user))
