"""Measured values quoted in a message (bot/clinical/readings.py)."""
from __future__ import annotations

import pytest

from bot.clinical import icd, tabular
from bot.clinical.diagnosis import find_diagnoses, main_diagnosis
from bot.clinical.matcher import find_terms
from bot.clinical.readings import TITLES, readings


def _codes(text: str) -> list[str | None]:
    return [reading.code for reading in readings(text)]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("My blood sugar was 495 last night.", "R73.9"),
        ("He had a 495 blood sugar in the ER.", "R73.9"),
        ("Her glucose came back at 38.", "E16.2"),
        ("My sugar dropped to 2.9 mmol/l twice this week.", "E16.2"),
        ("Fasting glucose of 14 mmol.", "R73.9"),
        ("My A1c is 9.2 and they want me on insulin.", "R73.09"),
        ("hemoglobin a1c of 6.1%", "R73.03"),
        ("My blood pressure was 190/120 at the clinic.", "R03.0"),
        ("BP runs about 150 over 95.", "R03.0"),
        ("his blood pressure dropped to 80/50", "R03.1"),
        ("My PSA is 12.", "R97.20"),
        ("my psa went up to 8.5 and they want a biopsy", "R97.20"),
        ("My PSA is rising, now 0.4, after my prostatectomy.", "R97.21"),
        ("total cholesterol of 320", "E78.00"),
        ("my LDL is 210", "E78.00"),
        ("triglycerides were 900", "E78.1"),
        ("potassium 6.2", "E87.5"),
        ("Her potassium was 2.8.", "E87.6"),
        ("My sodium was 128.", "E87.1"),
        ("His hemoglobin is 7.9.", "D64.9"),
        ("Platelets dropped to 45,000.", "D69.6"),
        ("platelet count 38k", "D69.6"),
        ("platelets of 900", "D75.839"),
    ],
)
def test_a_value_out_of_range_gets_the_code_of_the_finding(text: str, code: str) -> None:
    assert _codes(text) == [code]


@pytest.mark.parametrize(
    "text",
    [
        "My blood sugar is 110.",
        "Blood pressure is normal, 120/80.",
        "My PSA was 0.1 after surgery.",
        "His potassium is 4.2.",
    ],
)
def test_a_value_in_the_normal_range_is_a_reading_without_a_code(text: str) -> None:
    assert _codes(text) == [None]


@pytest.mark.parametrize(
    "text",
    [
        "I take 2 sugars in my tea.",  # not a plausible blood sugar
        "I have had high blood sugar since 2019.",  # a year, not a value
        "She started potassium 20 meq.",  # a dose
        "Is sugar bad for 3 year olds?",
        "My appointment is on 10/12 about my blood pressure.",  # a date, not after the name
    ],
)
def test_no_reading_without_a_plausible_value_next_to_the_name(text: str) -> None:
    assert _codes(text) == []


def test_the_reading_is_the_whole_quote() -> None:
    text = "I had a blood sugar of 495 and my doctor wants insulin."
    (reading,) = readings(text)
    assert text[reading.start : reading.end] == "blood sugar of 495"


def test_a_reading_is_found_when_no_condition_is_named() -> None:
    match = main_diagnosis("My blood sugar was 495 last night and they want to start insulin.")
    assert (match.code, match.specialty) == ("R73.9", "endocrinology")
    assert main_diagnosis("My blood pressure was 190/120 at the clinic.").specialty == "cardiology"


def test_a_named_condition_is_preferred_to_a_reading() -> None:
    assert main_diagnosis("My potassium was 6.2 because of my kidney disease.").code.startswith("N")
    assert main_diagnosis("My glucose is 300 and I have type 2 diabetes.").code.startswith("E11")


def test_what_was_measured_is_never_read_as_a_condition_of_the_same_name() -> None:
    # "psa" alone is psoriatic arthritis (PsA); with a value next to it, it is the antigen
    assert main_diagnosis("my psa went up to 8.5 and they want a biopsy").code == "R97.20"
    assert [m.code for m in find_diagnoses("My psa was 0.1 after surgery.")] == []


def test_the_titles_carried_are_the_code_sets_own() -> None:
    assert {code: icd.description(code) for code in TITLES} == TITLES
    assert all(icd.is_billable(code) for code in TITLES)


def test_reading_a_value_does_not_load_the_tabular_list(monkeypatch: pytest.MonkeyPatch) -> None:
    find_terms("warm up")

    def _refuse() -> None:
        raise AssertionError("the tabular list was loaded while reading a message")

    monkeypatch.setattr(tabular, "codes", _refuse)
    assert [h.display for h in find_terms("My sodium was 128.")] == ["Hypo-osmolality and hyponatremia"]
