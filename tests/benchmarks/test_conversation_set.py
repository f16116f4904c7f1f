"""The gold conversation set: well-formed, large enough, and scored the way it says."""
from __future__ import annotations

import pytest

from bot.benchmarks.conversation_set import PatientResult, load_set, parse_patient, summarise
from bot.benchmarks.project_load import scripts_from
from bot.intake.fields import ASK_KEYS, asking_path

ASKABLE = {asking_path(key) for key in ASK_KEYS} - {None}
RECORD_ROOTS = {"requester", "patient", "diagnosis", "care_team", "treatment", "reason", "questions", "records",
                "coverage", "urgency"}


def test_the_set_has_at_least_sixty_well_formed_patients() -> None:
    patients = load_set()
    assert len(patients) >= 60
    for patient in patients:
        assert patient.gold, patient.id
        assert set(patient.answers) <= ASKABLE, (patient.id, set(patient.answers) - ASKABLE)
        assert set(patient.before_answer) <= ASKABLE, patient.id
        assert {path.split(".")[0] for path in patient.gold} <= RECORD_ROOTS, patient.id
        assert "requester.role" in patient.gold, patient.id


def test_the_set_covers_the_kinds_of_patient_the_issue_names() -> None:
    tags = [tag for patient in load_set() for tag in patient.tags]
    for kind in ("rich", "up_front", "terse", "caregiver", "correction", "skip", "lay"):
        assert tags.count(kind) >= 4 or (kind == "up_front" and tags.count(kind) >= 3), kind
    assert all(p.max_turns_after_consent == 4 for p in load_set() if "up_front" in p.tags)


def test_entries_are_validated() -> None:
    with pytest.raises(ValueError, match="unknown keys"):
        parse_patient({"id": "x", "opening": "hi", "gold": {}, "anwsers": {}})
    with pytest.raises(ValueError, match="no gold"):
        parse_patient({"id": "x", "opening": "hi"})
    with pytest.raises(ValueError, match="matcher"):
        parse_patient({"id": "x", "opening": "hi", "gold": {"reason": {"startswith": "x"}}})
    with pytest.raises(ValueError, match="not text"):
        parse_patient({"id": "x", "opening": "hi", "gold": {}, "answers": {"reason": False}})  # YAML's bare no


def _result(pid: str, completed: bool, fields: dict[str, bool], turns: int, target=None, **extra) -> PatientResult:
    return PatientResult(id=pid, tags=["t"], status="submitted" if completed else "in_progress", completed=completed,
                         turns_after_consent=turns, asked=[], redundant=[], unexpected=[], fields=fields,
                         latencies=[0.1, 0.2], max_turns_after_consent=target, **extra)


def test_summary_counts_every_gold_field_of_every_patient() -> None:
    results = [
        _result("a", True, {"x": True, "y": True}, 3, target=4),
        _result("b", True, {"x": True, "y": False}, 5, target=4),
        _result("c", False, {"x": False, "y": False}, 9),
    ]
    summary = summarise(results)
    assert summary["completion_rate"] == pytest.approx(2 / 3)
    assert summary["field_accuracy"] == pytest.approx(3 / 6)
    assert summary["field_accuracy_completed_only"] == pytest.approx(3 / 4)
    assert summary["per_field"]["y"] == {"n": 3, "accuracy": pytest.approx(1 / 3)}
    assert summary["turns_after_consent"] == {"mean": 4.0, "median": 4.0, "max": 5}
    assert summary["turn_targets"]["met"] == 1 and summary["turn_targets"]["patients"] == 2
    assert set(summary["failures"]) == {"b", "c"}


def test_load_scripts_are_the_patient_side_of_completed_conversations() -> None:
    done = _result("a", True, {}, 2, transcript=[("patient", "hi"), ("bot", "hello"), ("patient", "yes")])
    stuck = _result("b", False, {}, 2, transcript=[("patient", "hi")])
    alarm = _result("c", True, {}, 2, transcript=[("patient", "hi")], false_alarm=True)
    assert scripts_from([done, stuck, alarm]) == [["hi", "yes"]]
