"""What the assistant says. All patient-facing wording of the intake lives here."""
from __future__ import annotations

import os
from typing import Any, Mapping, Optional

from bot.intake.fields import CONFIRMATION, CONSENT, NARRATIVE, Field, field_for
from bot.intake.state import LABELS, IntakeState

SERVICE_NAME = "the Second Opinion service"

GREETING = (
    "Hello, I'm the intake assistant for {service}. I collect the details a specialist needs "
    "to review your diagnosis and treatment plan, and pass them to the care team. "
    "I can't help in an emergency: if you need urgent help, call 911."
).format(service=SERVICE_NAME)

CONSENT_QUESTION = (
    "To prepare your request I need to collect health information and share it with the "
    "reviewing physicians. Do you agree?"
)
CONSENT_BUTTONS = (("Yes, I agree", "/affirm"), ("No", "/deny"))

CONSENT_DECLINED = (
    "I understand, and nothing has been saved as a request. If you change your mind, just "
    "write 'start over'. You can also call the care team during office hours. Take care."
)
CONSENT_EXPECTS = "I need a yes or no: may I collect your health information for the review?"

NARRATIVE_QUESTION = (
    "Thank you. In your own words, what diagnosis would you like a second opinion on, and "
    "what would you like the specialist to help you decide?"
)
NARRATIVE_WHY = (
    "Telling me in your own words lets me pick up the details at once, so I only ask for "
    "what is still missing."
)

SUMMARY_INTRO = "Here is what I have. Please check it:"
SUMMARY_QUESTION = "Is everything correct? Say yes to submit, or tell me what to change."
SUMMARY_BUTTONS = (("Yes, submit", "/affirm"), ("Change something", "I want to change something"))
WHAT_TO_CHANGE = "Of course. What would you like to change? For example: 'my phone is 617-555-0199'."
CHANGE_NOT_UNDERSTOOD = (
    "Sorry, I couldn't tell what to change. Please say which item and the new value, for "
    "example 'my date of birth is March 4, 1961'."
)

SKIP_OFFER = "No problem if you don't have it. Would you like to skip this question?"
SKIP_OFFER_BUTTONS = (("Skip it", "skip"), ("Try again", "I'll try again"))
NAVIGATOR_OFFER = (
    "This one is needed for the review. I can have a care navigator call you to finish it "
    "with you instead. Would you like that?"
)
NAVIGATOR_OFFER_BUTTONS = (("Yes, have someone call me", "/affirm"), ("No, I'll try again", "/deny"))
REQUIRED_NO_SKIP = "I'm afraid I need this one to send your request to the specialists."
SKIPPED = "That's fine, we'll leave it out."
TRY_AGAIN = "Sure, let's try again."

#: When care navigators work, as patients are told; ``NAVIGATOR_HOURS`` overrides it.
DEFAULT_NAVIGATOR_HOURS = "Monday to Friday, 8 am to 6 pm Eastern"


def navigator_follow_up(environ: Mapping[str, str] = os.environ) -> str:
    """What a patient handed to a care navigator is told: who, when, and that nothing is lost.

    Args:
        environ: Where ``NAVIGATOR_HOURS`` (e.g. "every day, 7 am to 9 pm Central") is read.
    """
    hours = environ.get("NAVIGATOR_HOURS", "").strip() or DEFAULT_NAVIGATOR_HOURS
    return (
        "I've asked a care navigator to get in touch with you to finish your request, in this "
        f"conversation or by phone or e-mail if you've given them. Navigators are available {hours} and usually reply within "
        "one business day. Everything you've told me so far is saved."
    )


SUBMITTED = (
    "Thank you. Your request has been submitted. Your reference is {reference}. "
    "A care navigator will review it within one business day and contact you about "
    "collecting your medical records. The specialist's written opinion usually follows "
    "within 7 to 10 days of receiving the records."
)
AFTER_SUBMISSION = (
    "Your request {reference} has been submitted and the care team has it. If something "
    "needs to change, a care navigator can update it when they contact you."
)

WELCOME_BACK = "Welcome back! Your answers so far are saved."
WELCOME_BACK_MISSING = "I still need: {missing}."

OFF_TOPIC = "I can only help with your second-opinion request, so let's continue."

FAQ: dict[str, str] = {
    "ask_privacy": (
        "Yes. Your information is protected health information: it is stored securely, used "
        "only for your second-opinion request, and shared only with the care team and the "
        "reviewing physicians."
    ),
    "ask_duration": (
        "This conversation takes about 5 minutes. After you submit, a care navigator contacts "
        "you within one business day, and the written opinion usually follows 7 to 10 days "
        "after the specialists receive your records."
    ),
    "ask_cost": (
        "Many employers and health plans cover second opinions in full. Otherwise the fee is "
        "quoted before the review starts, and nothing is charged without your agreement. "
        "I'll ask how it will be covered."
    ),
    "ask_capabilities": (
        "I'm an automated assistant. I collect the details for your second-opinion request: "
        "your diagnosis, your doctors, the proposed treatment and your questions, then pass "
        "them to the care team. I can't give medical advice."
    ),
    "ask_next_steps": (
        "Once you submit, you get a reference number. A care navigator checks your request "
        "within one business day, helps gather your records, and a specialist then writes an "
        "opinion that answers your questions."
    ),
}
WHY_GENERIC = "Each question helps the specialist understand your situation."


#: Past tenses that can open an injury mention ("broke my wrist"), with the form a noun
#: phrase takes ("your broken wrist").
_INJURY_PARTICIPLES = {
    "broke": "broken", "fractured": "fractured", "cracked": "cracked", "tore": "torn",
    "ruptured": "ruptured", "sprained": "sprained", "strained": "strained", "pulled": "pulled",
    "dislocated": "dislocated", "twisted": "twisted", "injured": "injured", "hurt": "hurt",
    "damaged": "damaged", "bruised": "bruised", "burned": "burned", "burnt": "burnt",
}
#: Past tenses that are never adjectives: "broke ribs" is always a verb phrase.
_ONLY_VERBS = frozenset({"broke", "tore"})
#: Words that may stand between the verb and the body part; the first person is the listener's.
_DETERMINERS = {
    "my": "your", "our": "your", "your": "your", "his": "his", "her": "her", "their": "their",
    "a": "a", "an": "a", "the": "the", "both": "both", "two": "two", "three": "three", "several": "several",
}


def noted_diagnosis(text: str) -> str:
    """The acknowledgement of a diagnosis taken from the opening narrative.

    The record keeps the patient's own words; only what they hear back is made a noun
    phrase, so that "I broke my wrist" is answered with "your broken wrist", not
    "broke my wrist", "cyst on my ovary" with "a cyst on your ovary".

    Args:
        text: The diagnosis as written by the patient.

    Returns:
        The sentence to say.
    """
    heard = " ".join("your" if w.lower() in ("my", "our") else w for w in _as_noun_phrase(text).split())
    return f"Thank you. I've noted {heard}."


#: Countable things a phrase may start with, which then needs an article ("a cyst on the right
#: ovary", not "cyst on the right ovary").
_COUNTABLE_HEADS = frozenset(
    "cyst tumor tumour lump mass nodule polyp aneurysm ulcer hernia growth lesion spot hole fracture clot "
    "blockage bulge tear stricture fistula abscess".split()
)


def _as_noun_phrase(text: str) -> str:
    words = text.split()
    if words and words[0].lower() in _COUNTABLE_HEADS:
        return " ".join(["an" if words[0][0].lower() in "aeiou" else "a", *words])
    if len(words) < 2 or words[0].lower() not in _INJURY_PARTICIPLES:
        return text
    participle = _INJURY_PARTICIPLES[words[0].lower()]
    determiner = _DETERMINERS.get(words[1].lower())
    if determiner is None:
        return " ".join([participle, *words[1:]]) if words[0].lower() in _ONLY_VERBS else text
    if determiner == "a" and participle[0] in "aeiou":
        determiner = "an"
    return " ".join([determiner, participle, *words[2:]])


def question_text(field: Field, state: IntakeState) -> str:
    """The question for a field with its progress note, e.g. "(3 of 11)"."""
    done, total = state.progress()
    return f"{field.text(state.caregiver)} ({min(done + 1, total)} of {total})"


def question_for(key: str, state: IntakeState) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The text and (title, payload) buttons that ask for an ask key.

    Raises:
        KeyError: No question has that key.
    """
    if key == CONSENT:
        return CONSENT_QUESTION, CONSENT_BUTTONS
    if key == NARRATIVE:
        return NARRATIVE_QUESTION, ()
    if key == CONFIRMATION:
        return summary_text(state), SUMMARY_BUTTONS
    field = field_for(key)
    if field is None:
        raise KeyError(key)
    return question_text(field, state), tuple(field.buttons)


def why_text(field: Optional[Field], asking: Optional[str]) -> str:
    """Why the assistant is asking what it asks."""
    if field is not None:
        return field.why
    if asking == "consent":
        return "I need your permission before collecting any health information."
    if asking == "narrative":
        return NARRATIVE_WHY
    return WHY_GENERIC


def problem_text(field: Optional[Field], specific: Optional[str]) -> str:
    """A polite explanation of why an answer couldn't be used and what is expected."""
    expects = field.expects if field else CONSENT_EXPECTS
    if specific:
        return f"{specific} {expects}"
    return f"Sorry, I didn't quite get that. {expects}"


def summary_lines(state: IntakeState) -> list[str]:
    """One line per collected value, in asking order, in plain language."""
    values = state.values
    lines: list[str] = []
    for path, label in LABELS.items():
        if path in ("requester.role",):
            continue
        value = values.get(path)
        if value in (None, "", []):
            continue
        lines.append(f"- {label.capitalize()}: {_display(path, value)}")
    if values.get("requester.role") == "caregiver":
        lines.insert(0, "- Filled in by: " + (values.get("requester.name") or "a caregiver"))
    return lines


def summary_text(state: IntakeState) -> str:
    """The whole summary shown before submission."""
    return "\n".join([SUMMARY_INTRO, *summary_lines(state), SUMMARY_QUESTION])


def _display(path: str, value: Any) -> str:
    if path == "patient.name" and isinstance(value, dict):
        return str(value.get("text", ""))
    if path == "questions" and isinstance(value, list):
        return " / ".join(value)
    if path == "records.available" and isinstance(value, list):
        return ", ".join(v.replace("_", " ") for v in value) or "none yet"
    if path == "coverage.type":
        return {"employer_benefit": "employer benefit", "insurance": "insurance", "self_pay": "self-pay"}.get(value, str(value))
    if path == "reason":
        return {
            "confirm_diagnosis": "confirm the diagnosis",
            "treatment_options": "compare treatment options",
            "surgery_recommended": "surgery was recommended",
            "no_improvement": "not improving",
            "other": "other",
        }.get(value, str(value))
    return str(value)
