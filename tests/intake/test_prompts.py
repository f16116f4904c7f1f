"""Patient-facing wording that depends on configuration (bot/intake/prompts.py)."""
from __future__ import annotations

from bot.intake import prompts


def test_patients_handed_to_a_navigator_are_told_the_configured_hours() -> None:
    text = prompts.navigator_follow_up({"NAVIGATOR_HOURS": "weekdays, 9 am to 5 pm Pacific"})

    assert "weekdays, 9 am to 5 pm Pacific" in text
    assert prompts.DEFAULT_NAVIGATOR_HOURS not in text
    assert "saved" in text  # and that nothing they said is lost


def test_without_configuration_the_default_hours_are_given() -> None:
    for environ in ({}, {"NAVIGATOR_HOURS": "   "}):
        assert prompts.DEFAULT_NAVIGATOR_HOURS in prompts.navigator_follow_up(environ)
