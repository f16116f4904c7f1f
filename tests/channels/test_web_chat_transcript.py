"""The conversation as the widget shows it."""
from __future__ import annotations

from bot.channels.web_chat_transcript import START_PAYLOAD, for_widget, offered_payloads

CONSENT = {"from": "bot", "text": "Do you agree?", "buttons": [
    {"title": "Yes, I agree", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}]}


def test_pressed_buttons_read_as_their_titles_and_the_opening_is_hidden() -> None:
    messages = [
        {"from": "patient", "text": START_PAYLOAD},
        {"from": "bot", "text": "Hello", "buttons": []},
        CONSENT,
        {"from": "patient", "text": "/affirm"},
        {"from": "bot", "text": "What diagnosis? (1 of 11)"},
        {"from": "patient", "text": "/deny"},
        {"from": "navigator", "text": "Hi, I'm Dana from the care team."},
        {"from": "bot", "text": ""},
    ]
    shown = for_widget(messages)
    assert [(m["from"], m["text"]) for m in shown] == [
        ("bot", "Hello"),
        ("bot", "Do you agree?"),
        ("patient", "Yes, I agree"),
        ("bot", "What diagnosis? (1 of 11)"),
        ("patient", "/deny"),  # not offered at that point: shown as sent
        ("navigator", "Hi, I'm Dana from the care team."),
    ]
    assert shown[1]["buttons"] == CONSENT["buttons"]


def test_offered_payloads_are_those_since_the_patient_last_spoke() -> None:
    assert offered_payloads([CONSENT]) == ["/affirm", "/deny"]
    assert offered_payloads([CONSENT, {"from": "patient", "text": "yes"}]) == []
