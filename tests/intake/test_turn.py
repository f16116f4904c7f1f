"""The intake's turn logic on its own: what a message does and what is asked next."""
from __future__ import annotations

import datetime as dt

from bot.intake import prompts
from bot.intake.fields import CONFIRMATION, CONSENT, NARRATIVE, field_for
from bot.intake.message import Condition, Message
from bot.intake.state import IntakeState
from bot.intake.turn import keep_red_flag_answer, next_ask_key, take_turn

TODAY = dt.date(2026, 11, 20)


def _consented(**values: object) -> IntakeState:
    state = IntakeState(consent_at="2026-11-20T10:00:00+00:00", narrative_done=True)
    for path, value in values.items():
        state.set_value(path.replace("__", "."), value, turn=1, source_text="x", method="patient_answer")
    return state


def _ask(state: IntakeState) -> IntakeState:
    state.asking = next_ask_key(state)
    return state


def test_consent_comes_first_then_the_open_question() -> None:
    state = IntakeState()
    assert next_ask_key(state) == CONSENT
    state.asking = CONSENT
    outcome = take_turn(state, Message("/affirm", "affirm"), turn=2, today=TODAY)
    assert outcome.kind == "continue"
    assert next_ask_key(outcome.state) == NARRATIVE


def test_no_consent_declines() -> None:
    state = IntakeState(asking=CONSENT)
    outcome = take_turn(state, Message("no", "deny"), turn=2, today=TODAY)
    assert outcome.kind == "declined"
    assert outcome.state.stage == "declined"
    assert outcome.state.values == {}


def test_narrative_facts_are_not_asked_again() -> None:
    state = IntakeState(consent_at="x", asking=NARRATIVE)
    afib = Condition("a-fib", "I48.91", "Unspecified atrial fibrillation", "cardiology", True, main=True)
    message = Message("I have a-fib and my cardiologist Dr. Alan Gupta wants to do an ablation. Is it safe?",
                      "inform", 0.9, (afib,))
    outcome = take_turn(state, message, turn=3, today=TODAY)
    values = outcome.state.values
    assert values["diagnosis.text"] == "a-fib"
    assert values["diagnosis.code"]["code"] == "I48.91"
    assert values["diagnosis.specialty"] == "cardiology"
    assert outcome.state.provenance["diagnosis.text"]["method"] == "nlu"
    assert outcome.state.provenance["diagnosis.text"]["turn"] == 3
    outcome.state.set_value("requester.role", "patient", turn=4, source_text="me", method="patient_answer")
    remaining = []
    state = outcome.state
    while (key := next_ask_key(state)) != CONFIRMATION:
        remaining.append(key)
        state.skip(field_for(key).path)
        assert len(remaining) < 30
    assert "diagnosis_text" not in remaining
    assert "care_team_physician" not in remaining
    assert "questions" not in remaining


def test_required_field_cannot_be_skipped_and_offers_a_navigator_after_two_failures() -> None:
    state = _ask(_consented(requester__role="patient"))
    assert state.asking == "patient_name"
    first = take_turn(state, Message("skip", "skip", 0.95), turn=5, today=TODAY)
    assert first.kind == "continue" and first.state.offer is None
    assert "patient.name" not in first.state.skipped
    second = take_turn(first.state, Message("I don't know", "skip", 0.95), turn=6, today=TODAY)
    assert second.state.offer == "navigator"
    third = take_turn(second.state, Message("/affirm", "affirm"), turn=7, today=TODAY)
    assert third.kind == "navigator"


def test_optional_field_is_skipped() -> None:
    state = _consented(requester__role="patient", patient__name={"text": "A B", "given": "A", "family": "B"},
                       patient__birth_date="1961-03-04", patient__phone="+16175550142")
    state = _ask(state)
    assert state.asking == "patient_region"
    outcome = take_turn(state, Message("not sure", "skip", 0.9), turn=8, today=TODAY)
    assert "patient.region" in outcome.state.skipped
    assert next_ask_key(outcome.state) == "diagnosis_text"


def test_correction_of_another_field_keeps_the_question() -> None:
    state = _ask(_consented(requester__role="patient", patient__name={"text": "A B", "given": "A", "family": "B"},
                            patient__birth_date="1985-06-15"))
    assert state.asking == "patient_phone"
    outcome = take_turn(state, Message("sorry, my birthday is 1958 not 1985", "correct", 0.9), turn=9, today=TODAY)
    assert outcome.state.values["patient.birth_date"] == "1958-06-15"
    assert outcome.state.provenance["patient.birth_date"]["method"] == "patient_correction"
    assert next_ask_key(outcome.state) == "patient_phone"


def test_questions_about_the_service_are_digressions() -> None:
    state = _ask(_consented(requester__role="patient"))
    outcome = take_turn(state, Message("why do you need my name?", "ask_why", 0.97), turn=5, today=TODAY)
    assert outcome.kind == "digression"


def test_a_valid_date_wins_over_a_misread_intent() -> None:
    state = _ask(_consented(requester__role="patient", patient__name={"text": "A B", "given": "A", "family": "B"}))
    outcome = take_turn(state, Message("3/4/61", "ask_cost", 0.7), turn=5, today=TODAY)
    assert outcome.state.values["patient.birth_date"] == "1961-03-04"


def test_emergency_always_leaves_the_form() -> None:
    state = _ask(_consented())
    outcome = take_turn(state, Message("my chest hurts right now", "emergency", 1.0), turn=5, today=TODAY)
    assert outcome.kind == "digression"


def test_summary_yes_confirms_every_value() -> None:
    state = _consented(requester__role="patient")
    state.asking = CONFIRMATION
    outcome = take_turn(state, Message("yes", "affirm", 0.99), turn=20, today=TODAY)
    assert outcome.kind == "confirmed"
    assert outcome.state.provenance["requester.role"]["confirmed"] is True


def test_a_correction_that_cannot_be_read_counts_as_a_failure_and_leads_to_help() -> None:
    state = _ask(_consented(requester__role="patient", patient__name={"text": "A B", "given": "A", "family": "B"},
                            patient__birth_date="1985-06-15"))
    assert state.asking == "patient_phone"
    message = Message("sorry, my birthday is wrong", "correct", 0.9)
    first = take_turn(state, message, turn=9, today=TODAY)
    assert first.state.failures == {"patient.phone": 1}
    assert "date of birth" in first.replies[0].text
    second = take_turn(_ask(first.state), message, turn=10, today=TODAY)
    assert second.state.offer == "navigator"
    assert second.replies[-1].buttons


def test_a_summary_change_that_is_not_understood_twice_offers_a_navigator() -> None:
    state = _consented(requester__role="patient")
    state.asking = CONFIRMATION
    first = take_turn(state, Message("hmm the thing", "inform", 0.5), turn=20, today=TODAY)
    second = take_turn(first.state, Message("the other one", "inform", 0.5), turn=21, today=TODAY)
    assert second.state.offer == "navigator"
    third = take_turn(second.state, Message("yes", "affirm", 0.99), turn=22, today=TODAY)
    assert third.kind == "navigator"


def test_asking_to_change_something_at_the_summary_asks_what() -> None:
    state = _consented(requester__role="patient")
    state.asking = CONFIRMATION
    outcome = take_turn(state, Message("I want to change something", "correct", 0.9), turn=20, today=TODAY)
    assert outcome.replies[0].text == prompts.WHAT_TO_CHANGE
    assert outcome.state.offer is None


def test_a_correction_after_a_welcome_back_is_not_passed_over_in_silence() -> None:
    state = _ask(_consented(requester__role="patient"))
    state.resumed = True
    outcome = take_turn(state, Message("sorry that's wrong", "correct", 0.9), turn=9, today=TODAY)
    assert outcome.replies
    assert outcome.state.failures == {"patient.name": 1}


def test_a_narrative_that_set_off_a_red_flag_keeps_its_facts_for_when_the_intake_continues() -> None:
    state = IntakeState(consent_at="x", asking=NARRATIVE)
    epilepsy = Condition("epilepsy", "G40.909", "Epilepsy, unspecified", "neurology", True, main=True)
    message = Message("I was diagnosed with epilepsy by Dr. Jonathan Pierce and I'm still having seizures. "
                      "They're proposing a temporal lobectomy.", "emergency", 1.0, (epilepsy,))
    assert take_turn(state, message, turn=3, today=TODAY).kind == "digression"
    noted = keep_red_flag_answer(state, message, turn=3, today=TODAY)
    assert {"diagnosis.text", "care_team.physician", "treatment.proposed"} <= set(noted)
    assert state.values["diagnosis.code"]["code"] == "G40.909"
    assert state.provenance["care_team.physician"]["turn"] == 3
    state.asking = next_ask_key(state)
    assert state.asking not in (NARRATIVE, "diagnosis_text")


def test_a_red_flag_in_a_later_answer_keeps_that_answer() -> None:
    state = _consented(requester__role="patient", patient__name="Ana Ruiz")
    state.asking = "diagnosis_text"
    angina = Condition("angina", "I20.9", "Angina pectoris, unspecified", "cardiology", True, main=True)
    message = Message("It's angina, and right now my chest is crushing", "emergency", 1.0,
                      (angina,))
    assert take_turn(state, message, turn=7, today=TODAY).kind == "digression"
    noted = keep_red_flag_answer(state, message, turn=7, today=TODAY)
    assert "diagnosis.text" in noted
    assert state.values["diagnosis.code"]["code"] == "I20.9"
    assert state.provenance["diagnosis.text"]["turn"] == 7
    assert state.values["patient.name"] == "Ana Ruiz"
    state.asking = next_ask_key(state)
    assert state.asking != "diagnosis_text"


def test_a_red_flag_answer_that_cannot_be_read_records_nothing_and_is_no_failure() -> None:
    state = _ask(_consented(requester__role="patient"))
    before = state.to_slot()
    message = Message("I can't breathe", "emergency", 1.0)
    assert keep_red_flag_answer(state, message, turn=7, today=TODAY) == []
    assert state.to_slot() == before


def test_a_red_flag_never_gives_consent_or_confirms_the_summary() -> None:
    for asking in (CONSENT, CONFIRMATION):
        state = _consented(requester__role="patient")
        state.asking = asking
        before = state.to_slot()
        assert keep_red_flag_answer(state, Message("yes, but I have chest pain now", "emergency", 1.0), turn=9,
                                    today=TODAY) == []
        assert state.to_slot() == before


def test_the_opening_narrative_tells_who_is_writing() -> None:
    state = IntakeState(consent_at="x", asking=NARRATIVE)
    fibro = Condition("fibromyalgia", "M79.7", "Fibromyalgia", "rheumatology", True, main=True)
    outcome = take_turn(state, Message("My doctor says I have fibromyalgia. What can help?", "inform", 0.9, (fibro,)),
                        turn=3, today=TODAY)
    assert outcome.state.values["requester.role"] == "patient"
    assert outcome.state.provenance["requester.role"]["method"] == "nlu"
    state = IntakeState(consent_at="x", asking=NARRATIVE)
    outcome = take_turn(state, Message("My son was diagnosed with autism.", "inform", 0.9), turn=3, today=TODAY)
    assert outcome.state.values["requester.role"] == "caregiver"
    assert outcome.state.values["requester.relationship"] == "parent"


def test_a_health_question_read_as_a_request_for_a_person_is_still_the_narrative() -> None:
    state = IntakeState(consent_at="x", asking=NARRATIVE)
    lupus = Condition("lupus", "M32.9", "Systemic lupus erythematosus, unspecified", "rheumatology", None, main=True)
    message = Message("Can lupus be cured? Can someone get it from a blood transfusion?", "request_human", 0.9, (lupus,))
    outcome = take_turn(state, message, turn=3, today=TODAY)
    assert outcome.kind == "continue"
    assert outcome.state.values["diagnosis.code"]["code"] == "M32.9"


def test_a_request_for_a_person_during_the_narrative_hands_over() -> None:
    state = IntakeState(consent_at="x", asking=NARRATIVE)
    for text in ("Can someone call me instead?", "I want to talk to a real person", "customer service please"):
        assert take_turn(state, Message(text, "request_human", 0.9), turn=3, today=TODAY).kind == "digression"
