"""Understanding a direct answer to one intake question.

Each parser takes the patient's answer to the question about one field and returns the
values it establishes (one answer may settle several paths, e.g. coverage type and
sponsor) or a polite explanation of what was expected.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

from bot.intake.message import Message, is_none
from bot.normalise import choices, dates, emails, names, phones, regions


@dataclass(frozen=True)
class Parsed:
    """The outcome of parsing an answer.

    Attributes:
        values: Field path -> normalised value.
        problem: Why the answer could not be used (None when it could).
        confidence: How sure the parser is.
    """

    values: dict[str, Any] = field(default_factory=dict)
    problem: Optional[str] = None
    confidence: float = 1.0

    @property
    def ok(self) -> bool:
        """Whether the answer gave at least one value."""
        return bool(self.values) and self.problem is None


Parser = Callable[[Message, dt.date], Parsed]

_LEADING_FILLER = re.compile(
    r"^\s*(?:(?:it'?s|it is|that'?s|that would be|the answer is|i think|um+|uh+|well|so|ok(?:ay)?|"
    r"sure|yes|yeah|his name is|her name is|their name is|(?:my |the )?(?:doctor|dr|oncologist|surgeon|"
    r"cardiologist|neurologist|specialist|physician)(?: is|'s| was)|we(?:'re| are) at|i(?:'m| am) (?:at|with|seeing|being treated at)|"
    r"they(?:'re| are) (?:at|with)|at)\b[\s,:]*)+",
    re.IGNORECASE,
)


def _clean(text: str) -> str:
    """The answer without conversational lead-ins and trailing punctuation."""
    cleaned = _LEADING_FILLER.sub("", text).strip()
    return cleaned.strip(" .!,;") or text.strip(" .!,;")


def _free_text(path: str, max_words: int = 40) -> Parser:
    def parse(message: Message, today: dt.date) -> Parsed:
        text = _clean(message.text)
        words = text.split()
        if not words or not re.search(r"[A-Za-z]", text):
            return Parsed(problem="empty")
        if len(words) > max_words:
            text = " ".join(words[:max_words])
        return Parsed({path: text}, confidence=0.8)

    return parse


def parse_role(message: Message, today: dt.date) -> Parsed:
    """"I'm the patient" / "for my mother" / "my daughter is filling this in for me"."""
    text = message.text.lower()
    relationship = choices.relationship(message.text)
    caregiver = bool(
        relationship
        or re.search(r"someone else|somebody else|on (?:his|her|their) behalf|on behalf of|caregiver|"
                     r"for (?:my|a) |helping|\b(?:he|she) is the patient|not the patient|i'?m not", text)
    )
    patient = bool(re.search(r"\b(?:i am|i'?m|it'?s|me|myself|self|patient|mine)\b", text)) and not caregiver
    if message.intent == "affirm" and not caregiver:
        patient = True
    if caregiver:
        values: dict[str, Any] = {"requester.role": "caregiver"}
        if relationship:
            values["requester.relationship"] = relationship
        return Parsed(values)
    if patient:
        return Parsed({"requester.role": "patient"})
    return Parsed(problem="unclear")


def parse_name(path: str) -> Parser:
    def parse(message: Message, today: dt.date) -> Parsed:
        person = names.parse_person_name(message.text)
        if person is None:
            return Parsed(problem="not_a_name")
        if path == "patient.name":
            return Parsed({path: {"text": person.text, "given": person.given, "family": person.family}})
        return Parsed({path: person.text})

    return parse


def parse_relationship(message: Message, today: dt.date) -> Parsed:
    """"daughter", "I'm his wife", "a friend"."""
    relationship = choices.relationship(message.text)
    if relationship:
        return Parsed({"requester.relationship": relationship})
    words = _clean(message.text).split()
    if 1 <= len(words) <= 3 and all(w.isalpha() for w in words):
        return Parsed({"requester.relationship": " ".join(words).lower()}, confidence=0.6)
    return Parsed(problem="unclear")


def parse_birth_date(message: Message, today: dt.date) -> Parsed:
    """A full date of birth, not in the future."""
    value = dates.parse_birth_date(message.text, today=today)
    if value is None or value.precision != "day":
        problem = dates.birth_date_problem(message.text, today=today)
        return Parsed(problem=problem or "not_a_date")
    return Parsed({"patient.birth_date": value.iso})


def parse_contact(message: Message, today: dt.date) -> Parsed:
    """A phone number and/or an e-mail address."""
    values: dict[str, Any] = {}
    for _, _, email in emails.find_emails(message.text):
        values["patient.email"] = email
        break
    phone = phones.normalise_phone(message.text)
    if phone is None:
        found = phones.find_phones(message.text)
        phone = found[0][2] if found else None
    if phone:
        values["patient.phone"] = phone
    if not values:
        return Parsed(problem="not_a_contact")
    return Parsed(values)


def parse_email(message: Message, today: dt.date) -> Parsed:
    """An e-mail address."""
    for _, _, email in emails.find_emails(message.text):
        return Parsed({"patient.email": email})
    email = emails.normalise_email(_clean(message.text))
    return Parsed({"patient.email": email}) if email else Parsed(problem="not_an_email")


def parse_phone(message: Message, today: dt.date) -> Parsed:
    """A phone number only (used for corrections)."""
    phone = phones.normalise_phone(message.text)
    if phone is None:
        found = phones.find_phones(message.text)
        phone = found[0][2] if found else None
    return Parsed({"patient.phone": phone}) if phone else Parsed(problem="not_a_phone")


def parse_region(message: Message, today: dt.date) -> Parsed:
    """A US state (ISO 3166-2)."""
    code = regions.normalise_region(message.text)
    if code is None:
        found = regions.find_region(message.text)
        code = found[2] if found else None
    return Parsed({"patient.region": code}) if code else Parsed(problem="not_a_state")


def parse_diagnosis(message: Message, today: dt.date) -> Parsed:
    """The diagnosis, in the patient's words, with its code when NLU recognised it."""
    condition = message.main_condition()
    text = _clean(message.text)
    if not re.search(r"[A-Za-z]{2,}", text):
        return Parsed(problem="empty")
    values: dict[str, Any] = {"diagnosis.text": text if len(text.split()) <= 12 else (condition.text if condition else text)}
    if condition is not None:
        values.update(condition_values(condition))
    values.setdefault("diagnosis.confirmed", _hedged(message.text))
    return Parsed(values, confidence=condition.score if condition else 0.6)


def condition_values(condition: Any) -> dict[str, Any]:
    """The derived diagnosis paths for a recognised condition."""
    values: dict[str, Any] = {}
    if condition.code:
        values["diagnosis.code"] = {
            "system": "http://hl7.org/fhir/sid/icd-10-cm",
            "code": condition.code,
            "display": condition.display or "",
        }
    if condition.specialty:
        values["diagnosis.specialty"] = condition.specialty
    if condition.confirmed is not None:
        values["diagnosis.confirmed"] = condition.confirmed
    return values


_HEDGES = re.compile(
    r"\b(?:might|may|maybe|possibl[ey]|probabl[ey]|suspect(?:ed)?|think(?:s)? (?:it|i|she|he)|"
    r"not (?:yet )?confirmed|waiting for (?:the )?(?:biopsy|results|tests?)|could be|rule out|likely)\b",
    re.IGNORECASE,
)


def _hedged(text: str) -> Optional[bool]:
    return False if _HEDGES.search(text) else True


def parse_past_date(path: str) -> Parser:
    def parse(message: Message, today: dt.date) -> Parsed:
        value = dates.parse_date(message.text, today=today, prefer="past")
        if value is None:
            return Parsed(problem="not_a_date")
        if value.iso > today.isoformat()[: len(value.iso)]:
            return Parsed(problem="future")
        return Parsed({path: value.iso})

    return parse


def parse_deadline(message: Message, today: dt.date) -> Parsed:
    """A decision date in the future, e.g. "surgery is scheduled Dec 9"."""
    value = dates.parse_date(message.text, today=today, prefer="future")
    if value is None:
        return Parsed(problem="not_a_date")
    if value.precision != "day":
        return Parsed(problem="need_day")
    if value.iso < today.isoformat():
        return Parsed(problem="past")
    return Parsed({"treatment.decision_deadline": value.iso})


_STAGE = re.compile(r"\bstage\s*([0-4]|i{1,3}v?|iv)\s*([abc])?\b", re.IGNORECASE)


def parse_stage(message: Message, today: dt.date) -> Parsed:
    """A cancer stage such as "stage 2" or "IIIA"."""
    match = _STAGE.search(message.text) or re.fullmatch(
        r"\s*([0-4]|i{1,3}v?|iv)\s*([abc])?\s*", message.text, re.IGNORECASE
    )
    if match:
        stage = "stage " + match.group(1).upper() + (match.group(2) or "").upper()
        return Parsed({"diagnosis.stage": stage})
    return _free_text("diagnosis.stage", max_words=6)(message, today)


def parse_current_treatment(message: Message, today: dt.date) -> Parsed:
    """Current treatment, where "none" is an answer, not a skip."""
    if is_none(message.text) or (message.intent == "deny" and choices.yes_no(message.text) is False):
        return Parsed({"treatment.current": "none"})
    return _free_text("treatment.current")(message, today)


def parse_reason(message: Message, today: dt.date) -> Parsed:
    """The main reason, as the schema's enum."""
    reason = choices.reason(message.text)
    return Parsed({"reason": reason}) if reason else Parsed({"reason": "other"}, confidence=0.5)


_QUESTION_SPLIT = re.compile(r"(?<=[?])\s+|\n+|(?<=[.!])\s+(?=(?:and )?(?:also |should|is|are|can|could|what|how|will|would|do|does|why|which|when|i want|i'd like)\b)", re.IGNORECASE)


def split_questions(text: str) -> list[str]:
    """The separate questions in an answer, each kept in the patient's words."""
    parts = [p.strip(" \t-•*") for p in _QUESTION_SPLIT.split(text.strip())]
    return [p for p in parts if len(p.split()) >= 2]


def parse_questions(message: Message, today: dt.date) -> Parsed:
    """At least one question for the reviewing physician."""
    questions = split_questions(message.text)
    if not questions:
        return Parsed(problem="no_question")
    return Parsed({"questions": questions})


def parse_records(message: Message, today: dt.date) -> Parsed:
    """Kinds of records available."""
    if is_none(message.text):
        return Parsed({"records.available": []})
    available = choices.records_available(message.text)
    if not available:
        return Parsed({"records.available": ["other"], "records.notes": _clean(message.text)}, confidence=0.5)
    return Parsed({"records.available": available})


def parse_coverage(message: Message, today: dt.date) -> Parsed:
    """How the review is paid for (and by whom)."""
    kind, sponsor = choices.coverage(message.text)
    if kind is None:
        return Parsed(problem="unclear")
    values: dict[str, Any] = {"coverage.type": kind}
    if sponsor:
        values["coverage.sponsor"] = sponsor
    return Parsed(values)


def parse_sponsor(message: Message, today: dt.date) -> Parsed:
    """The employer or insurer."""
    _, sponsor = choices.coverage(message.text)
    if sponsor:
        return Parsed({"coverage.sponsor": sponsor})
    return _free_text("coverage.sponsor", max_words=8)(message, today)


PARSERS: dict[str, Parser] = {
    "requester.role": parse_role,
    "requester.name": parse_name("requester.name"),
    "requester.relationship": parse_relationship,
    "patient.name": parse_name("patient.name"),
    "patient.birth_date": parse_birth_date,
    "patient.phone": parse_contact,
    "patient.email": parse_email,
    "patient.region": parse_region,
    "diagnosis.text": parse_diagnosis,
    "diagnosis.diagnosed_on": parse_past_date("diagnosis.diagnosed_on"),
    "diagnosis.stage": parse_stage,
    "care_team.physician": _free_text("care_team.physician", max_words=10),
    "care_team.institution": _free_text("care_team.institution", max_words=12),
    "treatment.current": parse_current_treatment,
    "treatment.proposed": _free_text("treatment.proposed"),
    "treatment.decision_deadline": parse_deadline,
    "reason": parse_reason,
    "questions": parse_questions,
    "records.available": parse_records,
    "coverage.type": parse_coverage,
    "coverage.sponsor": parse_sponsor,
}

#: Parsers used when a correction names a field that has no question of its own.
CORRECTION_PARSERS: dict[str, Parser] = {**PARSERS, "patient.phone": parse_phone}

#: Explanations for problems that are more specific than the field's `expects` text.
PROBLEMS: dict[str, str] = {
    "future": "That date seems to be in the future.",
    "past": "That date has already passed.",
    "need_day": "I need the exact day for a deadline, for example 'December 9'.",
}
