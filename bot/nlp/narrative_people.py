"""People in a narrative: the patient's and the writer's names, and the treating physician.

Who is writing (patient or caregiver) is worked out in ``bot.nlp.narrative_requester``.
"""
from __future__ import annotations

import re
from typing import Optional

from bot.nlp.facts import Fact
from bot.nlp.narrative_requester import RELATIVE as _RELATIVE
from bot.normalise.names import parse_person_name
from bot.normalise.regions import normalise_region

_I = re.IGNORECASE


# --- physician ---------------------------------------------------------------------------

_NAME_WORD = r"[A-Z][a-zA-Z'\u2019-]+"
_DOCTOR = re.compile(
    rf"\b(?:Dr\.?|Doctor|DR\.?)\s+(?P<name>(?:{_NAME_WORD}\s+(?:[A-Z]\.?\s+)?)?{_NAME_WORD})"
    rf"|\b(?:dr\.?|doctor)\s+(?P<lower>[a-z][a-z'-]+(?:\s+[a-z][a-z'-]+)?)"
)
_ROLE_NAME = re.compile(
    r"\b(?:oncologist|surgeon|neurosurgeon|physician|neurologist|cardiologist|urologist|GP|PCP|"
    r"rheumatologist|hematologist|gastroenterologist|pulmonologist|endocrinologist|nephrologist|"
    r"gynecologist|doctor)\s*,?\s+(?:is\s+|was\s+|named\s+)?"
    rf"(?P<name>{_NAME_WORD}\s+{_NAME_WORD})(?=\s*(?:[,.;!?)]|$|\s+(?:at|from|said|says|told|thinks|wants|"
    r"recommended|suggested|is|was|who|and)\b))"
)
_NOT_NAME_AFTER_DR = {
    "said", "says", "told", "thinks", "think", "wants", "want", "recommended", "recommends", "suggested",
    "and", "at", "from", "who", "was", "is", "has", "had", "visit", "visits", "appointment", "appointments",
    "office", "the", "my", "her", "his", "a", "an", "he", "she", "they", "i", "we", "it", "that", "this",
    "there", "says", "mentioned", "did", "does", "do", "gave", "put", "ordered", "called", "will", "would",
    "can", "could", "should", "just", "also", "never", "not", "then", "so", "but", "or", "in", "on", "of",
    "to", "for", "with", "about", "after", "before", "told", "found", "saw", "sent", "referred", "prescribed",
}
_NOT_SURNAMES = {"Who", "Said", "Says", "Told", "Thinks", "Wants", "And", "At", "From", "The", "Office"}


def physician(text: str) -> Optional[Fact]:
    """Finds the treating physician ("Dr. Susan Lee", "my oncologist Dr Patel", "Doctor Nguyen").

    Args:
        text: The narrative.

    Returns:
        A ``care_team.physician`` fact with the value written as "Dr. Given Family" (or
        the name alone when no title was used), or None.
    """
    for match in _DOCTOR.finditer(text):
        if match["name"]:
            words = [re.sub(r"['\u2019]s$", "", w) for w in match["name"].split() if w not in _NOT_SURNAMES]
            if words:
                name = " ".join(words)
                span = text[match.start(): match.start("name") + len(name)]
                return Fact("care_team.physician", f"Dr. {name}", span, 0.9)
        elif match["lower"]:
            words = []
            for word in match["lower"].split():
                if word in _NOT_NAME_AFTER_DR:
                    break
                words.append(word)
            if words and text == text.lower():
                name = " ".join(w.capitalize() for w in words)
                span = text[match.start(): match.start("lower") + len(" ".join(words))]
                return Fact("care_team.physician", f"Dr. {name}", span, 0.7)
    role = _ROLE_NAME.search(text)
    if role and parse_person_name(role["name"]) and not normalise_region(role["name"]):
        return Fact("care_team.physician", role["name"], role["name"], 0.7)
    return None


# --- names -------------------------------------------------------------------------------

_NAME_CHUNK = r"(?P<name>[A-Za-z][\w'\u2019.-]*(?:\s+[A-Za-z][\w'\u2019.-]*){0,3})"
_MY_NAME = re.compile(rf"\bmy\s+(?:full\s+)?name\s+is\s+{_NAME_CHUNK}", _I)
_IM_NAME = re.compile(r"(?:^|[.!?]\s+|\b(?i:hi|hello|hey|dear\s+\w+)[,!]?\s+)(?:I'?m|I\s+am|(?i:this\s+is))\s+"
                      rf"(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,2}})(?=\s*(?:[,.;!?(]|$|\s+and\b|\s+here\b))")
_PATIENT_NAME = re.compile(
    rf"\b(?:(?:her|his|their)|(?:my|our)\s+{_RELATIVE}'?s|the\s+patient'?s)\s+(?:full\s+)?name\s+is\s+{_NAME_CHUNK}",
    _I,
)
_RELATIVE_APPOSITION = re.compile(
    rf"\b(?i:(?:my|our)\s+{_RELATIVE})\s*,?\s*(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,2}})\s*(?:,|\(|\s+(?:was|is|has)\b)"
)
_STOP_AFTER_NAME = re.compile(r"\s+(?:and|but|i|i'm|im|my|from|in|at|age|aged|born|dob|,)\b.*$", _I)


def _person(raw: str) -> Optional[tuple[str, object]]:
    """Parses a captured name chunk, cutting it at the first word that starts a new clause."""
    clause = re.split(r"(?<!\b[A-Za-z])[.!?]|[;,()]", raw.strip())[0]
    chunk = _STOP_AFTER_NAME.sub("", clause).strip(" ,.")
    person = parse_person_name(chunk)
    if person is None or normalise_region(chunk):
        return None
    return chunk, person


def names(text: str, *, caregiver: bool) -> list[Fact]:
    """Finds the writer's and the patient's names, only when clearly given.

    Args:
        text: The narrative.
        caregiver: Whether the writer is a caregiver (then "my name is" names the
            requester, and "her name is" / "my mother, Jane Doe," name the patient).

    Returns:
        ``patient.name`` (value ``{"text", "given", "family"}``) and/or ``requester.name``
        (a string) facts.
    """
    facts: list[Fact] = []
    own = _MY_NAME.search(text)
    confidence = 0.9
    if not own:
        own = _IM_NAME.search(text)
        confidence = 0.7
    if own:
        parsed = _person(own["name"])
        if parsed:
            chunk, person = parsed
            if caregiver:
                facts.append(Fact("requester.name", person.text, chunk, confidence))
            else:
                facts.append(Fact("patient.name", _name_value(person), chunk, confidence))
    if caregiver:
        for pattern, confidence in ((_PATIENT_NAME, 0.85), (_RELATIVE_APPOSITION, 0.7)):
            found = pattern.search(text)
            parsed = _person(found["name"]) if found else None
            if parsed:
                chunk, person = parsed
                facts.append(Fact("patient.name", _name_value(person), chunk, confidence))
                break
    return facts


def _name_value(person: object) -> dict:
    return {"text": person.text, "given": person.given, "family": person.family}
