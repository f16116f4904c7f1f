"""The SMS channel: Twilio's webhook at ``POST /webhooks/twilio/webhook`` on the web app.

Every request must carry a valid ``X-Twilio-Signature`` (checked with the twilio
library against ``TWILIO_AUTH_TOKEN``); anything else is answered 403 and changes nothing.
Twilio signs the public URL it posted to, so behind a proxy or tunnel set
``PUBLIC_BASE_URL`` to the scheme and host configured in Twilio's console (e.g.
``https://intake.example.org``); without it the request's own URL is used, which is
right only when Twilio reaches the web app directly. The conversation id is
HMAC(``SMS_ID_SECRET``, or ``WEB_SESSION_SECRET`` when unset, E.164 number).
The phone number is the conversation (through an opaque id), so a patient texting again
tomorrow continues. Replies go back as TwiML, as plain text messages of at most 320
characters, with buttons turned into numbered choices.
"""
from __future__ import annotations

import logging
import os
from xml.sax.saxutils import escape

import aiohttp
from aiohttp import web
from twilio.request_validator import RequestValidator

from bot.channels.patient_text import as_patient_text
from bot.channels.rasa_client import RasaClient, RasaUnavailable
from bot.channels.sms_numbers import SmsNumbers, conversation_id_for
from bot.channels.sms_text import chosen, to_messages
from bot.normalise.phones import normalise_phone
from bot.web.keys import SESSIONS_KEY

logger = logging.getLogger(__name__)

PATH = "/webhooks/twilio/webhook"
RASA_KEY = web.AppKey("sms_rasa", RasaClient)
NUMBERS_KEY = web.AppKey("sms_numbers", SmsNumbers)

OPT_OUT = frozenset({"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"})
OPT_IN = frozenset({"START", "UNSTOP"})
HELP = frozenset({"HELP", "INFO"})

OPTED_OUT_TEXT = (
    "You're unsubscribed and won't get more messages from the Second Opinion intake. "
    "Your request so far is kept. Reply START to continue."
)
OPTED_IN_TEXT = "Welcome back. You're subscribed again; reply with any message to continue your request."
HELP_TEXT = (
    "Second Opinion intake assistant: we collect the details for your second-opinion request. "
    "For help call the care team at 1-800-555-0100 (Mon-Fri 8am-6pm ET). Emergency: call 911. "
    "Reply STOP to unsubscribe."
)
UNAVAILABLE_TEXT = "Sorry, we couldn't process your message just now. Your answers are saved; please try again in a few minutes."


def twiml(messages: list[str]) -> web.Response:
    """A TwiML response sending ``messages`` (none: an empty response, nothing is sent)."""
    body = "".join(f"<Message>{escape(text)}</Message>" for text in messages)
    return web.Response(
        text=f'<?xml version="1.0" encoding="UTF-8"?><Response>{body}</Response>',
        content_type="application/xml",
    )


def _public_url(request: web.Request) -> str:
    base = os.environ.get("PUBLIC_BASE_URL", "").rstrip("/")
    # Behind a proxy, PUBLIC_BASE_URL is the address Twilio signed; otherwise the request's own.
    return f"{base or request.scheme + '://' + request.host}{request.path_qs}"


def signature_is_valid(request: web.Request, params: dict[str, str], auth_token: str) -> bool:
    """Whether Twilio signed this request (URL + form parameters) with our auth token."""
    signature = request.headers.get("X-Twilio-Signature", "")
    return bool(signature) and RequestValidator(auth_token).validate(_public_url(request), params, signature)


async def handle(request: web.Request) -> web.Response:
    """Receives one text message and answers it."""
    auth_token = os.environ.get("TWILIO_AUTH_TOKEN", "")
    if not auth_token:
        raise web.HTTPServiceUnavailable(text="sms channel not configured")
    params = {key: value for key, value in (await request.post()).items() if isinstance(value, str)}
    if not signature_is_valid(request, params, auth_token):
        raise web.HTTPForbidden(text="invalid signature")
    phone = normalise_phone(params.get("From", "")) or params.get("From", "")
    sid = params.get("MessageSid", "")
    body = (params.get("Body") or "").strip()
    numbers = request.app[NUMBERS_KEY]
    if not sid or not phone:
        raise web.HTTPBadRequest(text="missing fields")
    if not await numbers.first_time(sid):
        return twiml([])
    conversation_id = conversation_id_for(phone, _id_secret())
    known = await numbers.get(conversation_id)
    keyword = body.upper().strip(" .!")
    if keyword in OPT_OUT:
        already = known is not None and known.opted_out
        await numbers.save(conversation_id, phone, opted_out=True)
        return twiml([] if already else [OPTED_OUT_TEXT])
    if keyword in OPT_IN:
        await numbers.save(conversation_id, phone, opted_out=False)
        return twiml([OPTED_IN_TEXT])
    if keyword in HELP:
        return twiml([HELP_TEXT])
    if known is not None and known.opted_out:
        return twiml([])
    offered = (known.choices if known else None) or []
    text = chosen(body, offered) or as_patient_text(body, offered)
    if not text:
        return twiml([])
    try:
        replies = await request.app[RASA_KEY].send(conversation_id, text, channel="sms")
    except RasaUnavailable as error:
        logger.warning("sms message not processed: %s", error)
        return twiml([UNAVAILABLE_TEXT])
    messages, payloads = to_messages(replies)
    await numbers.save(conversation_id, phone, choices=payloads)
    return twiml(messages)


def _id_secret() -> str:
    secret = os.environ.get("SMS_ID_SECRET") or os.environ.get("WEB_SESSION_SECRET")
    if not secret:
        raise web.HTTPServiceUnavailable(text="sms channel not configured")
    return secret


async def _resources(app: web.Application):
    async with aiohttp.ClientSession() as session:
        app[RASA_KEY] = RasaClient(
            session,
            os.environ.get("RASA_URL", "http://127.0.0.1:5005"),
            os.environ.get("CHANNEL_TOKEN", ""),
        )
        app[NUMBERS_KEY] = SmsNumbers(app[SESSIONS_KEY])
        yield


def setup(app: web.Application) -> None:
    """Adds the SMS webhook to the web app."""
    app.router.add_post(PATH, handle)
    app.cleanup_ctx.append(_resources)
