"""The record built from the intake state: schema shape, derived values, nulls where unknown."""
from __future__ import annotations

import datetime as dt

from bot.intake.record import build_record, validation_errors
from bot.intake.state import IntakeState

TODAY = dt.date(2026, 11, 20)


def _complete() -> IntakeState:
    state = IntakeState(consent_at="2026-11-20T10:00:00+00:00", narrative_done=True)
    values = {
        "patient.name": {"text": "Ana Lopez", "given": "Ana", "family": "Lopez"},
        "patient.birth_date": "1961-03-04",
        "patient.phone": "+16175550142",
        "diagnosis.text": "a-fib",
        "diagnosis.code": {"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "I48.91", "display": "Unspecified atrial fibrillation"},
        "diagnosis.specialty": "cardiology",
        "treatment.decision_deadline": "2026-11-25",
        "questions": ["Is ablation better?"],
    }
    for turn, (path, value) in enumerate(values.items(), 2):
        state.set_value(path, value, turn=turn, source_text="…", method="patient_answer")
    return state


def test_a_complete_submitted_record_validates_against_the_shared_schema() -> None:
    record = build_record(_complete(), conversation_id="c1", status="submitted", reference="SO-7K4Q2M",
                          submitted_at="2026-11-20T10:05:00+00:00", today=TODAY)
    assert validation_errors(record) == []
    assert record["requester"]["role"] == "patient"
    assert record["urgency"] == "urgent"  # a decision due within 7 days
    assert record["patient"]["preferred_contact"] == "phone"
    assert record["provenance"]["questions"]["method"] == "patient_answer"


def test_the_record_as_it_stands_keeps_unknowns_null() -> None:
    record = build_record(IntakeState(), conversation_id="c1", today=TODAY)
    assert record["status"] is None
    assert record["requester"]["role"] is None
    assert record["patient"]["name"] is None
    assert record["diagnosis"]["specialty"] is None
    assert record["questions"] == []
    assert record["consent"]["data_collection"] is False


def test_an_incomplete_record_does_not_validate() -> None:
    state = _complete()
    del state.values["patient.birth_date"]
    record = build_record(state, conversation_id="c1", status="submitted", reference="SO-7K4Q2M",
                          submitted_at="2026-11-20T10:05:00+00:00", today=TODAY)
    assert any(error.startswith("patient/birth_date") for error in validation_errors(record))
