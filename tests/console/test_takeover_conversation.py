"""Human handoff through the real system: a navigator takes over, talks, hands back.

The patient chats through Rasa's REST channel; the navigator uses the console's HTTP
endpoints as its page does. Handing back must continue the intake where it stood, with
every answer given before the takeover kept, and end in a normal submission.
"""
from __future__ import annotations

import pytest

from bot.intake.record import validation_errors
from tests.console.system import Navigator, audit_entries, wait_for
from tests.conversations.driver import Patient, drive, start

pytestmark = pytest.mark.conversation

ANSWERS = {
    "requester.role": "I am the patient",
    "patient.name": "Robert Chen",
    "patient.birth_date": "3/4/61",
    "patient.phone": "617.555.0142",
    "patient.region": "Massachusetts",
    "diagnosis.diagnosed_on": "March 2024",
    "care_team.physician": "Dr. Alan Gupta",
    "care_team.institution": "Boston Medical Center",
    "treatment.current": "metoprolol",
    "treatment.proposed": "catheter ablation",
    "treatment.decision_deadline": "no deadline",
    "reason": "to compare treatment options",
    "questions": "Is ablation better than staying on medication?",
    "records.available": "my EKG and blood work",
    "coverage.type": "my health insurance",
    "coverage.sponsor": "Blue Cross",
}


def answer_until(patient: Patient, stop_at: str) -> None:
    """Answers the assistant's questions until it asks for ``stop_at``."""
    for _ in range(10):
        asking = patient.asking()
        if asking == stop_at:
            return
        patient.answer(asking, ANSWERS[asking])
    raise AssertionError(patient.dump())


def test_takeover_and_hand_back_complete_the_intake(patient: Patient, navigator_http: Navigator, console_system) -> None:
    start(patient)
    patient.say("I have atrial fibrillation and my cardiologist wants to do an ablation")
    answer_until(patient, "patient.phone")
    before = patient.intake()["record"]

    # Take over: the assistant stops answering, the intake needs a human.
    status, body = navigator_http.post(patient.conversation_id, "takeover")
    assert status == 200, body
    assert patient.intake()["status"] == "needs_human"
    assert patient.say("hello? is anyone there?") == []
    status, body = navigator_http.post(patient.conversation_id, "reply", {"text": "Hi Robert, this is Dana from the care team."})
    assert status == 200, body
    assert patient.say("Thanks Dana. What happens next with my request?") == []
    navigator_http.post(patient.conversation_id, "reply", {"text": "I'll pass you back to the assistant to finish."})

    live = navigator_http.live(patient.conversation_id)
    assert live["paused"] is True and live["status"] == "needs_human"
    said = [(m["from"], m["text"]) for m in live["transcript"]]
    assert ("navigator", "Hi Robert, this is Dana from the care team.") in said
    assert ("patient", "hello? is anyone there?") in said

    # Hand back: the assistant asks its pending question again, nothing is lost.
    status, body = navigator_http.post(patient.conversation_id, "handback")
    assert status == 200, body
    intake = patient.intake()
    assert intake["status"] == "in_progress" and intake["asking"] == "patient.phone"
    for path in ("patient", "diagnosis"):
        assert intake["record"][path] == before[path]
    live = navigator_http.live(patient.conversation_id)
    assert live["paused"] is False
    last = live["transcript"][-1]
    assert last["from"] == "bot" and "phone number" in last["text"]

    asked = drive(patient, ANSWERS)
    assert asked[0] == "patient.phone" and asked[-1] == "confirmation"
    intake = wait_for(lambda: (i := patient.intake())["status"] in ("submitted", "delivered") and i,
                      message="submission")
    record = intake["record"]
    assert validation_errors(record) == []
    assert record["patient"]["name"]["text"] == "Robert Chen"
    assert record["patient"]["birth_date"] == "1961-03-04"
    assert record["patient"]["phone"] == "+16175550142"
    assert record["diagnosis"]["code"]["code"].startswith("I48")
    assert record["provenance"]["patient.birth_date"]["turn"] < record["provenance"]["patient.phone"]["turn"]

    actions = [entry["action"] for entry in audit_entries(console_system.database_url, patient.conversation_id)]
    assert {"takeover", "reply", "handback", "live"} <= set(actions)


def test_takeover_of_a_patient_who_asked_for_a_person(patient: Patient, navigator_http: Navigator) -> None:
    start(patient)
    patient.say("I was told I have a herniated disc and need surgery")
    answer_until(patient, "patient.name")
    patient.say("I want to talk to a real person")
    assert patient.intake()["status"] == "needs_human"
    assert "human_requested" in patient.intake()["flags"]

    assert navigator_http.post(patient.conversation_id, "takeover")[0] == 200
    assert navigator_http.post(patient.conversation_id, "reply", {"text": "Hello, I'm here to help."})[0] == 200
    assert navigator_http.post(patient.conversation_id, "handback")[0] == 200
    intake = patient.intake()
    assert intake["status"] == "in_progress" and intake["asking"] == "patient.name"
    patient.say("Dana Price")
    intake = patient.intake()
    assert intake["record"]["patient"]["name"]["text"] == "Dana Price"
    assert intake["record"]["diagnosis"]["text"]
    assert intake["asking"] == "patient.birth_date"


def test_replies_need_a_takeover_and_submitted_intakes_stay_closed(patient: Patient, navigator_http: Navigator) -> None:
    start(patient)
    status, body = navigator_http.post(patient.conversation_id, "reply", {"text": "hi"})
    assert status == 409 and body == {"error": "take the conversation over first"}
    status, _ = navigator_http.post("no-such-conversation", "takeover")
    assert status == 404
