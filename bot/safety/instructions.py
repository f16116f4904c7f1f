"""What to tell a patient whose message raised a red flag, per channel."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bot.safety.rules import Instruction, load_rules

if TYPE_CHECKING:
    from bot.safety.detector import RedFlag

_WORD = re.compile(r"[a-z]+")


def _pick(default: Instruction, variants: tuple[Instruction, ...], matched_text: str) -> Instruction:
    words = set(_WORD.findall(matched_text.lower()))
    for variant in variants:
        if words & variant.when_matched_any:
            return variant
    return default


def emergency_instruction(flag: "RedFlag", channel: str = "web") -> str:
    """Returns the instruction appropriate to what the patient said.

    Medical emergencies point to 911 or the nearest emergency department, with short
    wording specific to the category; suicide and self-harm to 988 (or 911 in immediate
    danger); harm to others to 911; a child in danger to 911 (and Childhelp for abuse).

    Args:
        flag: The detected red flag.
        channel: ``"sms"`` for one short plain message (<= 300 characters, no
            markdown); anything else gets the web wording.

    Returns:
        The instruction text.

    Raises:
        KeyError: The flag names a category the rule file does not have.
    """
    category = load_rules().category(flag.category)
    instruction = _pick(category.instruction, category.variants, flag.matched_text)
    return instruction.sms if channel == "sms" else instruction.web
