"""Facts in a patient's opening narrative, everything except the diagnosis itself.

The narrative ("My mother was diagnosed with stage 2 breast cancer last March at Mass
General by Dr. Susan Lee. They want to do a mastectomy ...") may carry much of the
intake. Each fact names its field path, the exact words it came from and a confidence;
values are never invented, and names and institutions are only taken when clearly given.
The diagnosis text and code are extracted elsewhere (``bot.clinical``).
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Optional, Sequence

from bot import clock
from bot.nlp import (
    narrative_care,
    narrative_diagnosis,
    narrative_people,
    narrative_questions,
    narrative_requester,
    narrative_treatment,
)
from bot.nlp.facts import Fact
from bot.nlp.narrative_text import Sentence, split_sentences
from bot.normalise import choices
from bot.normalise.dates import find_dates, parse_birth_date
from bot.normalise.emails import find_emails
from bot.normalise.insurers import find_insurer
from bot.normalise.phones import find_phones
from bot.normalise.regions import find_region

_I = re.IGNORECASE
_BIRTH_CUE = re.compile(
    r"\b(?:born(?:\s+(?:on|in))?|b\.|DOB|D\.O\.B\.?|date\s+of\s+birth|birth\s*date|birthday)\s*(?:is|was|:|-)?\s*", _I
)
_WRITER_BORN = re.compile(r"\bI\s+was\s+born\s*$|\bmy\s+(?:DOB|date\s+of\s+birth|birthday|birth\s*date)\W*$", _I)
_COVERAGE_CUE = re.compile(
    r"\b(?:cover(?:s|ed|age|ing)?|insurance|insured|insurer|benefits?|employer|pay(?:ing)?|paid|self[\s-]?pay|"
    r"out[\s-]of[\s-]pocket|health\s+plan|through\s+(?:my|his|her|our)\s+(?:work|job|company))\b",
    _I,
)
_RECORDS_CUE = re.compile(
    r"\b(?:I|we|she|he)\s+(?:have|has|'ve\s+got|got|can\s+(?:send|upload|share|get|provide)|will\s+(?:send|upload)|"
    r"already\s+have)\b(?!\s+(?:been|had|stage|a\s+\w*\s*(?:cancer|tumou?r)|cancer))|\battached\b|\buploaded\b|"
    r"\bcopies\s+of\b|\bavailable\b",
    _I,
)
_INSURER_VERB = re.compile(r"\b(?:have|has|with|through|via|on|use|using|is|are|under)\s+(?:the\s+)?$", _I)
#: What the writer says they want from the second opinion ("I'd like to know ...", "we want to ...").
_WISH = re.compile(
    r"\b(?:I|we)(?:'d|\s+would|\s+really|\s+just|\s+also|\s+mainly|\s+mostly)*\s+(?:want(?:ed)?|like|hope|need|wish)\b|"
    r"\b(?:I'?m|I\s+am|we'?re|we\s+are)\s+(?:hoping|looking|seeking|trying)\b|"
    r"\b(?:the\s+)?(?:main\s+)?reason\b|\bsecond\s+opinion\s+(?:because|since|as|to)\b",
    _I,
)
_REASON_ORDER = ["confirm_diagnosis", "surgery_recommended", "no_improvement", "treatment_options"]


def extract_narrative_facts(
    text: str, *, today: Optional[dt.date] = None, conditions: Sequence[str] = ()
) -> list[Fact]:
    """Extracts every non-diagnosis fact from a narrative.

    Args:
        text: The patient's (or caregiver's) message.
        today: Reference date for relative dates; defaults to ``bot.clock.today()``.
        conditions: Condition mentions found in the text (as written), which help tell
            who is ill ("I have lupus" but "I have a question").

    Returns:
        Facts for any of: requester.role, requester.relationship, requester.name,
        patient.name, patient.birth_date, patient.phone, patient.email, patient.region,
        care_team.physician, care_team.institution, treatment.proposed,
        treatment.current, treatment.decision_deadline, diagnosis.diagnosed_on,
        diagnosis.stage, questions (value: list of strings), reason, coverage.type,
        coverage.sponsor, records.available (value: list). At most one fact per path.
    """
    if not text or not text.strip():
        return []
    now = today if today is not None else clock.today()
    sentences = split_sentences(text)
    facts: list[Fact] = []
    requester = narrative_requester.requester(text, conditions)
    facts.extend(requester)
    caregiver = any(f.path == "requester.role" and f.value == "caregiver" for f in requester)
    facts.extend(narrative_people.names(text, caregiver=caregiver))
    writer_is_patient = not caregiver or narrative_requester.writer_is_helper(text)
    facts.extend(_contact_facts(text, now, writer_is_patient=writer_is_patient))
    for found in (
        narrative_people.physician(text),
        narrative_care.institution(sentences),
        narrative_treatment.proposed_treatment(sentences),
        narrative_treatment.current_treatment(sentences),
        narrative_treatment.decision_deadline(sentences, now),
        narrative_diagnosis.diagnosed_on(sentences, now),
        narrative_diagnosis.stage(text),
        narrative_questions.questions(sentences, text),
        _reason(sentences),
        _records(sentences),
    ):
        if found is not None:
            facts.append(found)
    facts.extend(_coverage(sentences))
    return facts


def _contact_facts(text: str, today: dt.date, *, writer_is_patient: bool) -> list[Fact]:
    """Phone, e-mail, birth date and region: things with an unmistakable form."""
    facts: list[Fact] = []
    phones = find_phones(text)
    if phones:
        start, end, e164 = phones[0]
        facts.append(Fact("patient.phone", e164, text[start:end], 0.95))
    emails = find_emails(text)
    if emails:
        start, end, address = emails[0]
        facts.append(Fact("patient.email", address, text[start:end], 0.95))
    birth = _birth_date(text, today, writer_is_patient=writer_is_patient)
    if birth:
        facts.append(birth)
    region = find_region(text)
    if region:
        start, end, code = region
        facts.append(Fact("patient.region", code, text[start:end], 0.85 if writer_is_patient else 0.7))
    return facts


def _birth_date(text: str, today: dt.date, *, writer_is_patient: bool) -> Optional[Fact]:
    """Reads "born 3/4/61", "DOB: 07/09/1958" (full dates only: the schema wants a day).

    A caregiver's own "I was born ..." is not the patient's birth date.
    """
    for cue in _BIRTH_CUE.finditer(text):
        if not writer_is_patient and _WRITER_BORN.search(text[: cue.end()].rstrip()):
            continue
        window = text[cue.end(): cue.end() + 40]
        mentions = find_dates(window, today=today, prefer="past")
        if not mentions or mentions[0].start > 3:
            continue
        mention = mentions[0]
        value = parse_birth_date(mention.text, today=today)
        if value is not None and value.precision == "day":
            return Fact("patient.birth_date", value.iso, mention.text, 0.9)
    return None


def _reason(sentences: list[Sentence]) -> Optional[Fact]:
    """The reason for the second opinion.

    A reason the writer states as what they want ("we want to know if there are better
    options") wins over one inferred from the story (a surgery that is mentioned or
    recommended); otherwise the sentence that shows a reason most strongly gives it.
    """
    stated = _best_reason(sentences, explicit=True)
    if stated is not None:
        return Fact("reason", stated[1], stated[0].text, 0.7)
    inferred = _best_reason(sentences, explicit=False)
    if inferred is not None:
        return Fact("reason", inferred[1], inferred[0].text, 0.6)
    return None


def _best_reason(sentences: list[Sentence], *, explicit: bool) -> Optional[tuple[Sentence, str]]:
    """The strongest reason among sentences, only in what the writer says they want when ``explicit``."""
    best: Optional[tuple[int, Sentence, str]] = None
    for sentence in sentences:
        text = sentence.text
        if explicit:
            wish = _WISH.search(text)
            if wish is None:
                continue
            text = text[wish.end():]
        found = choices.detect_reason(text, in_narrative=True)
        if found is None:
            continue
        rank = _REASON_ORDER.index(found)
        if best is None or rank < best[0]:
            best = (rank, sentence, found)
    return (best[1], best[2]) if best else None


def _coverage(sentences: list[Sentence]) -> list[Fact]:
    """Coverage type and sponsor, only from sentences that talk about paying, coverage or an insurer."""
    for sentence in sentences:
        if sentence.is_question or not (_COVERAGE_CUE.search(sentence.text) or _insurer_held(sentence.text)):
            continue
        kind, sponsor = choices.coverage(sentence.text)
        if kind is None:
            continue
        facts = [Fact("coverage.type", kind, sentence.text, 0.75)]
        if sponsor:
            facts.append(Fact("coverage.sponsor", sponsor, sentence.text, 0.7))
        return facts
    return []


def _insurer_held(text: str) -> bool:
    """Tells whether an insurer is named as the patient's ("we have Blue Cross", "on Medicare")."""
    found = find_insurer(text)
    if not found:
        return False
    return bool(_INSURER_VERB.search(text[: found[0]]))


def _records(sentences: list[Sentence]) -> Optional[Fact]:
    """Records the patient says they have ("I have the MRI and the path report")."""
    for sentence in sentences:
        cue = _RECORDS_CUE.search(sentence.text)
        if not cue or sentence.is_question:
            continue
        clause = sentence.text[cue.start():]
        available = [kind for kind in choices.records_available(clause) if kind != "other"]
        if available:
            return Fact("records.available", available, sentence.text, 0.7)
    return None
