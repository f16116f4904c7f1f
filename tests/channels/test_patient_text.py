"""Patients cannot send Rasa commands other than the buttons they were offered."""
from __future__ import annotations

from bot.channels.patient_text import as_patient_text


def test_offered_payloads_pass_as_payloads() -> None:
    assert as_patient_text("/affirm", ["/affirm", "/deny"]) == "/affirm"


def test_other_commands_become_plain_words() -> None:
    assert as_patient_text("/restart", ["/affirm"]) == "restart"
    assert as_patient_text('/inform{"patient_name": "x"}', []) == 'inform{"patient_name": "x"}'
    assert as_patient_text("//affirm") == "affirm"
    assert as_patient_text("/") == ""


def test_ordinary_text_is_unchanged() -> None:
    assert as_patient_text("  I have a-fib / AF  ") == "I have a-fib / AF"
