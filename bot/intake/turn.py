"""One turn of the intake: what a patient's message does to the intake, and what to say.

This is the conversation policy inside the intake form, kept free of Rasa so it can be
reasoned about and tested on its own. The Rasa form validation action feeds it the
latest message and turns its outcome into slot events and bot messages.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Optional

from bot import clock
from bot.intake import prompts
from bot.intake.answers import PARSERS, PROBLEMS, Parsed
from bot.intake.corrections import correction_target, parse_correction
from bot.intake.extraction import extra_facts, note_narrative
from bot.intake.fields import CONFIRMATION, CONSENT, NARRATIVE, Field, field_for
from bot.intake.message import Message, asks_for_a_person, is_none, is_skip
from bot.intake.state import ANSWER, CORRECTION, LABELS, NLU, IntakeState

#: Intents handled by Rasa rules rather than as answers (the form rejects, a rule answers).
DIGRESSIONS = frozenset(
    {
        "ask_why",
        "ask_privacy",
        "ask_duration",
        "ask_cost",
        "ask_capabilities",
        "ask_next_steps",
        "off_topic",
        "request_human",
        "frustrated",
        "emergency",
        "start_over",
        "goodbye",
    }
)
#: Always handled by rules, whatever was asked.
ALWAYS_DIGRESS = frozenset({"emergency", "request_human", "start_over"})
#: Fields whose answers have a recognisable form (a name, a date, a phone number): a parse
#: that succeeds wins over the intent ("Dana Price" is a name, not a question about price).
STRICT_FIELDS = frozenset(
    {"requester.role", "requester.name", "patient.name", "patient.birth_date", "patient.phone",
     "patient.email", "patient.region", "diagnosis.diagnosed_on", "treatment.decision_deadline",
     "coverage.type"}
)
#: Fields whose answers are often themselves questions ("how long is recovery?").
QUESTION_FIELDS = frozenset({NARRATIVE, "questions"})

MAX_FAILURES = 2

#: Derived diagnosis paths that must be replaced together with the diagnosis text.
_DIAGNOSIS_DERIVED = ("diagnosis.code", "diagnosis.specialty", "diagnosis.confirmed")


@dataclass
class Reply:
    """A bot message: text and optional quick-reply buttons (title, payload)."""

    text: str
    buttons: tuple[tuple[str, str], ...] = ()


@dataclass
class TurnOutcome:
    """What a turn did.

    Attributes:
        kind: ``continue`` (ask the next question), ``digression`` (let a rule answer),
            ``declined`` (no consent), ``navigator`` (hand over to a care navigator) or
            ``confirmed`` (the patient agreed to the summary: submit).
        replies: What to say before the next question.
        state: The intake after the turn.
    """

    kind: str
    state: IntakeState
    replies: list[Reply] = field(default_factory=list)


def next_ask_key(state: IntakeState) -> Optional[str]:
    """The ask key of the next question, or None when the intake is over."""
    if state.stage != "collecting":
        return None
    if state.consent_at is None:
        return CONSENT
    if not state.narrative_done:
        return NARRATIVE
    pending = state.next_field()
    if pending is not None:
        return pending.ask_key
    return CONFIRMATION


def take_turn(state: IntakeState, message: Message, *, turn: int, today: Optional[dt.date] = None) -> TurnOutcome:
    """Applies one patient message to the intake.

    Args:
        state: The intake before the message (not modified).
        message: The message with its NLU interpretation.
        turn: The 1-based number of this user message in the conversation.
        today: The date relative dates are computed from (``bot.clock.today()``).

    Returns:
        The outcome, with the new state.
    """
    today = today or clock.today()
    state = IntakeState.from_slot(state.to_slot())
    if _always_digresses(message):
        return TurnOutcome("digression", state)
    asking = state.asking
    if asking is None:
        return TurnOutcome("continue", state)
    lenient = state.resumed
    state.resumed = False

    offer_outcome = _answer_offer(state, message)
    if offer_outcome is not None:
        return offer_outcome
    if asking == CONSENT:
        return _consent(state, message)
    if asking == NARRATIVE:
        return _narrative(state, message, turn, today)
    if asking == CONFIRMATION:
        return _confirmation(state, message, turn, today)
    current = field_for(asking)
    if current is None:
        return TurnOutcome("continue", state)
    return _answer(state, current, message, turn, today, lenient)


def keep_red_flag_answer(state: IntakeState, message: Message, *, turn: int, today: Optional[dt.date] = None) -> list[str]:
    """Keeps what a message that set off a red flag said, for when the intake continues.

    The red flag pauses the intake before the message is read as an answer. If the patient
    then says it was not an emergency, the intake continues from the next question, so
    what the message said (the opening narrative's diagnosis, doctors and dates; or the
    answer to the question being asked, with anything else it mentions) is recorded now
    rather than lost. An answer that cannot be read records nothing and counts as no
    failure; consent and the summary confirmation are never taken from such a message.

    Args:
        state: The intake when the red flag fired, changed in place.
        message: The message that set off the red flag.
        turn: The 1-based number of the message in the conversation.
        today: The date relative dates are computed from (``bot.clock.today()``).

    Returns:
        The paths recorded.
    """
    if state.stage != "collecting" or state.offer is not None:
        return []
    today = today or clock.today()
    if state.asking == NARRATIVE:
        return [] if state.narrative_done else note_narrative(state, message, turn, today)
    current = field_for(state.asking or "")
    if current is None:
        return []
    as_answer = Message(message.text, "inform", 1.0, message.conditions)
    answered = _answer(IntakeState.from_slot(state.to_slot()), current, as_answer, turn, today, lenient=True).state
    recorded = [path for path, value in answered.values.items() if state.values.get(path) != value]
    state.values, state.provenance, state.skipped = answered.values, answered.provenance, answered.skipped
    return recorded


# --- the parts of a turn ----------------------------------------------------------------


def _always_digresses(message: Message) -> bool:
    """Emergencies, and confident requests for a person or a fresh start, leave the form whatever was asked."""
    if message.intent == "emergency":
        return True
    if message.intent not in ALWAYS_DIGRESS or message.confidence < 0.7:
        return False
    return message.intent != "request_human" or asks_for_a_person(message.text)


def _answer_offer(state: IntakeState, message: Message) -> Optional[TurnOutcome]:
    """Handles the reply to "would you like to skip / have a navigator call you?"."""
    offer, state.offer = state.offer, None
    if offer is None:
        return None
    current = field_for(state.asking or "")
    said_yes = message.intent == "affirm" or (offer == "skip" and is_skip(message))
    said_no = message.intent == "deny" or "try again" in message.text.lower()
    if offer == "skip" and said_yes and current is not None:
        state.skip(current.path)
        return TurnOutcome("continue", state, [Reply(prompts.SKIPPED)])
    if offer == "navigator" and said_yes:
        return TurnOutcome("navigator", state)
    if said_no:
        state.failures.pop(current.path if current is not None else (state.asking or ""), None)
        return TurnOutcome("continue", state, [Reply(prompts.TRY_AGAIN)])
    return None


def _consent(state: IntakeState, message: Message) -> TurnOutcome:
    if message.intent == "affirm":
        state.consent_at = clock.now().isoformat()
        state.failures.pop(CONSENT, None)
        return TurnOutcome("continue", state)
    if message.intent == "deny":
        state.stage = "declined"
        return TurnOutcome("declined", state, [Reply(prompts.CONSENT_DECLINED)])
    if message.intent in DIGRESSIONS:
        return TurnOutcome("digression", state)
    return _failed(state, None, CONSENT, None)


def _narrative(state: IntakeState, message: Message, turn: int, today: dt.date) -> TurnOutcome:
    if message.intent in DIGRESSIONS and message.confidence >= 0.9 and not message.conditions:
        return TurnOutcome("digression", state)
    if is_skip(message):
        state.narrative_done = True
        return TurnOutcome("continue", state)
    noted = note_narrative(state, message, turn, today)
    if "diagnosis.text" in noted:
        return TurnOutcome("continue", state, [Reply(prompts.noted_diagnosis(state.values["diagnosis.text"]))])
    return TurnOutcome("continue", state, [Reply("Thank you, that helps.")])


def _confirmation(state: IntakeState, message: Message, turn: int, today: dt.date) -> TurnOutcome:
    if message.intent == "affirm":
        state.confirm_all(turn)
        return TurnOutcome("confirmed", state)
    target = correction_target(message.text)
    if target is not None and message.intent not in DIGRESSIONS - {"ask_why"}:
        return _correct(state, target, message, turn, today)
    if message.intent in DIGRESSIONS:
        return TurnOutcome("digression", state)
    if message.intent in ("deny", "correct") and not state.failures.get(CONFIRMATION):
        return TurnOutcome("continue", state, [Reply(prompts.WHAT_TO_CHANGE)])
    return _correction_failed(state, prompts.CHANGE_NOT_UNDERSTOOD)


def _answer(state: IntakeState, current: Field, message: Message, turn: int, today: dt.date, lenient: bool) -> TurnOutcome:
    target = correction_target(message.text) if message.intent == "correct" or _sounds_like_correction(message.text) else None
    if target is not None and target != current.path and target in state.values:
        return _correct(state, target, message, turn, today)

    digression = message.intent in DIGRESSIONS and message.confidence >= (0.9 if current.path in QUESTION_FIELDS else 0.6)
    if digression and current.path not in STRICT_FIELDS:
        return TurnOutcome("digression", state)

    if is_skip(message):
        if current.required:
            return _failed(state, current, current.path, prompts.REQUIRED_NO_SKIP)
        state.skip(current.path)
        return TurnOutcome("continue", state)

    parsed = PARSERS[current.path](message, today)
    if not parsed.ok and not current.required and (is_none(message.text) or message.intent == "deny"):
        state.skip(current.path)  # "no deadline", "none": nothing to record
        return TurnOutcome("continue", state)
    if message.intent == "correct" and not parsed.ok:
        parsed = parse_correction(current.path, message, today, state.values.get(current.path))
    if parsed.ok:
        _apply(state, parsed, turn, message.text, ANSWER, asked=current.path)
        for fact in extra_facts(message, today):
            if fact.path not in state.values:
                state.set_value(fact.path, fact.value, turn=turn, source_text=fact.source_text,
                                method=NLU, confidence=fact.confidence)
        return TurnOutcome("continue", state)
    if digression:
        return TurnOutcome("digression", state)
    if (lenient and message.intent != "correct") or message.intent in ("greet", "thank"):
        return TurnOutcome("continue", state)
    return _failed(state, current, current.path, _specific_problem(parsed))


def _correct(state: IntakeState, path: str, message: Message, turn: int, today: dt.date) -> TurnOutcome:
    parsed = parse_correction(path, message, today, state.values.get(path))
    if not parsed.ok:
        target = field_for(path)
        label = LABELS.get(path, path)
        return _correction_failed(state, f"Sorry, I couldn't read the new {label}. {target.expects if target else ''}".strip())
    _apply(state, parsed, turn, message.text, CORRECTION, asked=path)
    state.failures.pop(CONFIRMATION, None)
    return TurnOutcome("continue", state, [Reply(f"Thanks, I've updated the {LABELS.get(path, path)}.")])


def _apply(state: IntakeState, parsed: Parsed, turn: int, source: str, method: str, asked: str) -> None:
    if "diagnosis.text" in parsed.values:
        for path in _DIAGNOSIS_DERIVED:
            if path not in parsed.values:
                state.values.pop(path, None)
                state.provenance.pop(path, None)
    if asked == "patient.phone" and "patient.phone" not in parsed.values:
        state.values.pop("patient.phone", None)
    for path, value in parsed.values.items():
        state.set_value(path, value, turn=turn, source_text=source, method=method, confidence=parsed.confidence)


def _failed(state: IntakeState, current: Optional[Field], key: str, specific: Optional[str]) -> TurnOutcome:
    count = state.failures.get(key, 0) + 1
    state.failures[key] = count
    replies = [Reply(prompts.problem_text(current, specific))]
    if count >= MAX_FAILURES:
        required = current is None or current.required
        state.offer = "navigator" if required else "skip"
        if required:
            replies.append(Reply(prompts.NAVIGATOR_OFFER, prompts.NAVIGATOR_OFFER_BUTTONS))
        else:
            replies.append(Reply(prompts.SKIP_OFFER, prompts.SKIP_OFFER_BUTTONS))
    return TurnOutcome("continue", state, replies)


def _correction_failed(state: IntakeState, text: str) -> TurnOutcome:
    """A correction that could not be understood counts as a failed answer to the question asked.

    Repeated failures lead to the usual offer of a care navigator, so a patient who cannot
    get a change across is never left going round in circles.
    """
    asked = field_for(state.asking or "")
    key = asked.path if asked is not None else (state.asking or CONFIRMATION)
    count = state.failures.get(key, 0) + 1
    state.failures[key] = count
    replies = [Reply(text)]
    if count >= MAX_FAILURES:
        state.offer = "navigator"
        replies.append(Reply(prompts.NAVIGATOR_OFFER, prompts.NAVIGATOR_OFFER_BUTTONS))
    return TurnOutcome("continue", state, replies)


def _specific_problem(parsed: Parsed) -> Optional[str]:
    problem = parsed.problem
    if problem in PROBLEMS:
        return PROBLEMS[problem]
    if problem and " " in problem:
        return problem
    return None


def _sounds_like_correction(text: str) -> bool:
    lowered = text.lower()
    return any(
        marker in lowered
        for marker in ("actually", "sorry", "change my", "change the", "update my", "correction", "i meant",
                       "mistake", "typo", "should be", "not ", "wrong", "instead")
    )
