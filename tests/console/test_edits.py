"""A navigator's edit: parsed like an answer, recorded as navigator_edit, flagged."""
from __future__ import annotations

import datetime as dt

import pytest

from bot.console.edits import EDITED_FLAG, EditRejected, apply_edit
from bot.intake.state import IntakeState

TODAY = dt.date(2026, 11, 20)


def _parse(text: str, **extra) -> dict:
    return {"text": text, "intent": {"name": "inform", "confidence": 0.9}, "entities": [], **extra}


def _state() -> IntakeState:
    state = IntakeState(consent_at="2026-11-20T09:00:00+00:00", narrative_done=True)
    state.set_value("patient.birth_date", "1961-03-04", turn=4, source_text="march 4 1961",
                    method="patient_answer", confidence=0.9)
    return state


def test_edit_normalises_and_records_provenance() -> None:
    state = _state()
    paths = apply_edit(state, "patient.birth_date", _parse("April 5, 1962"), turn=7,
                       navigator_id="nav_1", today=TODAY)
    assert paths == ["patient.birth_date"]
    assert state.values["patient.birth_date"] == "1962-04-05"
    assert state.provenance["patient.birth_date"] == {
        "turn": 7, "source_text": "April 5, 1962", "method": "navigator_edit", "confidence": 1.0,
        "confirmed": False, "navigator": "nav_1",
    }
    assert EDITED_FLAG in state.flags
    assert state.assisted_by == "nav_1"


def test_edit_of_a_phone_number_gives_e164() -> None:
    state = _state()
    apply_edit(state, "patient.phone", _parse("617 555 0142"), turn=3, navigator_id="nav_1", today=TODAY)
    assert state.values["patient.phone"] == "+16175550142"


def test_a_new_diagnosis_drops_the_old_code() -> None:
    state = _state()
    state.values["diagnosis.text"] = "afib"
    state.values["diagnosis.code"] = {"system": "x", "code": "I48.91", "display": "AF"}
    state.provenance["diagnosis.code"] = {"method": "nlu"}
    apply_edit(state, "diagnosis.text", _parse("herniated disc"), turn=5, navigator_id="nav_1", today=TODAY)
    assert state.values["diagnosis.text"] == "herniated disc"
    assert "diagnosis.code" not in state.values and "diagnosis.code" not in state.provenance


@pytest.mark.parametrize("path,text", [("patient.birth_date", "next tuesday maybe"), ("patient.birth_date", "2090-01-01"),
                                       ("patient.phone", "call me"), ("unknown.path", "x")])
def test_unusable_values_are_rejected_without_echo(path: str, text: str) -> None:
    state = _state()
    with pytest.raises(EditRejected) as error:
        apply_edit(state, path, _parse(text), turn=3, navigator_id="nav_1", today=TODAY)
    assert text not in str(error.value)
    assert state.values["patient.birth_date"] == "1961-03-04"
    assert EDITED_FLAG not in state.flags
