"""A patient message as the intake logic sees it: text plus what NLU made of it."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Optional

#: Entity type the clinical entity extractor gives condition mentions.
CONDITION_ENTITY = "condition"


@dataclass(frozen=True)
class Condition:
    """A condition mention found by the clinical NLU component."""

    text: str
    code: Optional[str]
    display: Optional[str]
    specialty: Optional[str]
    confirmed: Optional[bool]
    negated: bool = False
    historical: bool = False
    main: bool = False
    score: float = 1.0


@dataclass(frozen=True)
class Message:
    """One user message.

    Attributes:
        text: What the patient wrote.
        intent: The intent NLU predicted.
        confidence: The intent's confidence.
        conditions: Condition mentions found in the text.
    """

    text: str
    intent: str = "inform"
    confidence: float = 1.0
    conditions: tuple[Condition, ...] = field(default_factory=tuple)

    @classmethod
    def from_parse_data(cls, parse_data: dict[str, Any]) -> "Message":
        """Builds a message from Rasa's ``latest_message`` parse data."""
        intent = parse_data.get("intent") or {}
        conditions = tuple(
            _condition(entity)
            for entity in parse_data.get("entities") or []
            if entity.get("entity") == CONDITION_ENTITY and isinstance(entity.get("value"), dict)
        )
        return cls(
            text=(parse_data.get("text") or "").strip(),
            intent=intent.get("name") or "inform",
            confidence=float(intent.get("confidence") or 0.0),
            conditions=conditions,
        )

    def main_condition(self) -> Optional[Condition]:
        """The condition the patient wants reviewed: never a negated one, a current one before a past one.

        A past condition is the one to review when it is the only one named ("I had
        prostate cancer treated in 2019 and my PSA is rising again", "I was diagnosed
        with melanoma two years ago"): the patient is writing about it. Among equals, the
        one the clinical component marked as main wins, then the first.
        """
        affirmed = [c for c in self.conditions if not c.negated]
        current = [c for c in affirmed if not c.historical]
        candidates = current or affirmed
        return next((c for c in candidates if c.main), candidates[0] if candidates else None)


def _condition(entity: dict[str, Any]) -> Condition:
    value = entity["value"]
    return Condition(
        text=value.get("text") or entity.get("text") or "",
        code=value.get("code"),
        display=value.get("display"),
        specialty=value.get("specialty"),
        confirmed=value.get("confirmed"),
        negated=bool(value.get("negated")),
        historical=bool(value.get("historical")),
        main=bool(value.get("main")),
        score=float(value.get("score") or 1.0),
    )


_SKIP_PATTERNS = re.compile(
    r"^\s*(?:skip(?: (?:it|this|that)(?: one)?)?|pass|n/?a|none of your business|"
    r"(?:i )?(?:really )?(?:do ?n[o']?t|dont|don't) know|idk|dunno|no idea|not sure|unsure|"
    r"(?:i'?d )?rather not (?:say|answer)|prefer not to (?:say|answer)|"
    r"(?:i )?(?:can ?not|can'?t|cannot|don'?t) (?:remember|recall)|no clue|unknown|"
    r"next(?: question)?|leave (?:it )?blank)\s*[.!]*\s*$",
    re.IGNORECASE,
)

_NONE_PATTERNS = re.compile(
    r"^\s*(?:none|no|nope|nothing|not yet|none yet|no(?:ne)? (?:at the moment|right now|currently)|"
    r"no deadline|no date|not really|nothing yet|n/a|"
    r"(?:not|nothing)(?: at the moment| right now| currently| yet| at this time| at present))\s*[.!]*\s*$",
    re.IGNORECASE,
)


def is_skip(message: Message) -> bool:
    """Whether the patient chose not to answer ("skip", "I don't know", "not sure")."""
    return message.intent == "skip" and message.confidence >= 0.6 or bool(_SKIP_PATTERNS.match(message.text))


def is_none(text: str) -> bool:
    """Whether the answer says there is nothing ("none", "no", "not yet")."""
    return bool(_NONE_PATTERNS.match(text))


#: What a request for a person names: a person, or a way to be contacted.
_PERSON_CUES = re.compile(
    r"\b(?:person|human|people|somebody|someone|anyone|anybody|agent|representative|rep|operator|nurse|"
    r"navigator|staff|coordinator|customer\s+service|support|call(?:ed|ing)?|callback|phone|ring|talk|speak|"
    r"contact|reach|real|live|doctor)\b",
    re.IGNORECASE,
)
#: "someone" only counts as a person asked for, not in "can someone get this from a hospital?".
_SOMEONE_ABOUT_ILLNESS = re.compile(
    r"\b(?:someone|somebody|anyone|anybody|people)\s+(?:get|catch|have|has|develop|inherit|pass|die|live|survive|"
    r"recover|be\s+(?:born|cured|infected|tested))\b",
    re.IGNORECASE,
)


def asks_for_a_person(text: str) -> bool:
    """Whether a message classified as a request for a person names one.

    A health question is sometimes read as one ("Can someone get this from a hospital?");
    taking it as a hand-over would drop the question and everything in it.

    Args:
        text: The message.

    Returns:
        True when it names a person or a way to be contacted (other than "someone"
        in a question about who gets an illness).
    """
    return bool(_PERSON_CUES.search(_SOMEONE_ABOUT_ILLNESS.sub(" ", text)))
