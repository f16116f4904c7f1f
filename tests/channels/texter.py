"""A phone texting the assistant: form posts signed exactly as Twilio signs its webhooks."""
from __future__ import annotations

import secrets
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Optional

import requests
from twilio.request_validator import RequestValidator

from bot.channels.sms_numbers import conversation_id_for
from tests.channels.system import SERVICE_NUMBER, ChannelSystem

VALID = "valid"


def new_number() -> str:
    """A made-up US mobile number in E.164 (555-01xx numbers are reserved for fiction)."""
    return f"+1617555{secrets.randbelow(10000):04d}"


@dataclass
class Texter:
    """One phone number talking to ``POST /webhooks/twilio/webhook``."""

    system: ChannelSystem
    phone: str = field(default_factory=new_number)
    last: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"{self.system.web_url}/webhooks/twilio/webhook"

    def params(self, body: str, sid: Optional[str] = None) -> dict[str, str]:
        """The fields Twilio posts for an incoming message."""
        return {
            "ToCountry": "US", "ToState": "MA", "SmsMessageSid": sid or "", "NumMedia": "0",
            "ToCity": "BOSTON", "FromZip": "02110", "SmsSid": sid or "", "FromState": "MA",
            "SmsStatus": "received", "FromCity": "BOSTON", "Body": body, "FromCountry": "US",
            "To": SERVICE_NUMBER, "ToZip": "02110", "NumSegments": "1", "MessageSid": sid or "",
            "AccountSid": self.system.twilio.account_sid, "From": self.phone, "ApiVersion": "2010-04-01",
        }

    def post(self, body: str, *, sid: Optional[str] = None, signature: Optional[str] = VALID,
             signed_params: Optional[dict[str, str]] = None) -> requests.Response:
        """Posts one incoming message.

        Args:
            body: The text.
            sid: The MessageSid (a new one when not given).
            signature: ``VALID`` to sign as Twilio does, None for no header, or a value.
            signed_params: Sign these parameters instead of those sent (a tampered body).
        """
        params = self.params(body, sid or "SM" + secrets.token_hex(16))
        headers = {}
        if signature == VALID:
            validator = RequestValidator(self.system.twilio.auth_token)
            headers["X-Twilio-Signature"] = validator.compute_signature(self.url, signed_params or params)
        elif signature is not None:
            headers["X-Twilio-Signature"] = signature
        return requests.post(self.url, data=params, headers=headers, timeout=60)

    def say(self, body: str, *, sid: Optional[str] = None) -> list[str]:
        """Texts ``body``; returns the text messages of the TwiML answer."""
        response = self.post(body, sid=sid)
        assert response.status_code == 200, response.status_code
        assert response.headers["Content-Type"].startswith("application/xml")
        root = ET.fromstring(response.content)
        assert root.tag == "Response"
        self.last = [message.text or "" for message in root.iter("Message")]
        return self.last

    @property
    def conversation_id(self) -> str:
        return conversation_id_for(self.phone, self.system.session_secret)

    def intake(self) -> dict:
        status, body = self.system.intake(self.conversation_id)
        assert status == 200, status
        return body
