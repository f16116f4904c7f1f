"""Sending a text message unprompted (a navigator's message) through Twilio's REST API.

Incoming texts are answered with TwiML by the webhook; this is for messages nobody is
waiting on a webhook for. It calls Twilio's Messages resource,
``POST {TWILIO_API_BASE}/2010-04-01/Accounts/{AccountSid}/Messages.json`` with HTTP basic
authentication and the form fields ``To``, ``From`` (or ``MessagingServiceSid``) and
``Body``, exactly as Twilio documents it.

=============================  =====================================================
``TWILIO_ACCOUNT_SID``         The account (``AC…``).
``TWILIO_AUTH_TOKEN``          Its auth token (also used to check webhook signatures).
``TWILIO_FROM_NUMBER``         The number texts come from (E.164), or
``TWILIO_MESSAGING_SERVICE_SID`` a messaging service (``MG…``) instead.
``TWILIO_API_BASE``            Default ``https://api.twilio.com``; tests point it at a
                               local server speaking the same protocol.
=============================  =====================================================

Neither the number nor the text is ever logged or put in an error message.
"""
from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass, field
from typing import Mapping, Optional

import aiohttp

logger = logging.getLogger(__name__)

DEFAULT_API_BASE = "https://api.twilio.com"
API_VERSION = "2010-04-01"
#: Twilio refuses longer bodies (the channel's own messages are 320 at most).
MAX_BODY = 1600
TIMEOUT_SECONDS = 15

_E164 = re.compile(r"^\+[1-9]\d{6,14}$")


class SmsNotSent(RuntimeError):
    """Twilio did not accept the message (the reason holds no number and no text)."""


@dataclass(frozen=True)
class TwilioConfig:
    """How to reach Twilio's REST API.

    Attributes:
        account_sid: The account (``AC…``).
        auth_token: The account's auth token.
        from_number: The sending number (E.164), if no messaging service is used.
        messaging_service_sid: A messaging service (``MG…``), preferred when set.
        api_base: Scheme and host of the API.
    """

    account_sid: str
    auth_token: str = field(repr=False)
    from_number: Optional[str] = None
    messaging_service_sid: Optional[str] = None
    api_base: str = DEFAULT_API_BASE

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> "TwilioConfig":
        """Reads the settings in the module docstring.

        Raises:
            SmsNotSent: The account, token or sender is not configured.
        """
        account_sid = (environ.get("TWILIO_ACCOUNT_SID") or "").strip()
        auth_token = (environ.get("TWILIO_AUTH_TOKEN") or "").strip()
        from_number = (environ.get("TWILIO_FROM_NUMBER") or "").strip() or None
        service = (environ.get("TWILIO_MESSAGING_SERVICE_SID") or "").strip() or None
        if not account_sid or not auth_token or not (from_number or service):
            raise SmsNotSent("sending text messages is not configured")
        return cls(
            account_sid=account_sid,
            auth_token=auth_token,
            from_number=from_number,
            messaging_service_sid=service,
            api_base=(environ.get("TWILIO_API_BASE") or DEFAULT_API_BASE).rstrip("/"),
        )

    @property
    def messages_url(self) -> str:
        """The account's Messages resource."""
        return f"{self.api_base}/{API_VERSION}/Accounts/{self.account_sid}/Messages.json"


async def send_with(
    config: TwilioConfig, session: aiohttp.ClientSession, to: str, body: str
) -> str:
    """Creates one outgoing message.

    Args:
        config: The account.
        session: An aiohttp session to send with.
        to: The patient's number, E.164.
        body: The text (at most 1600 characters).

    Returns:
        The message's sid (``SM…``).

    Raises:
        ValueError: ``to`` is not E.164, or ``body`` is empty or too long.
        SmsNotSent: Twilio could not be reached or refused the message.
    """
    if not _E164.match(to):
        raise ValueError("the recipient is not an E.164 number")
    if not body.strip() or len(body) > MAX_BODY:
        raise ValueError(f"a text message must have 1 to {MAX_BODY} characters")
    form = {"To": to, "Body": body}
    if config.messaging_service_sid:
        form["MessagingServiceSid"] = config.messaging_service_sid
    else:
        form["From"] = config.from_number or ""
    try:
        async with session.post(
            config.messages_url,
            data=form,
            auth=aiohttp.BasicAuth(config.account_sid, config.auth_token),
            headers={"Accept": "application/json"},
            timeout=aiohttp.ClientTimeout(total=TIMEOUT_SECONDS),
        ) as response:
            payload = await response.json(content_type=None)
            status = response.status
    except (aiohttp.ClientError, TimeoutError, ValueError) as error:
        logger.warning("text message not sent: %s", type(error).__name__)
        raise SmsNotSent("twilio could not be reached") from None
    if status not in (200, 201) or not isinstance(payload, dict) or not payload.get("sid"):
        code = payload.get("code") if isinstance(payload, dict) else None
        logger.warning("text message refused: http %s, twilio error %s", status, code)
        raise SmsNotSent(f"twilio refused the message (http {status}, error {code})")
    return str(payload["sid"])


async def send_sms(to: str, body: str) -> str:
    """Texts ``body`` to ``to`` with the account configured in the environment.

    This is the channel's sender for messages a navigator initiates (the console calls
    it through its SMS relay).

    Returns:
        The message's sid.

    Raises:
        ValueError: ``to`` is not E.164, or ``body`` is empty or too long.
        SmsNotSent: Not configured, Twilio unreachable, or the message refused.
    """
    config = TwilioConfig.from_env()
    async with aiohttp.ClientSession() as session:
        return await send_with(config, session, to, body)
