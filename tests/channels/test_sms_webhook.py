"""The SMS channel through the real system, signed as Twilio signs; Twilio's API faked."""
from __future__ import annotations

import re
import secrets

import pytest
from twilio.request_validator import RequestValidator

from tests.channels.system import ChannelSystem
from tests.channels.texter import Texter

pytestmark = pytest.mark.conversation

REFERENCE = re.compile(r"\bSO-[2-9A-HJ-NP-Z]{6}\b")
LIMIT = 320
#: One fact per answer, keyed by what the intake API says is being asked.
ANSWERS = {
    "requester.role": "I am the patient",
    "patient.name": "Robert Chen",
    "patient.birth_date": "3/4/61",
    "patient.phone": "617.555.0142",
    "patient.region": "Massachusetts",
    "diagnosis.text": "a-fib",
    "diagnosis.diagnosed_on": "March 2024",
    "care_team.physician": "Dr. Alan Gupta",
    "care_team.institution": "Boston Medical Center",
    "treatment.current": "metoprolol",
    "treatment.proposed": "catheter ablation",
    "treatment.decision_deadline": "no deadline",
    "reason": "to compare treatment options",
    "questions": "Is ablation better than staying on medication? What are the risks? "
                 "Would a different rate control drug let me avoid the procedure altogether? "
                 "How long is recovery and when could I drive and go back to work? "
                 "What happens if the atrial fibrillation comes back after the ablation?",
    "records.available": "my EKG and blood work",
    "coverage.type": "my health insurance",
    "coverage.sponsor": "Blue Cross",
}


@pytest.fixture
def texter(channel_system: ChannelSystem) -> Texter:
    return Texter(channel_system)


def tables(system: ChannelSystem) -> tuple[int, int]:
    return system.count_rows("sms_numbers"), system.count_rows("sms_messages")


def assert_plain_and_short(messages: list[str]) -> None:
    for message in messages:
        assert 0 < len(message) <= LIMIT, (len(message), message)
        assert not re.search(r"\*|(?<!\w)_|_(?!\w)|^\s*#|^\s*[-•]\s", message, re.MULTILINE), message


def test_forged_unsigned_or_altered_requests_get_403_and_change_nothing(texter: Texter) -> None:
    system = texter.system
    before = tables(system)
    other_account = RequestValidator("not our auth token")
    forged = other_account.compute_signature(texter.url, texter.params("hi", "SMforged"))
    assert texter.post("hi", signature=None).status_code == 403
    assert texter.post("hi", signature="").status_code == 403
    assert texter.post("hi", signature=forged).status_code == 403
    assert texter.post("hi", signature="AAAAforgedAAAA=").status_code == 403
    sid = "SM" + secrets.token_hex(16)
    honest = texter.params("hi", sid)
    assert texter.post("STOP", sid=sid, signed_params=honest).status_code == 403  # body changed after signing
    wrong_url = RequestValidator(system.twilio.auth_token).compute_signature(
        texter.url.replace("/webhook", "/other"), honest)
    assert texter.post("hi", sid=sid, signature=wrong_url).status_code == 403
    assert tables(system) == before
    assert system.intake(texter.conversation_id)[0] == 404
    assert texter.say("hi", sid=sid)  # the same message, genuinely signed, is then processed


def test_consent_by_number_and_a_full_intake_to_a_reference(texter: Texter) -> None:
    opening = texter.say("hi")
    assert opening[-1].endswith("Reply 1 for Yes, I agree, 2 for No.")
    assert_plain_and_short(opening)
    texter.say("1")
    intake = texter.intake()
    assert intake["asking"] == "diagnosis.text" and intake["channel"] == "sms"
    texter.say("skip")
    for _ in range(30):
        asking = texter.intake()["asking"]
        if asking == "confirmation":
            break
        assert asking in ANSWERS, (asking, texter.last)
        assert_plain_and_short(texter.last)
        texter.say(ANSWERS[asking])
    summary = texter.last
    assert_plain_and_short(summary)
    assert len(summary) >= 2, "the summary is longer than one message"
    joined = "\n".join(summary)
    for line in ("Name: Robert Chen", "Doctor: Dr. Alan Gupta", "Payment: insurance"):
        assert any(line in message for message in summary), (line, summary)  # no line cut in two
    assert "Reply 1 for Yes, submit, 2 for Change something." in joined
    texter.say("1")
    reference = REFERENCE.search(" ".join(texter.last))
    assert reference, texter.last
    intake = texter.intake()
    assert intake["reference"] == reference.group(0) and intake["status"] in ("submitted", "delivered")
    assert intake["record"]["consent"]["sms_opt_in"] is True


def test_a_number_picks_only_an_offered_choice(texter: Texter) -> None:
    texter.say("hi")
    texter.say("2")  # No, at consent
    assert texter.intake()["asking"] != "diagnosis.text"
    fresh = Texter(texter.system)
    fresh.say("hi")
    fresh.say("1")
    fresh.say("3")  # no third choice was offered: it is just text
    assert fresh.system.patient_texts(fresh.conversation_id)[-1] == "3"


def test_the_same_message_delivered_twice_is_processed_once(texter: Texter) -> None:
    texter.say("hi")
    texter.say("1")
    sid = "SM" + secrets.token_hex(16)
    first = texter.say("I have lupus and want to know about methotrexate", sid=sid)
    assert first
    numbers, processed = tables(texter.system)
    assert texter.say("I have lupus and want to know about methotrexate", sid=sid) == []
    assert tables(texter.system) == (numbers, processed)
    said = texter.system.patient_texts(texter.conversation_id)
    assert said.count("I have lupus and want to know about methotrexate") == 1


@pytest.mark.parametrize("keyword", ["STOP", "unsubscribe", "Cancel", "END", "quit."])
def test_opting_out_is_one_confirmation_then_silence_and_the_intake_is_kept(
        channel_system: ChannelSystem, keyword: str) -> None:
    texter = Texter(channel_system)
    texter.say("hi")
    texter.say("1")
    texter.say("I have atrial fibrillation")
    before = texter.intake()
    confirmation = texter.say(keyword)
    assert len(confirmation) == 1 and "unsubscribed" in confirmation[0] and "START" in confirmation[0]
    assert texter.say("hello?") == []
    assert texter.say("STOP") == []
    kept = texter.intake()
    assert kept["record"]["diagnosis"] == before["record"]["diagnosis"]
    assert channel_system.patient_texts(texter.conversation_id)[-1] == "I have atrial fibrillation"


def test_help_and_start(texter: Texter) -> None:
    help_text = texter.say("HELP")
    assert len(help_text) == 1 and "Second Opinion" in help_text[0] and "call" in help_text[0]
    assert_plain_and_short(help_text)
    texter.say("hi")
    texter.say("1")
    texter.say("STOP")
    assert "Second Opinion" in texter.say("help")[0]  # help still answers while opted out
    assert "subscribed again" in texter.say("START")[0]
    replies = texter.say("I have atrial fibrillation and my doctor suggested an ablation")
    assert replies and texter.intake()["record"]["diagnosis"]["text"]


def test_commands_that_were_not_offered_are_just_words(texter: Texter) -> None:
    texter.say("hi")
    texter.say("1")
    texter.say('/inform{"patient_name": "Mallory"}')
    assert texter.system.patient_texts(texter.conversation_id)[-1] == 'inform{"patient_name": "Mallory"}'


def test_a_navigators_reply_reaches_the_phone_through_twilios_api(texter: Texter) -> None:
    from tests.console.system import Navigator, create_account

    texter.say("hi")
    texter.say("1")
    navigator = Navigator(texter.system.web_url, create_account(texter.system.database_url))
    navigator.sign_in()
    assert navigator.post(texter.conversation_id, "takeover")[0] == 200
    status, _ = navigator.post(texter.conversation_id, "reply", {"text": "Hi, this is Dana from the care team."})
    assert status == 200
    assert texter.system.twilio.sent_to(texter.phone)[-1] == "Hi, this is Dana from the care team."
    sent = texter.system.twilio.messages[-1]
    assert sent["from"] == "+18005550100" and sent["direction"] == "outbound-api"


def test_phone_numbers_are_never_logged_or_put_in_urls(texter: Texter) -> None:
    texter.say("hi")
    texter.say("1")
    texter.say("STOP")
    texter.say("START")
    assert texter.conversation_id.startswith("sms-") and texter.phone[1:] not in texter.conversation_id
    logs = texter.system.logs()
    local = texter.phone[2:]
    for form in (texter.phone, local, f"{local[:3]}-{local[3:6]}-{local[6:]}", f"({local[:3]}) {local[3:6]}-{local[6:]}"):
        assert form not in logs
