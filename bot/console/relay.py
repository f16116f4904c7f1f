"""Getting words typed in the console to a patient on their own channel.

Every message a navigator sends (and every question the console re-asks on the
assistant's behalf) is first recorded in the Rasa conversation, which is what the web
chat shows: its page polls the transcript. SMS patients need the text sent as a text
message too. The SMS channel answers incoming texts itself; sending one unprompted is
``send_sms(to, body)`` in :data:`SMS_SENDER_MODULE`, reached through the
:data:`SmsRelay` hook (the number comes from the SMS channel's own table and never
passes through the console). Navigator-channel (assist mode) callers hear the
navigator on the phone, so nothing is sent.
"""
from __future__ import annotations

import importlib
import inspect
import logging
from typing import Any, Awaitable, Callable, Optional

from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import sessionmaker

from bot.channels.sms_numbers import SmsNumbers
from bot.channels.sms_text import to_messages

logger = logging.getLogger(__name__)

#: A message as the assistant would send it: ``{"text": ..., "buttons": [...]}``.
Reply = dict[str, Any]
#: Texts messages to the patient of an SMS conversation: ``(conversation_id, replies)``.
SmsRelay = Callable[[str, list[Reply]], Awaitable[None]]
#: The SMS channel's sender: ``send_sms(to, body)``, synchronous or not.
SendSms = Callable[[str, str], Any]

SMS_SENDER_MODULE = "bot.channels.sms_sender"
SMS_SENDER_FUNCTION = "send_sms"


class RelayUnavailable(RuntimeError):
    """The text is recorded in the conversation but could not be sent to the patient."""


def phone_relay(send_sms: SendSms, numbers: SmsNumbers) -> SmsRelay:
    """An :data:`SmsRelay` that texts a conversation's number with ``send_sms``.

    Replies become text messages exactly as the SMS channel makes its own (plain text,
    320 characters at most, numbered choices), and the choices offered are remembered
    so that a numbered answer picks the right one. Opted-out numbers are never texted.
    """

    async def relay_sms(conversation_id: str, replies: list[Reply]) -> None:
        number = await numbers.get(conversation_id)
        if number is None:
            raise RelayUnavailable("no phone number is known for this conversation")
        if number.opted_out:
            raise RelayUnavailable("the patient opted out of text messages")
        messages, payloads = to_messages(replies)
        for message in messages:
            result = send_sms(number.phone, message)
            if inspect.isawaitable(result):
                await result
        await numbers.save(conversation_id, number.phone, choices=payloads)

    return relay_sms


def default_sms_relay(sessions: "sessionmaker[AsyncSession]") -> Optional[SmsRelay]:
    """The SMS channel's sender as a relay, or None while it provides none."""
    try:
        module = importlib.import_module(SMS_SENDER_MODULE)
    except ImportError:
        return None
    send_sms = getattr(module, SMS_SENDER_FUNCTION, None)
    if not callable(send_sms):
        return None
    return phone_relay(send_sms, SmsNumbers(sessions))


async def relay(
    channel: str, conversation_id: str, replies: list[Reply], sms: Optional[SmsRelay]
) -> None:
    """Sends messages already recorded in the conversation to an SMS patient.

    Args:
        channel: The conversation's channel (web, sms or navigator).
        conversation_id: The conversation.
        replies: The messages, in order (``text`` and optional ``buttons``).
        sms: The SMS hook, or None if there is none.

    Raises:
        RelayUnavailable: An SMS conversation and no way (or a failure) to send.
    """
    if channel != "sms" or not replies:
        return
    if sms is None:
        raise RelayUnavailable("sending text messages is not available")
    try:
        await sms(conversation_id, replies)
    except RelayUnavailable:
        raise
    except Exception as error:  # noqa: BLE001 - report the kind only, never the text
        logger.warning("sms relay failed with %s", type(error).__name__)
        raise RelayUnavailable("the text message could not be sent") from None
