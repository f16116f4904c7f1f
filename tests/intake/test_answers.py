"""Direct answers to one intake question."""
from __future__ import annotations

import datetime as dt

import pytest

from bot.intake.answers import parse_reason, parse_role
from bot.intake.fields import field_for
from bot.intake.message import Message

TODAY = dt.date(2026, 11, 20)


def test_every_reason_button_maps_to_its_choice() -> None:
    reason_field = field_for("reason")
    assert reason_field is not None
    chosen = [parse_reason(Message(payload), TODAY).values["reason"] for _, payload in reason_field.buttons]
    assert chosen == ["confirm_diagnosis", "treatment_options", "surgery_recommended", "no_improvement", "other"]


@pytest.mark.parametrize("text", ["patient", "Patient.", "I'm the patient", "myself", "me", "self"])
def test_a_bare_patient_answer_gives_role_patient(text: str) -> None:
    assert parse_role(Message(text), TODAY).values == {"requester.role": "patient"}


@pytest.mark.parametrize("text", ["I'm not the patient", "the patient is my mother", "for my husband"])
def test_naming_someone_else_still_gives_caregiver(text: str) -> None:
    assert parse_role(Message(text), TODAY).values["requester.role"] == "caregiver"
