"""The intake fields the assistant asks for, in the order it asks them.

Each field is addressed by its path in ``intake-record.schema.json`` (``patient.birth_date``);
that path is also what the intake API reports as ``asking``. The ask key is the same path
with dots replaced by underscores: Rasa's form requests it (``requested_slot``).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Mapping, Optional, Sequence

# Pseudo-fields that are asked but are not record fields.
CONSENT = "consent"
NARRATIVE = "narrative"
CONFIRMATION = "confirmation"

Values = Mapping[str, object]


def _always(_: Values) -> bool:
    return True


def _is_caregiver(values: Values) -> bool:
    return values.get("requester.role") == "caregiver"


def _never(_: Values) -> bool:
    """For fields answered as part of another question, never asked on their own."""
    return False


def _is_cancer(values: Values) -> bool:
    return values.get("diagnosis.specialty") in ("oncology", "hematology") and bool(
        values.get("diagnosis.text")
    )


def _has_sponsor(values: Values) -> bool:
    return values.get("coverage.type") in ("employer_benefit", "insurance")


@dataclass(frozen=True)
class Field:
    """One question the assistant may ask.

    Attributes:
        path: Field path in the intake record schema (or a pseudo-field name).
        question: The question when the patient is speaking for themself.
        caregiver_question: The question when a caregiver speaks for the patient.
        why: Why the service needs it, said when the patient asks.
        expects: What a valid answer looks like, said after an answer that didn't parse.
        required: Whether the intake can be submitted without it.
        applies: Whether the field is asked at all, given what is known.
        buttons: Quick replies offered with the question, as (title, payload).
        satisfied_by: Other paths whose value also answers this question (the contact
            question takes a phone number or an e-mail address).
    """

    path: str
    question: str
    caregiver_question: str
    why: str
    expects: str
    required: bool = False
    applies: Callable[[Values], bool] = _always
    buttons: Sequence[tuple[str, str]] = ()
    satisfied_by: Sequence[str] = ()

    @property
    def ask_key(self) -> str:
        """The name Rasa's form uses for this field (``requested_slot``)."""
        return self.path.replace(".", "_")

    def text(self, caregiver: bool) -> str:
        """The question in the right voice."""
        return self.caregiver_question if caregiver else self.question


SKIP_BUTTON = ("Skip", "skip")

FIELDS: tuple[Field, ...] = (
    Field(
        path="requester.role",
        question="Are you the patient, or are you filling this in for someone else?",
        caregiver_question="Are you the patient, or are you filling this in for someone else?",
        why="So I know whose details to ask for and who the team should talk to.",
        expects="Please tell me whether you are the patient or helping someone else (for example a parent or spouse).",
        buttons=(("I'm the patient", "I am the patient"), ("I'm helping someone else", "I am filling this in for someone else")),
    ),
    Field(
        path="requester.name",
        question="What is your name?",
        caregiver_question="What is your own name (the person filling this in)?",
        why="So the team knows who they are speaking with when they follow up.",
        expects="Please give your first and last name, for example 'Ana Lopez'.",
        applies=_is_caregiver,
    ),
    Field(
        path="requester.relationship",
        question="How are you related to the patient?",
        caregiver_question="How are you related to the patient (for example daughter, husband, friend)?",
        why="Reviewing physicians like to know who is speaking for the patient.",
        expects="A word like daughter, son, wife, husband, parent or friend is enough.",
        applies=_is_caregiver,
    ),
    Field(
        path="patient.name",
        question="What is your full name?",
        caregiver_question="What is the patient's full name?",
        why="The physicians need to match your medical records to the right person.",
        expects="Please give a first and last name, for example 'Maria Garcia'.",
        required=True,
    ),
    Field(
        path="patient.birth_date",
        question="What is your date of birth?",
        caregiver_question="What is the patient's date of birth?",
        why="Your date of birth lets the team match your medical records to you and not to someone with the same name.",
        expects="Please give the full date, for example 'March 4, 1961' or '3/4/1961'.",
        required=True,
    ),
    Field(
        path="patient.phone",
        question="What phone number (or e-mail address) should the care team use to reach you?",
        caregiver_question="What phone number (or e-mail address) should the care team use to reach you about the patient?",
        why="The care team needs one way to contact you about the review and its results.",
        expects="Please give a phone number such as 617-555-0142, or an e-mail address.",
        required=True,
        satisfied_by=("patient.email",),
    ),
    Field(
        path="patient.email",
        question="What e-mail address should the care team use?",
        caregiver_question="What e-mail address should the care team use?",
        why="The care team needs at least one way to contact you.",
        expects="Please give an e-mail address such as name@example.com.",
        applies=_never,
    ),
    Field(
        path="patient.region",
        question="Which US state do you live in?",
        caregiver_question="Which US state does the patient live in?",
        why="Physicians can only give opinions to patients in states where they are licensed.",
        expects="Please name a US state, for example 'Ohio' or 'OH'.",
        buttons=(SKIP_BUTTON,),
    ),
    Field(
        path="diagnosis.text",
        question="What is the diagnosis you would like a second opinion on?",
        caregiver_question="What is the diagnosis the patient would like a second opinion on?",
        why="The diagnosis decides which specialist reviews the case.",
        expects="Please name the condition, for example 'atrial fibrillation' or 'herniated disc'.",
        required=True,
    ),
    Field(
        path="diagnosis.diagnosed_on",
        question="When were you diagnosed? A month and year is fine.",
        caregiver_question="When was the patient diagnosed? A month and year is fine.",
        why="Timing helps the reviewer read the records in order.",
        expects="A date such as 'March 2024', 'last spring' or '2019' is fine, or say 'skip'.",
        buttons=(SKIP_BUTTON,),
    ),
    Field(
        path="diagnosis.stage",
        question="Do you know the stage of the cancer?",
        caregiver_question="Do you know the stage of the cancer?",
        why="The stage shapes which treatments a specialist would consider.",
        expects="For example 'stage 2' or 'stage IIIA', or say 'skip' if you don't know.",
        applies=_is_cancer,
        buttons=(("I don't know", "I don't know"),),
    ),
    Field(
        path="care_team.physician",
        question="Who is the doctor who made the diagnosis or is treating you for it?",
        caregiver_question="Who is the doctor treating the patient for it?",
        why="The reviewer may want to contact the treating doctor or request records.",
        expects="A name such as 'Dr. Susan Lee' is enough, or say 'skip'.",
        buttons=(SKIP_BUTTON,),
    ),
    Field(
        path="care_team.institution",
        question="At which hospital or clinic are you being treated?",
        caregiver_question="At which hospital or clinic is the patient being treated?",
        why="This tells us where to request the medical records from.",
        expects="The name of a hospital or clinic, or say 'skip'.",
        buttons=(SKIP_BUTTON,),
    ),
    Field(
        path="treatment.current",
        question="Are you receiving any treatment for it at the moment? If so, which?",
        caregiver_question="Is the patient receiving any treatment for it at the moment? If so, which?",
        why="The reviewer needs to know what has already been tried.",
        expects="Name the treatment or medicine, or say 'none'.",
        buttons=(("None", "none"), SKIP_BUTTON),
    ),
    Field(
        path="treatment.proposed",
        question="What treatment has your doctor proposed?",
        caregiver_question="What treatment has the doctor proposed?",
        why="A second opinion often weighs the proposed treatment against the alternatives.",
        expects="For example 'surgery', 'chemotherapy' or 'a knee replacement', or say 'skip'.",
        buttons=(SKIP_BUTTON,),
    ),
    Field(
        path="treatment.decision_deadline",
        question="Is there a date by which you need to decide, such as a scheduled surgery?",
        caregiver_question="Is there a date by which a decision is needed, such as a scheduled surgery?",
        why="If a decision is due soon, we can prioritise the review.",
        expects="A date such as 'December 9' or 'in two weeks', or 'no'.",
        buttons=(("No deadline", "no deadline"),),
    ),
    Field(
        path="reason",
        question="What is the main reason for seeking a second opinion?",
        caregiver_question="What is the main reason for seeking a second opinion?",
        why="It tells the reviewer what kind of answer will help most.",
        expects="Choose one of the options, or describe it in a few words.",
        buttons=(
            ("Confirm the diagnosis", "to confirm the diagnosis"),
            ("Compare treatment options", "to compare treatment options"),
            ("Surgery was recommended", "surgery was recommended"),
            ("Not improving", "I am not improving"),
            ("Something else", "other reason"),
        ),
    ),
    Field(
        path="questions",
        question="What questions would you like the specialist to answer? Write them in your own words.",
        caregiver_question="What questions would you like the specialist to answer? Write them in your own words.",
        why="Your questions are what the reviewing physician answers in the written opinion.",
        expects="Please write at least one question, for example 'Is surgery my best option?'.",
        required=True,
    ),
    Field(
        path="records.available",
        question="Which medical records do you have: pathology reports, imaging (MRI, CT, X-ray), lab results, operative notes or clinic notes?",
        caregiver_question="Which medical records are available: pathology reports, imaging (MRI, CT, X-ray), lab results, operative notes or clinic notes?",
        why="The reviewer works from the records, so we will ask for the ones you have.",
        expects="List the kinds of records, for example 'MRI and pathology', or say 'none'.",
        buttons=(("None yet", "none"), SKIP_BUTTON),
    ),
    Field(
        path="coverage.type",
        question="How will the second opinion be paid for?",
        caregiver_question="How will the second opinion be paid for?",
        why="Many employers and insurers cover second opinions; we check before the review starts.",
        expects="For example 'through my employer's benefit', 'my insurance' or 'I'll pay myself'.",
        buttons=(
            ("Employer benefit", "through my employer's benefit"),
            ("Health insurance", "my health insurance"),
            ("I'll pay myself", "self-pay"),
            SKIP_BUTTON,
        ),
    ),
    Field(
        path="coverage.sponsor",
        question="Which employer or insurance company is it?",
        caregiver_question="Which employer or insurance company is it?",
        why="We confirm coverage with them before the review starts.",
        expects="The employer's or insurer's name, for example 'Blue Cross', or say 'skip'.",
        applies=_has_sponsor,
        buttons=(SKIP_BUTTON,),
    ),
)

FIELDS_BY_PATH: dict[str, Field] = {field.path: field for field in FIELDS}
FIELDS_BY_ASK_KEY: dict[str, Field] = {field.ask_key: field for field in FIELDS}

#: Every key Rasa's form may request, in asking order.
ASK_KEYS: tuple[str, ...] = (CONSENT, NARRATIVE) + tuple(f.ask_key for f in FIELDS) + (CONFIRMATION,)

#: Fields that are derived, never asked (filled by the record builder).
DERIVED_PATHS = ("diagnosis.code", "diagnosis.specialty", "diagnosis.confirmed", "urgency")


def field_for(path_or_key: str) -> Optional[Field]:
    """Finds a field by its schema path or its ask key."""
    return FIELDS_BY_PATH.get(path_or_key) or FIELDS_BY_ASK_KEY.get(path_or_key)


def asking_path(ask_key: Optional[str]) -> Optional[str]:
    """What the intake API reports as ``asking`` for a requested ask key."""
    if ask_key is None:
        return None
    if ask_key == NARRATIVE:
        return "diagnosis.text"
    if ask_key in (CONSENT, CONFIRMATION):
        return ask_key
    field = FIELDS_BY_ASK_KEY.get(ask_key)
    return field.path if field else None


def applicable_fields(values: Values) -> list[Field]:
    """The fields that apply given what is known so far, in asking order."""
    return [field for field in FIELDS if field.applies(values)]
