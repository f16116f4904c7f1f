"""Understanding corrections: "sorry, my birthday is 1958 not 1985", "change my email to ..."."""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import Any, Optional

from bot.intake.answers import CORRECTION_PARSERS, Parsed
from bot.intake.message import Message

#: Words that name a field, most specific first.
_TARGETS: tuple[tuple[str, str], ...] = (
    (r"e-?mail|email address", "patient.email"),
    (r"phone|number|cell|mobile|telephone", "patient.phone"),
    (r"birth ?day|birth ?date|date of birth|dob|born|\bage\b", "patient.birth_date"),
    (r"\bstate\b|live in|moved to", "patient.region"),
    (r"my name|patient'?s name|his name|her name|\bname\b|spell", "patient.name"),
    (r"relationship|i'?m (?:his|her|their)\b", "requester.relationship"),
    (r"\bstage\b", "diagnosis.stage"),
    (r"diagnos(?:is|ed with)|condition|disease", "diagnosis.text"),
    (r"diagnosed (?:in|on|last)|when i was diagnosed", "diagnosis.diagnosed_on"),
    (r"doctor|dr\.?\b|physician|oncologist|surgeon|cardiologist|neurologist", "care_team.physician"),
    (r"hospital|clinic|medical center", "care_team.institution"),
    (r"deadline|scheduled|decide by|surgery date|appointment", "treatment.decision_deadline"),
    (r"proposed|recommend|suggested|they want", "treatment.proposed"),
    (r"current(?:ly)? treatment|i'?m on|taking", "treatment.current"),
    (r"insurance|insurer|employer|pay(?:ing|ment)?|coverage|covered", "coverage.type"),
    (r"records?|scans?|mri|pathology|labs?", "records.available"),
    (r"question", "questions"),
    (r"reason", "reason"),
)

#: "diagnosed in/on" must win over "diagnosis": checked first.
_PRIORITY = ("diagnosis.diagnosed_on",)

_NOT_CLAUSE = re.compile(r"[,;]?\s*\b(?:not|instead of|rather than|and not)\b\s+[^,.;!?]*", re.IGNORECASE)
_VALUE_AFTER = re.compile(r".*\b(?:to|is|are|was|should be|it'?s|as)\b\s*:?\s*(.+)$", re.IGNORECASE | re.DOTALL)
_LEAD = re.compile(
    r"^\s*(?:sorry|oops|wait|actually|no|correction|i made a (?:mistake|typo)|my mistake|i meant|"
    r"please|can you|could you|i need to|i want to|let me)\b[\s,:.!-]*",
    re.IGNORECASE,
)


def correction_target(text: str) -> Optional[str]:
    """The field a correction is about, from the words it uses (None if it names none)."""
    lowered = text.lower()
    for pattern, path in _TARGETS:
        if path in _PRIORITY and re.search(pattern, lowered):
            return path
    for pattern, path in _TARGETS:
        if re.search(pattern, lowered):
            return path
    return None


def value_text(text: str) -> str:
    """The new value in a correction, without "not X" and lead-ins."""
    stripped = _NOT_CLAUSE.sub("", text).strip()
    while True:
        shorter = _LEAD.sub("", stripped)
        if shorter == stripped:
            break
        stripped = shorter
    match = _VALUE_AFTER.match(stripped)
    return (match.group(1) if match else stripped).strip(" .!,;") or text


def parse_correction(path: str, message: Message, today: dt.date, current: Any) -> Parsed:
    """Parses the corrected value for ``path``.

    A correction that changes only the year of a full date ("1958 not 1985") keeps the
    month and day already given.
    """
    parser = CORRECTION_PARSERS.get(path)
    if parser is None:
        return Parsed(problem="unknown_field")
    candidates = [value_text(message.text), _NOT_CLAUSE.sub("", message.text), message.text]
    for candidate in candidates:
        parsed = parser(dataclasses.replace(message, text=candidate), today)
        if parsed.ok:
            return parsed
        year_fix = _replace_year(path, candidate, current, today)
        if year_fix is not None:
            return year_fix
    return parser(message, today)


def _replace_year(path: str, text: str, current: Any, today: dt.date) -> Optional[Parsed]:
    if path not in ("patient.birth_date", "diagnosis.diagnosed_on") or not isinstance(current, str):
        return None
    years = re.findall(r"\b(19\d\d|20\d\d)\b", text)
    if not years or len(current) < 4:
        return None
    candidate = years[0] + current[4:]
    if candidate[:4] > str(today.year):
        return None
    return Parsed({path: candidate})
