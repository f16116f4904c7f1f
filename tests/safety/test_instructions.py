"""emergency_instruction: the right help for what was said, and SMS-sized on SMS."""
from __future__ import annotations

import re

import pytest

from bot.safety.detector import RedFlag, detect_red_flag, emergency_instruction
from bot.safety.rules import load_rules

CATEGORIES = [c.name for c in load_rules().categories]
MARKDOWN = re.compile(r"[*_`#\[\]]")


def _flag(category: str, matched_text: str = "x") -> RedFlag:
    kind = load_rules().category(category).kind
    return RedFlag(category=category, kind=kind, matched_text=matched_text, start=0, end=len(matched_text))


@pytest.mark.parametrize("category", CATEGORIES)
@pytest.mark.parametrize("matched", ["x", "being abused"])
def test_sms_is_one_short_plain_message(category: str, matched: str) -> None:
    text = emergency_instruction(_flag(category, matched), channel="sms")
    assert 0 < len(text) <= 300
    assert "\n" not in text
    assert not MARKDOWN.search(text)


@pytest.mark.parametrize("category", CATEGORIES)
def test_web_is_plain_and_points_to_911(category: str) -> None:
    text = emergency_instruction(_flag(category))
    assert "911" in text
    assert not MARKDOWN.search(text)


@pytest.mark.parametrize("category", [c for c in CATEGORIES if load_rules().category(c).kind == "medical_emergency"])
@pytest.mark.parametrize("channel", ["web", "sms"])
def test_medical_emergencies_send_to_911_or_the_emergency_department(category: str, channel: str) -> None:
    text = emergency_instruction(_flag(category), channel=channel)
    assert "911" in text and "nearest emergency department" in text


@pytest.mark.parametrize("category", ["suicide", "self_harm"])
@pytest.mark.parametrize("channel", ["web", "sms"])
def test_mental_health_crises_offer_988_and_911(category: str, channel: str) -> None:
    text = emergency_instruction(_flag(category), channel=channel)
    assert "988" in text and "Suicide & Crisis Lifeline" in text and "911" in text


def test_instruction_follows_what_was_said() -> None:
    cardiac = emergency_instruction(detect_red_flag("crushing chest pain right now"))
    stroke = emergency_instruction(detect_red_flag("my face is drooping"))
    assert "heart attack" in cardiac
    assert "stroke" in stroke
    assert "Poison Control" in emergency_instruction(detect_red_flag("my son drank bleach"))


def test_child_abuse_adds_childhelp_but_a_child_not_breathing_does_not() -> None:
    abuse = detect_red_flag("my daughter is being abused by her stepfather")
    breathing = detect_red_flag("my baby is not breathing")
    assert abuse is not None and breathing is not None
    for channel in ("web", "sms"):
        assert "1-800-422-4453" in emergency_instruction(abuse, channel)
        assert "911" in emergency_instruction(abuse, channel)
        assert "1-800-422-4453" not in emergency_instruction(breathing, channel)
        assert "911" in emergency_instruction(breathing, channel)


def test_unknown_channel_gets_the_web_wording() -> None:
    flag = _flag("cardiac")
    assert emergency_instruction(flag, channel="navigator") == emergency_instruction(flag)
