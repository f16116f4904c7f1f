"""Scoring records against gold values: ICD prefixes, labels and field matchers."""
from __future__ import annotations

import pytest

from bot.benchmarks.scoring import accuracy, icd_correct, matches, record_value, same_label, score_fields


@pytest.mark.parametrize(
    "code, gold, alternatives, expected",
    [
        ("C50.911", "C50", [], True),
        ("C50911", "C50", [], True),  # dots do not matter
        ("c50.9", "C50", [], True),  # nor case
        ("C34.90", "C50", [], False),
        ("J30.9", "J06", ["J30", "J31"], True),  # an accepted alternative
        ("J45.909", "J06", ["J30", "J31"], False),
        (None, "C50", [], False),  # no code is wrong when a condition is named
        ("", "C50", [], False),
        (None, None, [], True),  # nothing named, nothing coded
        ("R51.9", None, [], False),  # nothing named, but a code invented
        ("C5", "C50", [], False),  # a shorter code is not inside the category
    ],
)
def test_icd_prefix_scoring(code, gold, alternatives, expected) -> None:
    assert icd_correct(code, gold, alternatives) is expected


def test_same_label_treats_two_nulls_as_equal() -> None:
    assert same_label("oncology", "oncology")
    assert not same_label("oncology", "hematology")
    assert same_label(None, None)
    assert not same_label(None, "patient")
    assert not same_label("patient", None)


RECORD = {
    "patient": {"name": {"text": "Robert Chen"}, "birth_date": "1961-03-04", "phone": None},
    "diagnosis": {"code": {"code": "I48.91"}, "specialty": "cardiology"},
    "care_team": {"physician": "Dr. Alan Gupta"},
    "questions": ["Is ablation better than staying on medication?", "What are the risks?"],
    "records": {"available": ["labs", "imaging"]},
    "consent": {"data_collection": True},
}


def test_record_value_follows_dotted_paths() -> None:
    assert record_value(RECORD, "patient.name.text") == "Robert Chen"
    assert record_value(RECORD, "diagnosis.code.code") == "I48.91"
    assert record_value(RECORD, "patient.phone") is None
    assert record_value(RECORD, "treatment.proposed") is None  # missing branch
    assert record_value(RECORD, "patient.name.text.more") is None  # through a string


def test_literals_ignore_case_spacing_and_end_punctuation() -> None:
    assert matches("Robert  Chen.", "robert chen")
    assert not matches("Roberta Chen", "Robert Chen")
    assert matches(None, None)
    assert not matches("", None)
    assert matches(True, True) and not matches(1, True)
    assert not matches(None, False)


def test_lists_compare_as_multisets() -> None:
    assert matches(["labs", "imaging"], ["imaging", "labs"])
    assert not matches(["labs"], ["imaging", "labs"])
    assert not matches(["labs", "labs"], ["labs"])
    assert matches([], [])
    assert not matches(None, [])


def test_matchers() -> None:
    assert matches("Dr. Alan Gupta", {"contains": "alan gupta"})
    assert not matches(None, {"contains": "Gupta"})
    assert matches(RECORD["questions"], {"contains_all": ["ablation better", "risks"]})
    assert not matches(RECORD["questions"], {"contains_all": ["ablation better", "recovery"]})
    assert not matches([], {"contains_all": ["x"]})
    assert matches("I48.91", {"prefix": "I48"})
    assert matches("I48.91", {"prefix": ["C50", "I48"]})
    assert not matches(None, {"prefix": "I48"})
    assert matches("hematology", {"one_of": ["oncology", "hematology"]})
    assert matches(None, {"one_of": ["none", None]})
    assert matches(["labs", "imaging", "other"], {"includes": ["imaging", "labs"]})
    assert not matches(["labs"], {"includes": ["imaging"]})
    assert matches("surgery", {"any_of": [{"contains": "TURP"}, "surgery"]})
    assert not matches("ablation", {"any_of": [{"contains": "TURP"}, "surgery"]})


def test_unknown_matcher_is_an_error() -> None:
    with pytest.raises(ValueError):
        matches("x", {"startswith": "x"})
    with pytest.raises(ValueError):
        matches("x", {"contains": "x", "prefix": "x"})


def test_score_fields_and_accuracy() -> None:
    scores = score_fields(RECORD, {
        "patient.name.text": "Robert Chen",
        "patient.birth_date": "1961-03-05",
        "diagnosis.code.code": {"prefix": "I48"},
        "patient.phone": None,
    })
    assert scores == {"patient.name.text": True, "patient.birth_date": False,
                      "diagnosis.code.code": True, "patient.phone": True}
    assert accuracy(list(scores.values())) == 0.75
    assert accuracy([]) is None
