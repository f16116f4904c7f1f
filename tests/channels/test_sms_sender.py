"""Navigator-initiated texts through Twilio's REST API (a local fake speaking its protocol)."""
from __future__ import annotations

from typing import Iterator

import aiohttp
import pytest
from twilio.rest import Client

from bot.channels.sms_sender import SmsNotSent, TwilioConfig, send_sms, send_with
from tests.channels.fake_twilio import FakeTwilio

PATIENT = "+16175550142"
SERVICE = "+18005550100"


@pytest.fixture
def twilio() -> Iterator[FakeTwilio]:
    fake = FakeTwilio().start()
    yield fake
    fake.stop()


@pytest.fixture
def configured(twilio: FakeTwilio, monkeypatch: pytest.MonkeyPatch) -> FakeTwilio:
    monkeypatch.setenv("TWILIO_ACCOUNT_SID", twilio.account_sid)
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", twilio.auth_token)
    monkeypatch.setenv("TWILIO_FROM_NUMBER", SERVICE)
    monkeypatch.setenv("TWILIO_API_BASE", twilio.base_url)
    monkeypatch.delenv("TWILIO_MESSAGING_SERVICE_SID", raising=False)
    return twilio


def test_the_fake_answers_twilios_own_client_as_twilio_does(twilio: FakeTwilio) -> None:
    """The official library, pointed at the fake, creates and reads messages unchanged."""
    client = Client(twilio.account_sid, twilio.auth_token)
    client.api.base_url = twilio.base_url
    message = client.messages.create(to=PATIENT, from_=SERVICE, body="Hello from the care team")
    assert message.sid.startswith("SM") and message.status == "queued" and message.direction == "outbound-api"
    assert client.messages(message.sid).fetch().body == "Hello from the care team"
    assert [m.sid for m in client.messages.list()] == [message.sid]
    wrong = Client(twilio.account_sid, "not the token")
    wrong.api.base_url = twilio.base_url
    with pytest.raises(Exception) as refused:
        wrong.messages.create(to=PATIENT, from_=SERVICE, body="x")
    assert getattr(refused.value, "code", None) == 20003


async def test_send_sms_creates_one_message(configured: FakeTwilio) -> None:
    sid = await send_sms(PATIENT, "Hi, this is Dana from the care team.")
    assert [(m["sid"], m["to"], m["from"], m["body"]) for m in configured.messages] == [
        (sid, PATIENT, SERVICE, "Hi, this is Dana from the care team.")]


async def test_a_messaging_service_can_send_instead_of_a_number(configured: FakeTwilio,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TWILIO_FROM_NUMBER")
    monkeypatch.setenv("TWILIO_MESSAGING_SERVICE_SID", "MG" + "1" * 32)
    await send_sms(PATIENT, "Hello")
    assert configured.messages[0]["messaging_service_sid"] == "MG" + "1" * 32
    assert configured.messages[0]["from"] is None


async def test_refusals_and_outages_raise_without_the_number_or_text(configured: FakeTwilio,
                                                                     caplog: pytest.LogCaptureFixture) -> None:
    configured.failures.append((400, 21610, "Attempt to send to unsubscribed recipient"))
    with pytest.raises(SmsNotSent) as refused:
        await send_sms(PATIENT, "private words")
    assert "21610" in str(refused.value)
    config = TwilioConfig(account_sid=configured.account_sid, auth_token="wrong", from_number=SERVICE,
                          api_base=configured.base_url)
    async with aiohttp.ClientSession() as session:
        with pytest.raises(SmsNotSent, match="20003"):
            await send_with(config, session, PATIENT, "private words")
        down = TwilioConfig(account_sid=configured.account_sid, auth_token="x", from_number=SERVICE,
                            api_base="http://127.0.0.1:9")
        with pytest.raises(SmsNotSent, match="could not be reached"):
            await send_with(down, session, PATIENT, "private words")
    assert configured.messages == []
    logged = caplog.text + " ".join(str(r.args) for r in caplog.records)
    assert PATIENT not in logged and "private words" not in logged


async def test_bad_input_and_missing_configuration(configured: FakeTwilio, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ValueError):
        await send_sms("617-555-0142", "Hello")
    with pytest.raises(ValueError):
        await send_sms(PATIENT, "x" * 1601)
    with pytest.raises(ValueError):
        await send_sms(PATIENT, "  ")
    monkeypatch.delenv("TWILIO_ACCOUNT_SID")
    with pytest.raises(SmsNotSent, match="not configured"):
        await send_sms(PATIENT, "Hello")
    assert configured.messages == []
