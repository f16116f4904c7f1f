"""Understanding corrections: "sorry, my birthday is 1958 not 1985", "change my email to ..."."""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import Any, Optional

from bot.intake.answers import CORRECTION_PARSERS, Parsed
from bot.intake.message import Message

#: Words that name a field, most specific first. Each pattern only matches whole words
#: (see :func:`_whole_words`), so "dob" does not fire inside "Dobson".
_TARGETS: tuple[tuple[str, str], ...] = (
    (r"e-?mail|email address", "patient.email"),
    (r"phone|number|cell|mobile|telephone", "patient.phone"),
    (r"birth ?day|birth ?date|date of birth|dob|born|age", "patient.birth_date"),
    (r"state|live in|moved to", "patient.region"),
    (r"my (?:full )?name|patient'?s (?:full )?name", "patient.name"),
    (r"relationship|i'?m (?:his|her|their)", "requester.relationship"),
    (r"stage", "diagnosis.stage"),
    (r"diagnos(?:is|ed with)|conditions?|diseases?", "diagnosis.text"),
    (r"diagnosed (?:in|on|last)|when i was diagnosed", "diagnosis.diagnosed_on"),
    (r"doctor'?s?|dr\.?|physicians?|oncologist|surgeon|cardiologist|neurologist", "care_team.physician"),
    (r"hospitals?|clinics?|medical center", "care_team.institution"),
    (r"deadline|scheduled|decide by|surgery date|appointment", "treatment.decision_deadline"),
    (r"proposed|recommend\w*|suggested|they want", "treatment.proposed"),
    (r"current(?:ly)? treatment|i'?m on|taking", "treatment.current"),
    (r"insurance|insurer|employer|pay(?:ing|ment)?|coverage|covered", "coverage.type"),
    (r"records?|scans?|mri|pathology|labs?", "records.available"),
    (r"questions?", "questions"),
    (r"reason", "reason"),
    # A bare "name" comes last: "my doctor's name is ..." is about the doctor, not the patient.
    (r"(?:his|her) name|name|spell\w*", "patient.name"),
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


def _whole_words(pattern: str) -> re.Pattern:
    """Compiles a target pattern so that it matches whole words only."""
    return re.compile(rf"(?<!\w)(?:{pattern})(?!\w)", re.IGNORECASE)


_COMPILED_TARGETS: tuple[tuple[re.Pattern, str], ...] = tuple(
    (_whole_words(pattern), path) for pattern, path in _TARGETS
)


def correction_target(text: str) -> Optional[str]:
    """The field a correction is about, from the words it uses (None if it names none)."""
    for pattern, path in _COMPILED_TARGETS:
        if path in _PRIORITY and pattern.search(text):
            return path
    for pattern, path in _COMPILED_TARGETS:
        if pattern.search(text):
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
