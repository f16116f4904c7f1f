"""Red-flag detection: does a patient's message describe an emergency happening now?

Public API::

    flag = detect_red_flag("I have crushing chest pain right now")
    if flag:
        reply(emergency_instruction(flag, channel="sms"))

All patterns, context cues and instructions are in ``red_flags.yml``. Nothing heavy
happens at import: spaCy and the compiled rules are loaded on the first call (or by
``warm_up()``).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from bot.safety.instructions import emergency_instruction
from bot.safety.rules import Kind

__all__ = ["RedFlag", "RedFlagKind", "detect_red_flag", "emergency_instruction", "warm_up"]

logger = logging.getLogger(__name__)

#: ``Literal["medical_emergency", "mental_health_crisis", "harm_to_others", "child_safety"]``
RedFlagKind = Kind


@dataclass(frozen=True)
class RedFlag:
    """An emergency described in a message.

    Attributes:
        category: Rule category, e.g. ``"cardiac"``, ``"suicide"``, ``"child_danger"``.
        kind: What kind of help is needed.
        matched_text: The words of the message that triggered the flag, as written.
        start: Start character offset of ``matched_text`` in the message.
        end: End character offset (exclusive).
    """

    category: str
    kind: RedFlagKind
    matched_text: str
    start: int
    end: int


def detect_red_flag(text: str) -> RedFlag | None:
    """Finds the most urgent current emergency described in ``text``.

    Negated, historical, hypothetical, habitual and joking mentions are not flagged;
    when a message matches several categories, the one with the most urgent
    instruction wins (see ``priority`` in ``red_flags.yml``).

    Args:
        text: A patient's message, as typed.

    Returns:
        The red flag, or None when the message describes no current emergency.
    """
    if not text or not text.strip():
        return None
    from bot.safety.engine import default_engine

    current = [c for c in default_engine().candidates(text) if c.set_aside is None]
    if not current:
        return None
    best = min(current, key=lambda c: (c.priority, c.start, c.end - c.start))
    logger.info("red flag detected: category=%s", best.category.name)  # no message text: PHI
    return RedFlag(
        category=best.category.name,
        kind=best.category.kind,
        matched_text=text[best.char_start : best.char_end],
        start=best.char_start,
        end=best.char_end,
    )


def warm_up() -> None:
    """Builds the matcher now, so the first patient message is not the slow one."""
    from bot.safety.engine import default_engine

    default_engine().candidates("warm up: chesst")  # also loads the fuzzy matcher
