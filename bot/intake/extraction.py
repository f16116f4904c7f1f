"""Everything that can be understood from a free-form message, as facts.

Used for the opening narrative (which may carry the whole intake) and, more cautiously,
for unambiguous extras in ordinary answers ("John Smith, 617-555-0142").
"""
from __future__ import annotations

import datetime as dt

from bot.intake.answers import condition_values
from bot.intake.message import Message
from bot.intake.state import NLU, IntakeState
from bot.nlp.facts import Fact
from bot.nlp.narrative import extract_narrative_facts

#: Facts that are safe to take from any answer, whatever was asked: their form is unmistakable.
UNAMBIGUOUS_PATHS = frozenset({"patient.phone", "patient.email"})


def narrative_facts(message: Message, today: dt.date) -> list[Fact]:
    """All facts in an opening narrative: the diagnosis from NLU plus the rest."""
    facts: list[Fact] = []
    condition = message.main_condition()
    if condition is not None:
        facts.append(Fact("diagnosis.text", condition.text, condition.text, condition.score))
        for path, value in condition_values(condition).items():
            facts.append(Fact(path, value, condition.text, condition.score))
    mentions = [c.text for c in message.conditions if not c.negated]
    facts.extend(_displayable(fact) for fact in extract_narrative_facts(message.text, today=today, conditions=mentions))
    return _one_per_path(facts)


def note_narrative(state: IntakeState, message: Message, turn: int, today: dt.date) -> list[str]:
    """Records what an opening narrative says, without overwriting anything already known.

    Also used when the narrative set off a red flag: the facts in it must not be lost if
    the patient then says it was not an emergency and carries on.

    Args:
        state: The intake, changed in place (the narrative counts as answered).
        message: The narrative with its NLU interpretation.
        turn: The 1-based number of the message in the conversation.
        today: The date relative dates are computed from.

    Returns:
        The paths that were newly recorded.
    """
    state.narrative_done = True
    noted = []
    for fact in narrative_facts(message, today):
        if fact.path not in state.values:
            state.set_value(fact.path, fact.value, turn=turn, source_text=fact.source_text,
                            method=NLU, confidence=fact.confidence)
            noted.append(fact.path)
    return noted


def _displayable(fact: Fact) -> Fact:
    """Stages read "stage 2", as the direct answer to the stage question gives them."""
    if fact.path == "diagnosis.stage" and not str(fact.value).lower().startswith("stage"):
        return Fact(fact.path, f"stage {fact.value}", fact.source_text, fact.confidence)
    return fact


def extra_facts(message: Message, today: dt.date) -> list[Fact]:
    """Facts of unmistakable form found in an answer to some other question."""
    return [
        fact
        for fact in extract_narrative_facts(message.text, today=today)
        if fact.path in UNAMBIGUOUS_PATHS
    ]


def _one_per_path(facts: list[Fact]) -> list[Fact]:
    """Keeps the most confident fact per path (first wins on ties); questions are merged."""
    best: dict[str, Fact] = {}
    for fact in facts:
        current = best.get(fact.path)
        if current is None or fact.confidence > current.confidence:
            best[fact.path] = fact
    return list(best.values())
