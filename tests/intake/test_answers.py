"""Direct answers to one intake question."""
from __future__ import annotations

import datetime as dt

import pytest

from bot.intake.answers import parse_current_treatment, parse_reason, parse_role
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


def test_a_treatment_misread_as_a_no_is_still_the_treatment() -> None:
    parsed = parse_current_treatment(Message("iron pills", "deny", 0.6), TODAY)
    assert parsed.values == {"treatment.current": "iron pills"}


@pytest.mark.parametrize("text", ["no", "nope, nothing", "not at the moment"])
def test_saying_no_treatment_is_none(text: str) -> None:
    assert parse_current_treatment(Message(text, "deny", 0.9), TODAY).values == {"treatment.current": "none"}
