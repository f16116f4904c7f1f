"""Navigator words reach SMS patients through the SMS channel's sender; never opted-out ones."""
from __future__ import annotations

import pytest

from bot.channels.sms_numbers import SmsNumbers
from bot.console.relay import RelayUnavailable, phone_relay, relay


@pytest.fixture
async def numbers(sessions) -> SmsNumbers:
    numbers = SmsNumbers(sessions)
    await numbers.save("sms-abc", "+16175550142", choices=["/old"])
    await numbers.save("sms-stopped", "+16175550143", opted_out=True)
    return numbers


async def test_texts_go_to_the_number_as_the_sms_channel_writes_them(numbers: SmsNumbers) -> None:
    sent = []

    async def send_sms(to: str, body: str) -> None:
        sent.append((to, body))

    replies = [{"text": "Hi, this is **Dana**."}, {"text": "word " * 100},
               {"text": "Do you agree?", "buttons": [{"title": "Yes", "payload": "/affirm"},
                                                    {"title": "No", "payload": "/deny"}]}]
    await relay("sms", "sms-abc", replies, phone_relay(send_sms, numbers))
    assert sent[0] == ("+16175550142", "Hi, this is Dana.")
    assert all(to == "+16175550142" and len(body) <= 320 for to, body in sent)
    assert sent[-1][1] == "Do you agree?\nReply 1 for Yes, 2 for No."
    assert (await numbers.get("sms-abc")).choices == ["/affirm", "/deny"]


async def test_a_synchronous_sender_works_too(numbers: SmsNumbers) -> None:
    sent = []
    await relay("sms", "sms-abc", [{"text": "Hello"}], phone_relay(lambda to, body: sent.append(body), numbers))
    assert sent == ["Hello"]
    assert (await numbers.get("sms-abc")).choices == []


async def test_opted_out_or_unknown_numbers_are_never_texted(numbers: SmsNumbers) -> None:
    sent = []
    sender = phone_relay(lambda to, body: sent.append(body), numbers)
    with pytest.raises(RelayUnavailable, match="opted out"):
        await relay("sms", "sms-stopped", [{"text": "Hello"}], sender)
    with pytest.raises(RelayUnavailable, match="no phone number"):
        await relay("sms", "sms-unknown", [{"text": "Hello"}], sender)
    assert sent == []


async def test_failures_are_reported_without_the_text(numbers: SmsNumbers, caplog) -> None:
    def broken(to: str, body: str) -> None:
        raise ConnectionError(f"could not send {body} to {to}")

    with pytest.raises(RelayUnavailable) as error:
        await relay("sms", "sms-abc", [{"text": "Secret words"}], phone_relay(broken, numbers))
    assert "Secret" not in str(error.value) and "Secret" not in caplog.text
    assert "+1617" not in caplog.text


async def test_other_channels_send_nothing_and_sms_without_a_sender_says_so() -> None:
    await relay("web", "c1", [{"text": "Hello"}], None)
    await relay("navigator", "c1", [{"text": "Hello"}], None)
    await relay("sms", "c1", [], None)
    with pytest.raises(RelayUnavailable, match="not available"):
        await relay("sms", "c1", [{"text": "Hello"}], None)


async def test_the_default_relay_texts_through_the_sms_channels_sender(numbers: SmsNumbers, sessions, monkeypatch) -> None:
    from bot.console.relay import default_sms_relay
    from tests.channels.fake_twilio import FakeTwilio

    twilio = FakeTwilio().start()
    try:
        monkeypatch.setenv("TWILIO_ACCOUNT_SID", twilio.account_sid)
        monkeypatch.setenv("TWILIO_AUTH_TOKEN", twilio.auth_token)
        monkeypatch.setenv("TWILIO_FROM_NUMBER", "+16175550100")
        monkeypatch.setenv("TWILIO_API_BASE", twilio.base_url)
        sender = default_sms_relay(sessions)
        assert sender is not None
        await relay("sms", "sms-abc", [{"text": "Hi, this is Dana from the care team."}], sender)
        assert twilio.sent_to("+16175550142") == ["Hi, this is Dana from the care team."]
        monkeypatch.delenv("TWILIO_ACCOUNT_SID")
        with pytest.raises(RelayUnavailable, match="could not be sent"):
            await relay("sms", "sms-abc", [{"text": "Hello"}], sender)
    finally:
        twilio.stop()
