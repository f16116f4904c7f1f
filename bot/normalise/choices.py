"""Free-text answers mapped to the intake record's enumerated values.

Each function reads one kind of answer (coverage, reason, records, contact preference,
relationship, yes/no) and returns the schema's value, or None when the answer does not
say. Numbered button replies ("1", "2") are not handled here.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Literal, Optional

from bot import clock
from bot.normalise.insurers import find_insurer
from bot.normalise.negation import is_negated

CoverageType = Literal["employer_benefit", "insurance", "self_pay"]
Reason = Literal["confirm_diagnosis", "treatment_options", "surgery_recommended", "no_improvement", "other"]
RecordKind = Literal["pathology", "imaging", "labs", "operative_notes", "clinic_notes", "other"]
Contact = Literal["phone", "sms", "email"]
Urgency = Literal["urgent", "soon", "routine"]

_I = re.IGNORECASE

# --- coverage ----------------------------------------------------------------------------

_SELF_PAY = re.compile(
    r"\b(?:self[\s-]?pay(?:ing)?|pay(?:ing)?\s+(?:for\s+(?:it|this)\s+)?(?:myself|ourselves|out\s+of\s+pocket|"
    r"personally|in\s+cash|cash|privately|on\s+my\s+own)|out[\s-]of[\s-]pocket|"
    r"(?:i'?ll|i\s+will|we'?ll|we\s+will|i'?d|i\s+can|i'?m\s+going\s+to)\s+pay\b(?!\s+(?:through|with|using)\s+(?:my\s+)?insurance)|"
    r"no\s+(?:health\s+)?insurance|uninsured|not\s+insured|(?:don'?t|do\s+not|doesn'?t|does\s+not)\s+have\s+"
    r"(?:any\s+)?(?:health\s+)?insurance|private(?:ly)?\s+pay|cash\s+pay|pay\s+the\s+fee)",
    _I,
)
_EMPLOYER = re.compile(
    r"\b(?:employer(?:'s)?|employee\s+benefits?|(?:my|our|his|her)\s+(?:work|job|company|workplace)|"
    r"through\s+work|at\s+work|work\s+benefits?|company\s+benefits?|human\s+resources|HR|EAP|"
    r"benefits?\s+program|union|work\s+for|works\s+for|work\s+at)\b",
    _I,
)
_BENEFIT = re.compile(r"\bbenefits?\b", _I)
_INSURANCE = re.compile(
    r"\b(?:insurance|insurer|insured|health\s+plan|my\s+plan|HMO|PPO|covered\s+by\s+my\s+plan)\b", _I
)
_ORG_WORD = r"(?:[A-Z0-9][\w&.'’-]*)"
_ORG = rf"(?P<org>{_ORG_WORD}(?:\s+(?:{_ORG_WORD}|&|of|and)){{0,4}})"
_NOT_ORG_START = {"I", "It", "It's", "They", "We", "He", "She", "My", "Our", "This", "That", "The", "HR",
                  "Yes", "No", "But", "And", "So"}
_EMPLOYER_NAME = [
    re.compile(rf"\bemployer(?:'s)?\s*(?:,|is|-|\(|:)?\s*{_ORG}"),
    re.compile(rf"\b(?:work|works|working|employed)\s+(?:for|at|by)\s+{_ORG}"),
    re.compile(rf"\b(?:through|via|from|by)\s+{_ORG}\s*(?:,|\(|-)?\s*(?:my|our|his|her)\s+(?:employer|company|work)", _I),
    re.compile(rf"\b(?:my|our|his|her)\s+(?:company|job)\s*(?:,|is|-|\(|:)?\s*{_ORG}"),
]
_INSURER_NAME = re.compile(rf"\b(?:insurance|insurer|plan)\s+(?:is|with|through|from|by|:)\s+{_ORG}", _I)


def _org(match: Optional[re.Match]) -> Optional[str]:
    """Returns a matched organisation name, trimmed of trailing joiners, or None."""
    if not match:
        return None
    words = match["org"].split()
    while words and words[-1] in ("and", "of", "&"):
        words.pop()
    if not words or words[0] in _NOT_ORG_START or not words[0][0].isupper():
        return None
    return " ".join(words).rstrip(".,'’")


def employer_name(text: str) -> Optional[str]:
    """Finds a named employer ("my employer Acme Corp offers it" -> "Acme Corp")."""
    for pattern in _EMPLOYER_NAME:
        for match in pattern.finditer(text):
            name = _org(match)
            if name and not find_insurer(name):
                return name
    return None


def coverage(text: str) -> tuple[Optional[CoverageType], Optional[str]]:
    """Reads how the second opinion will be paid for.

    Args:
        text: E.g. "through my employer's benefit", "Blue Cross", "I'll pay myself",
            "my employer Acme Corp offers it".

    Returns:
        ``(type, sponsor)``: the coverage type and the employer or insurer named, each None
        when not said.
    """
    if not text:
        return None, None
    self_pay = _SELF_PAY.search(text)
    if self_pay and not is_negated(text, self_pay.start()):
        return "self_pay", None
    insurer = find_insurer(text)
    insurer_name = insurer[2] if insurer else None
    employer = _EMPLOYER.search(text)
    insurance = _INSURANCE.search(text)
    if employer and (_BENEFIT.search(text) or not (insurance or insurer)):
        return "employer_benefit", employer_name(text) or insurer_name
    if insurer or insurance:
        return "insurance", insurer_name or _org(_INSURER_NAME.search(text))
    return None, None


# --- reason ------------------------------------------------------------------------------

_CONFIRM = re.compile(
    r"\b(?:confirm(?:ing|ation)?\b|verif(?:y|ying|ication)\b|double[\s-]?check\w*|make\s+sure\s+(?:of\s+)?(?:the|it|that|this|my|her|his)\s+"
    r"(?:diagnos\w+|is\s+right|is\s+correct)|misdiagnos\w*|wrong(?:ly)?\s+diagnos\w*|"
    r"diagnosis\s+(?:is|was)\s+(?:wrong|correct|right|accurate)|(?:right|correct|accurate)\s+diagnosis|"
    r"(?:is|was)\s+(?:the|my|her|his|this)\s+diagnosis\s+(?:right|correct|accurate)|"
    r"(?:doubt|question)\s+(?:the|my|her|his)\s+diagnosis|not\s+sure\s+(?:about|of)\s+(?:the|my|her|his)\s+diagnosis|"
    r"(?:really|actually)\s+(?:have|has)\s+(?:cancer|it|this)|second\s+look\s+at\s+(?:the\s+)?(?:pathology|slides|biopsy))",
    _I,
)
SURGERY_WORDS = (
    r"(?:surgery|surgical|operation|operate|operating|\w+ectomy|\w+otomy|\w+ostomy|"
    r"(?:spinal\s+|spine\s+)?fusion|(?:hip|knee|shoulder|joint|valve)\s+replacement|transplant|resection|"
    r"amputation|bypass|whipple|ablation)"
)
_SURGERY = re.compile(rf"\b{SURGERY_WORDS}\b", _I)
_RECOMMENDED = re.compile(
    r"\b(?:recommend\w*|suggest\w*|advis\w+|want(?:s|ed)?\s+(?:me|her|him|us|them)\s+to|"
    r"wants\s+(?:me\s+|her\s+|him\s+|us\s+|them\s+)?to|"
    r"(?:they|doctors|surgeons|\w+ists|\w+ians)\s+(?:\w+\s+)?want(?:ed)?\s+(?:me\s+|her\s+|him\s+|us\s+)?to|propos\w+|"
    r"schedul\w+|book\w*|planned|plan(?:s|ning)?\s+(?:is|to|for)|told|push\w*|says?|said|need(?:s|ed)?|"
    r"going\s+to\s+(?:do|have)|offer\w*|next\s+step|should\s+(?:have|get|do))\b",
    _I,
)
_NO_IMPROVEMENT = re.compile(
    r"\b(?:not\s+(?:getting\s+|feeling\s+)?(?:any\s+)?better|no\s+(?:improvement|relief|better|change)|"
    r"(?:hasn'?t|haven'?t|has\s+not|have\s+not|isn'?t|is\s+not|aren'?t|didn'?t|did\s+not|doesn'?t|does\s+not)\s+"
    r"(?:really\s+)?(?:improv\w*|help\w*|work\w*|get\s+better|gone\s+away)|"
    r"(?:not|never|n'?t|no\s+longer)\s+(?:(?:really|been|seen|seeing|showing|shown|made|making|had|having|"
    r"getting|any|much|an?)\s+){0,3}(?:improv\w*|progress\w*|better)\b|"
    r"still\s+(?:in\s+pain|hurting|sick|having|getting|have|has|struggling)|getting\s+worse|gotten\s+worse|"
    r"nothing\s+(?:\w+\s+)?(?:work\w*|help\w*)|not\s+responding|stopped\s+working|keeps?\s+(?:coming\s+back|getting\s+worse))",
    _I,
)
_OPTIONS = re.compile(
    r"\b(?:options?|alternatives?|compar(?:e|ing|ison)|weigh(?:ing)?\s+(?:up\s+)?(?:the|my|her|his)|other\s+(?:treatments?|approaches|choices|ways)|treatment\s+plan|"
    r"best\s+(?:treatment|course|approach|option|way)|which\s+treatment|what\s+treatment|"
    r"should\s+(?:i|she|he|we|they)\s+(?:do|have|get|try|start|go\s+with)|"
    r"(?:chemo\w*|radiation|surgery|immunotherapy|hormone\s+therapy)\s+(?:or|vs\.?|versus)|"
    r"is\s+there\s+(?:a|any)\s+(?:other|better|less)|less\s+invasive|different\s+(?:treatment|approach)|"
    r"treatment\s+(?:choices|recommendations?|decision))\b",
    _I,
)


def _not_negated(pattern: re.Pattern, text: str) -> Optional[re.Match]:
    for match in pattern.finditer(text):
        if not is_negated(text, match.start()):
            return match
    return None


def _surgery_recommended(text: str, *, need_context: bool) -> bool:
    """Tells whether surgery is being proposed (or, for a bare answer, just named)."""
    for sentence in re.split(r"(?<=[.!?;])\s+|\n", text):
        surgery = _not_negated(_SURGERY, sentence)
        if surgery and (not need_context or _RECOMMENDED.search(sentence)):
            return True
    return False


def detect_reason(text: str, *, in_narrative: bool = True) -> Optional[Reason]:
    """Finds the reason for the second opinion, or None when nothing points to one.

    Args:
        text: A message or answer.
        in_narrative: Whether ``text`` is a free narrative (surgery then has to be
            recommended or scheduled, not just mentioned).

    Returns:
        confirm_diagnosis, surgery_recommended, no_improvement or treatment_options (in
        that order of precedence), or None.
    """
    if not text:
        return None
    if _not_negated(_CONFIRM, text):
        return "confirm_diagnosis"
    if _surgery_recommended(text, need_context=in_narrative):
        return "surgery_recommended"
    if _NO_IMPROVEMENT.search(text):
        return "no_improvement"
    if _OPTIONS.search(text):
        return "treatment_options"
    return None


def reason(text: str) -> Optional[Reason]:
    """Reads the answer to "What is the main reason for the second opinion?".

    Args:
        text: E.g. "I want to make sure the diagnosis is right", "surgery", "what are my
            options", "it's not getting any better", "peace of mind".

    Returns:
        The enum value; ``other`` for a real answer that fits none; None for an empty one.
    """
    if not text or not re.search(r"[A-Za-z]{2}", text):
        return None
    return detect_reason(text, in_narrative=False) or "other"


# --- records -----------------------------------------------------------------------------

_RECORD_TERMS: list[tuple[RecordKind, re.Pattern]] = [
    ("operative_notes", re.compile(
        r"\b(?:operative|op|surgical|surgery|surgeon'?s|operation)[\s-]+(?:notes?|reports?)\b|\bop[\s-]?notes?\b", _I)),
    ("pathology", re.compile(
        r"\b(?:pathology|path\s+reports?|biops(?:y|ies)(?:\s+results?|\s+reports?)?|slides|tissue\s+(?:samples?|blocks?)|"
        r"histolog\w*|cytolog\w*|pathologist'?s?\s+reports?)\b", _I)),
    ("imaging", re.compile(
        r"\b(?:MRIs?|CT(?:\s+scans?)?|CAT\s+scans?|(?-i:PET)(?:[\s/-]CT)?(?:\s+scans?)?|PET[\s/-]CT|PET\s+scans?|(?:bone\s+)?scans?|x[\s-]?rays?|"
        r"radiographs?|ultrasounds?|sonograms?|mammograms?|imaging|images|films|DEXA|echocardiograms?|echos?|"
        r"angiograms?|radiology(?:\s+reports?)?)\b", _I)),
    ("labs", re.compile(
        r"\b(?:labs?|lab\s+(?:work|results?|tests?|reports?)|blood\s*work|blood\s+(?:tests?|results?|panels?)|"
        r"tumou?r\s+markers?|PSA|CBC|A1c|metabolic\s+panel|urinalysis|urine\s+tests?)\b", _I)),
    ("clinic_notes", re.compile(
        r"\b(?:clinic(?:al)?\s+notes?|doctor'?s'?\s+notes?|doctors\s+notes?|physician'?s?\s+notes?|visit\s+notes?|"
        r"consult(?:ation)?\s+(?:notes?|letters?|reports?)|office\s+notes?|progress\s+notes?|discharge\s+summar(?:y|ies)|"
        r"after[\s-]visit\s+summar(?:y|ies)|(?:oncologist|surgeon|neurologist|cardiologist)'?s\s+notes?|"
        r"notes\s+from\s+(?:my|her|his|the)\s+(?:doctors?|oncologist|visits?|appointments?))\b", _I)),
    ("other", re.compile(
        r"\b(?:genetic\s+(?:tests?|testing|reports?|results?)|EKGs?|ECGs?|EEGs?|EMGs?|sleep\s+stud(?:y|ies)|"
        r"pulmonary\s+function|colonoscopy\s+reports?|endoscopy\s+reports?|medication\s+lists?)\b", _I)),
    # Last, so that a more specific kind wins: "TSH results", "platelet counts", "iron levels" are lab values.
    ("labs", re.compile(r"\b[\w-]+\s+(?:results?|levels?|counts?|panels?)\b", _I)),
]
_GENERIC_RECORDS = re.compile(r"\b(?:medical\s+records|records|reports?|letters?|documents|paperwork|files)\b", _I)
_ALL_RECORDS = re.compile(r"^\s*(?:all(?:\s+of\s+(?:them|it|those|the\s+above))?|everything|the\s+lot|all\s+the\s+above)\b", _I)
_NO_RECORDS = re.compile(
    r"^\s*(?:none|nothing|no|nope|not\s+yet|not\s+really|i\s+don'?t\s+(?:have|know)\b.*|n/?a)\s*[.!]?\s*$", _I
)
_RECORD_ORDER: list[RecordKind] = ["pathology", "imaging", "labs", "operative_notes", "clinic_notes", "other"]


def records_available(text: str) -> list[RecordKind]:
    """Reads which medical records the patient has.

    Args:
        text: E.g. "MRI and blood work", "path report, op notes", "all of them",
            "I have the scans but not the biopsy report".

    Returns:
        Record kinds in schema order, without repeats; empty when none are named.
        "All of them" means every specific kind.
    """
    if not text or _NO_RECORDS.match(text):
        return []
    if _ALL_RECORDS.match(text):
        return _RECORD_ORDER[:-1]
    found: set[RecordKind] = set()
    taken: list[tuple[int, int]] = []
    for kind, pattern in _RECORD_TERMS:
        for match in pattern.finditer(text):
            overlaps = any(match.start() < end and start < match.end() for start, end in taken)
            if overlaps or is_negated(text, match.start()):
                continue
            taken.append(match.span())
            found.add(kind)
    if not found and _not_negated(_GENERIC_RECORDS, text):
        found.add("other")
    return [kind for kind in _RECORD_ORDER if kind in found]


# --- contact preference ------------------------------------------------------------------

_CONTACT_TERMS: list[tuple[Contact, re.Pattern]] = [
    ("sms", re.compile(r"\b(?:text(?:s|ing)?(?:\s+messages?)?|sms|txt|message\s+me|whatsapp)\b", _I)),
    ("email", re.compile(r"\b(?:e-?mail(?:s|ing)?|inbox)\b", _I)),
    ("phone", re.compile(r"\b(?:call(?:s|ing)?|phone(?:\s+call)?|ring|telephone|voice(?:mail)?|cell)\b", _I)),
]


def preferred_contact(text: str) -> Optional[Contact]:
    """Reads how the patient prefers to be contacted.

    Args:
        text: E.g. "text me", "email please", "call my cell", "not by phone, email".

    Returns:
        phone, sms or email (the first one not ruled out), or None.
    """
    if not text:
        return None
    best: Optional[tuple[int, Contact]] = None
    for kind, pattern in _CONTACT_TERMS:
        for match in pattern.finditer(text):
            if is_negated(text, match.start()):
                continue
            if best is None or match.start() < best[0]:
                best = (match.start(), kind)
            break
    return best[1] if best else None


# --- relationship ------------------------------------------------------------------------

# word -> (the word kept when the writer says what THEY are, the writer's role when they say
# what the PATIENT is to them: "I'm her daughter" -> daughter; "she's my mother" -> child)
_RELATIONS: dict[str, tuple[str, str]] = {
    "daughter": ("daughter", "parent"), "son": ("son", "parent"), "child": ("child", "parent"),
    "kid": ("child", "parent"), "stepdaughter": ("stepdaughter", "stepparent"), "stepson": ("stepson", "stepparent"),
    "mother": ("mother", "child"), "mom": ("mother", "child"), "mum": ("mother", "child"), "mommy": ("mother", "child"),
    "mama": ("mother", "child"), "father": ("father", "child"), "dad": ("father", "child"),
    "daddy": ("father", "child"), "papa": ("father", "child"), "parent": ("parent", "child"),
    "stepmother": ("stepmother", "stepchild"), "stepfather": ("stepfather", "stepchild"),
    "wife": ("wife", "spouse"), "husband": ("husband", "spouse"), "spouse": ("spouse", "spouse"),
    "partner": ("partner", "partner"), "boyfriend": ("partner", "partner"), "girlfriend": ("partner", "partner"),
    "fiance": ("partner", "partner"), "fiancé": ("partner", "partner"), "fiancee": ("partner", "partner"),
    "fiancée": ("partner", "partner"),
    "sister": ("sister", "sibling"), "brother": ("brother", "sibling"), "sibling": ("sibling", "sibling"),
    "twin": ("sibling", "sibling"),
    "grandmother": ("grandmother", "grandchild"), "grandma": ("grandmother", "grandchild"),
    "grandfather": ("grandfather", "grandchild"), "grandpa": ("grandfather", "grandchild"),
    "granddaughter": ("granddaughter", "grandparent"), "grandson": ("grandson", "grandparent"),
    "aunt": ("aunt", "relative"), "uncle": ("uncle", "relative"), "niece": ("niece", "relative"),
    "nephew": ("nephew", "relative"), "cousin": ("cousin", "relative"),
    "friend": ("friend", "friend"), "neighbor": ("neighbor", "neighbor"), "neighbour": ("neighbor", "neighbor"),
    "guardian": ("guardian", "guardian"), "caregiver": ("caregiver", "caregiver"), "carer": ("caregiver", "caregiver"),
}
_IN_LAW = r"(?:[\s-]+in[\s-]+law)?"
_REL_WORD = (
    r"(?P<word>" + "|".join(sorted((re.escape(w) for w in _RELATIONS), key=len, reverse=True)) + r")" + _IN_LAW
)
_WRITER_IS = [
    re.compile(
        rf"\b(?:i'?m|i\s+am|im|as)\s+(?:his|her|their|the\s+patient'?s|a|the)\s+(?:(?:legal|primary|best|"
        rf"older|younger|oldest|youngest|only)\s+)?{_REL_WORD}\b",
        _I,
    ),
    re.compile(
        rf"\bmy\s+{_REL_WORD}\s+(?:is|will\s+be|has\s+been)\s+(?:filling|typing|writing|helping|doing|"
        rf"answering|entering)\b",
        _I,
    ),
]
_PATIENT_IS = re.compile(
    rf"\b(?:my|our)\s+(?:(?:elderly|older|younger|little|big|best|dear|late|adult|\d+[\s-]year[\s-]old)\s+)?{_REL_WORD}s?\b",
    _I,
)
_BARE = re.compile(rf"^\W*(?:(?:a|the|his|her|their)\s+)?{_REL_WORD}\W*$", _I)


def _kept_word(match: re.Match, index: int) -> str:
    word = _RELATIONS[match["word"].lower()][index]
    if re.search(r"in[\s-]+law", match.group(), _I):
        return f"{match['word'].lower()}-in-law" if index == 0 else "relative"
    return word


def relationship(text: str) -> Optional[str]:
    """Reads the requester's relationship to the patient.

    The answer is the WRITER's role, as the schema's ``requester.relationship`` wants it:
    "I'm his wife" -> "wife"; "daughter" -> "daughter"; "my daughter is filling this in
    for me" -> "daughter"; but "she's my mother" / "it's for my mom" -> "child" and
    "my son" -> "parent" (the patient is the writer's son, so the writer is a parent).

    Args:
        text: The answer or message.

    Returns:
        A lower-case relationship word, or None.
    """
    if not text:
        return None
    for pattern in _WRITER_IS:
        writer = pattern.search(text)
        if writer:
            return _kept_word(writer, 0)
    bare = _BARE.match(text)
    if bare:
        return _kept_word(bare, 0)
    patient = _PATIENT_IS.search(text)
    if patient:
        return _kept_word(patient, 1)
    return None


# --- yes / no ----------------------------------------------------------------------------

_YES = {
    "yes", "y", "yeah", "yea", "yep", "yup", "ya", "yah", "sure", "ok", "okay", "k", "kk", "correct", "right",
    "absolutely", "definitely", "certainly", "of course", "please", "yes please", "please do", "go ahead",
    "affirmative", "i do", "i agree", "agreed", "agree", "sounds good", "that's right", "thats right",
    "that's correct", "that is correct", "uh huh", "uh-huh", "mhm", "indeed", "true", "sure thing", "why not",
    "no problem", "no worries", "👍", "i consent", "consent", "yes i do", "that's fine", "fine", "alright",
    "all right", "you bet", "totally", "exactly", "it is", "i am", "yes it is", "do it",
}
_NO = {
    "no", "n", "nope", "nah", "na", "no thanks", "no thank you", "not really", "negative", "never", "i don't",
    "i do not", "don't", "do not", "incorrect", "wrong", "not at all", "no way", "👎", "i disagree",
    "not now", "no it isn't", "no it's not", "that's wrong", "thats wrong", "not correct", "it isn't",
    "it is not", "i'm not", "i am not", "absolutely not", "definitely not", "please don't", "rather not",
    "i'd rather not", "no i don't", "no i do not",
}
_UNSURE = re.compile(r"\b(?:maybe|not\s+sure|unsure|don'?t\s+know|idk|perhaps|possibly|depends|either)\b", _I)
_YES_LEAD = re.compile(r"^(?:yes|yeah|yep|yup|sure|ok(?:ay)?|correct|absolutely|definitely|of\s+course)\b", _I)
_NO_LEAD = re.compile(r"^(?:no|nope|nah|not\s+really|negative|never)\b(?!\s+(?:problem|worries))", _I)


def yes_no(text: str) -> Optional[bool]:
    """Reads a yes/no answer.

    Args:
        text: E.g. "yep", "Sure!", "nope", "no thanks", "yes, by email".

    Returns:
        True, False, or None when unclear ("maybe", "yes and no", "1").
    """
    if not text:
        return None
    cleaned = re.sub(r"[^\w\s'👍👎-]", " ", text.lower())
    cleaned = re.sub(r"\s+", " ", cleaned).strip()
    if not cleaned or _UNSURE.search(cleaned):
        return None
    if cleaned in _YES:
        return True
    if cleaned in _NO:
        return False
    yes, no = _YES_LEAD.match(cleaned), _NO_LEAD.match(cleaned)
    if yes and not re.search(r"\b(?:no|not|nope)\b", cleaned[yes.end():]):
        return True
    if no and not re.search(r"\b(?:yes|yeah|yep)\b", cleaned[no.end():]):
        return False
    return None


# --- urgency -----------------------------------------------------------------------------

URGENT_DAYS = 7
SOON_DAYS = 30


def urgency_for_deadline(deadline_iso: Optional[str], today: Optional[dt.date] = None) -> Urgency:
    """Rates urgency from a treatment-decision deadline.

    Args:
        deadline_iso: ``YYYY-MM-DD`` (a ``YYYY-MM`` or ``YYYY`` deadline counts from its
            first day), or None when there is no deadline.
        today: Reference date; defaults to ``bot.clock.today()``.

    Returns:
        ``urgent`` within 7 days (or already past), ``soon`` within 30 days, else
        ``routine``.
    """
    if not deadline_iso:
        return "routine"
    parts = [int(p) for p in deadline_iso.split("-")] + [1, 1]
    deadline = dt.date(parts[0], parts[1], parts[2])
    days = (deadline - (today or clock.today())).days
    if days <= URGENT_DAYS:
        return "urgent"
    if days <= SOON_DAYS:
        return "soon"
    return "routine"
