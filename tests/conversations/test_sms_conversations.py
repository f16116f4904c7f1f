"""The SMS channel through the real system, with requests signed as Twilio signs them."""
from __future__ import annotations

import re
import urllib.error
import urllib.parse
import urllib.request
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Any, Optional

import pytest
from twilio.request_validator import RequestValidator

from bot.channels.sms_numbers import conversation_id_for
from tests.conversations.driver import Patient, System, _http
from tests.conversations.test_intake_conversations import REFERENCE, TERSE

pytestmark = pytest.mark.conversation


@dataclass
class Texter:
    """A phone texting the assistant through Twilio's webhook."""

    system: System
    phone: str = field(default_factory=lambda: f"+1617555{uuid.uuid4().int % 10000:04d}")
    last: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"{self.system.web_url}/webhooks/twilio/webhook"

    def post(self, body: str, *, sid: Optional[str] = None, signature: Optional[str] = "valid") -> tuple[int, list[str]]:
        params = {"From": self.phone, "To": "+18005550100", "Body": body, "MessageSid": sid or f"SM{uuid.uuid4().hex}",
                  "AccountSid": "AC" + "0" * 32, "NumMedia": "0"}
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        if signature == "valid":
            headers["X-Twilio-Signature"] = RequestValidator(self.system.twilio_token).compute_signature(self.url, params)
        elif signature is not None:
            headers["X-Twilio-Signature"] = signature
        request = urllib.request.Request(self.url, data=urllib.parse.urlencode(params).encode(), headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                messages = [m.text or "" for m in ET.fromstring(response.read()).iter("Message")]
                self.last = messages
                return response.status, messages
        except urllib.error.HTTPError as error:
            return error.code, []

    def say(self, body: str) -> list[str]:
        status, messages = self.post(body)
        assert status == 200
        return messages

    @property
    def conversation_id(self) -> str:
        return conversation_id_for(self.phone, self.system.session_secret)

    def intake(self) -> dict[str, Any]:
        status, body = _http("GET", f"{self.system.web_url}/api/intakes/{self.conversation_id}", token=self.system.api_token)
        assert status == 200, status
        return body


@pytest.fixture
def texter(system: System) -> Texter:
    return Texter(system)


def test_unsigned_and_forged_requests_are_rejected_and_change_nothing(texter: Texter) -> None:
    assert texter.post("hello", signature=None)[0] == 403
    assert texter.post("hello", signature="AAAAforgedAAAA=")[0] == 403
    status, _ = _http("GET", f"{texter.system.web_url}/api/intakes/{texter.conversation_id}", token=texter.system.api_token)
    assert status == 404


def test_full_intake_over_sms_with_numbered_choices(texter: Texter) -> None:
    messages = texter.say("hi")
    assert any("Reply 1 for" in m for m in messages)
    texter.say("1")  # consent
    assert texter.intake()["asking"] == "diagnosis.text"
    texter.say("skip")
    for _ in range(30):
        asking = texter.intake()["asking"]
        if asking == "confirmation":
            break
        texter.say(TERSE[asking])
    assert all(len(m) <= 320 for m in texter.last), [len(m) for m in texter.last]
    assert not any("**" in m or m.lstrip().startswith("- ") for m in texter.last)
    texter.say("1")  # yes, submit
    reference = next(REFERENCE.search(m).group(0) for m in texter.last if REFERENCE.search(m))
    intake = texter.intake()
    assert intake["reference"] == reference
    assert intake["channel"] == "sms"
    assert intake["record"]["patient"]["preferred_contact"] == "sms"
    assert intake["record"]["consent"]["sms_opt_in"] is True


def test_the_same_message_delivered_twice_is_processed_once(texter: Texter) -> None:
    texter.say("hi")
    status, first = texter.post("1", sid="SMduplicate" + uuid.uuid4().hex)
    sid = "SMdup" + uuid.uuid4().hex
    _, first = texter.post("1", sid=sid)
    _, second = texter.post("1", sid=sid)
    assert first and second == []


def test_stop_start_and_help(texter: Texter) -> None:
    texter.say("hi")
    texter.say("1")
    assert any("unsubscribed" in m for m in texter.say("STOP"))
    assert texter.say("hello?") == []  # silence after the one confirmation
    assert texter.say("stop") == []
    assert any("911" in m for m in texter.say("HELP"))
    assert any("subscribed again" in m for m in texter.say("START"))
    texter.say("I have a-fib and want to know if I need ablation")
    assert texter.intake()["record"]["diagnosis"]["text"]  # the intake was kept and continues


def test_red_flag_over_sms_is_one_short_message(texter: Texter) -> None:
    texter.say("hi")
    texter.say("1")
    messages = texter.say("i cant breathe and my lips are turning blue")
    assert len(messages) == 1
    assert "911" in messages[0] and len(messages[0]) <= 320
    assert texter.intake()["status"] == "emergency"
