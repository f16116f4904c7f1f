"""Scoring the external consumer-question set from intake API responses."""
from __future__ import annotations

import pytest

from bot.benchmarks.nlm_eval import Prediction, prediction_from_intake, score


def _intake(code=None, specialty=None, role="patient", role_recorded=True, status="in_progress"):
    provenance = {"requester.role": {"method": "nlu"}} if role_recorded else {}
    return {
        "status": status,
        "asking": "patient.name",
        "record": {
            "requester": {"role": role},
            "diagnosis": {"text": "x", "code": {"code": code, "display": "d"} if code else None,
                          "specialty": specialty, "confirmed": True},
            "treatment": {"proposed": None},
            "provenance": provenance,
        },
    }


def test_a_role_counts_only_when_the_assistant_recorded_one() -> None:
    decided = prediction_from_intake("a", _intake(role="caregiver"))
    assert decided.requester_role == "caregiver"
    default = prediction_from_intake("b", _intake(role="patient", role_recorded=False))
    assert default.requester_role is None  # the record's default "patient" is not a prediction


def test_prediction_reads_code_and_specialty() -> None:
    prediction = prediction_from_intake("a", _intake(code="G35", specialty="neurology"))
    assert (prediction.code, prediction.specialty, prediction.status) == ("G35", "neurology", "in_progress")
    empty = prediction_from_intake("b", {"status": "emergency", "record": None})
    assert empty.code is None and empty.specialty is None and empty.status == "emergency"


LABELS = [
    {"id": "1", "icd10": "G35", "icd10_alternatives": [], "specialty": "neurology", "requester_role": "patient",
     "difficulty": "easy"},
    {"id": "2", "icd10": "J06", "icd10_alternatives": ["J30"], "specialty": "other", "requester_role": None,
     "difficulty": "hard"},
    {"id": "3", "icd10": "C50", "icd10_alternatives": [], "specialty": "oncology", "requester_role": "caregiver",
     "difficulty": "hard"},
    {"id": "4", "icd10": "E11", "icd10_alternatives": [], "specialty": "endocrinology", "requester_role": "patient",
     "difficulty": "easy"},  # not predicted: not scored
]


def test_score() -> None:
    predictions = {
        "1": Prediction(id="1", code="G35", specialty="neurology", requester_role="patient"),
        "2": Prediction(id="2", code="J30.9", specialty="other", requester_role=None),
        "3": Prediction(id="3", code=None, specialty="other", requester_role="patient", status="emergency"),
    }
    result = score(predictions, LABELS)
    assert result["n"] == 3
    assert result["icd10_category_accuracy"] == pytest.approx(2 / 3)
    assert result["specialty_accuracy"] == pytest.approx(2 / 3)
    assert result["requester_role_accuracy"] == pytest.approx(2 / 3)
    assert result["requester_role_accuracy_stated_only"] == pytest.approx(1 / 2)
    assert result["red_flag_stops"] == 1
    assert result["by_difficulty"]["hard"]["n"] == 2
    assert result["by_difficulty"]["medium"]["icd10_category_accuracy"] is None
