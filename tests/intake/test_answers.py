"""Direct answers to one intake question."""
from __future__ import annotations

import datetime as dt

from bot.intake.answers import parse_reason
from bot.intake.fields import field_for
from bot.intake.message import Message

TODAY = dt.date(2026, 11, 20)


def test_every_reason_button_maps_to_its_choice() -> None:
    reason_field = field_for("reason")
    assert reason_field is not None
    chosen = [parse_reason(Message(payload), TODAY).values["reason"] for _, payload in reason_field.buttons]
    assert chosen == ["confirm_diagnosis", "treatment_options", "surgery_recommended", "no_improvement", "other"]
