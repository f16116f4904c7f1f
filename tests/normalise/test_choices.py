"""Tests for bot.normalise.choices: free-text answers to the record's enumerated fields."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.normalise.choices import (
    coverage,
    detect_reason,
    preferred_contact,
    reason,
    records_available,
    relationship,
    urgency_for_deadline,
    yes_no,
)

TODAY = dt.date(2024, 11, 15)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("through my employer's benefit", ("employer_benefit", None)),
        ("It's covered through my employer's benefit.", ("employer_benefit", None)),
        ("my employer Acme Corp offers it", ("employer_benefit", "Acme Corp")),
        ("my employer, Globex Industries, has this benefit", ("employer_benefit", "Globex Industries")),
        ("I work for General Electric and they offer this", ("employer_benefit", "General Electric")),
        ("through Initech, my employer", ("employer_benefit", "Initech")),
        ("my company pays", ("employer_benefit", None)),
        ("it's an employee benefit", ("employer_benefit", None)),
        ("Blue Cross", ("insurance", "Blue Cross")),
        ("bcbs ppo", ("insurance", "Blue Cross Blue Shield")),
        ("Aetna", ("insurance", "Aetna")),
        ("united healthcare", ("insurance", "UnitedHealthcare")),
        ("kaiser", ("insurance", "Kaiser Permanente")),
        ("Medicare", ("insurance", "Medicare")),
        ("my insurance is Acme Health", ("insurance", "Acme Health")),
        ("insurance through work", ("insurance", None)),
        ("I will pay through my insurance", ("insurance", None)),
        ("I'll pay myself", ("self_pay", None)),
        ("out of pocket", ("self_pay", None)),
        ("self-pay", ("self_pay", None)),
        ("I don't have insurance", ("self_pay", None)),
        ("uninsured right now", ("self_pay", None)),
        ("not sure", (None, None)),
        ("", (None, None)),
    ],
)
def test_coverage(text: str, expected: tuple) -> None:
    assert coverage(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I want to make sure the diagnosis is right", "confirm_diagnosis"),
        ("is the diagnosis correct?", "confirm_diagnosis"),
        ("not sure about the diagnosis", "confirm_diagnosis"),
        ("I think I was misdiagnosed", "confirm_diagnosis"),
        ("want someone to double check the pathology", "confirm_diagnosis"),
        ("surgery", "surgery_recommended"),
        ("They want to do a mastectomy", "surgery_recommended"),
        ("they recommend spinal fusion", "surgery_recommended"),
        ("the surgeon says I need a knee replacement", "surgery_recommended"),
        ("what are my options", "treatment_options"),
        ("should I do chemo or radiation first", "treatment_options"),
        ("is there a less invasive approach", "treatment_options"),
        ("it's not getting any better", "no_improvement"),
        ("the physical therapy hasn't helped", "no_improvement"),
        ("still in pain after 6 months of treatment", "no_improvement"),
        ("peace of mind", "other"),
        ("I am not working now", "other"),
    ],
)
def test_reason(text: str, expected: str) -> None:
    assert reason(text) == expected


def test_reason_empty_is_none() -> None:
    assert reason("") is None
    assert reason("?!") is None


def test_detect_reason_in_a_narrative_needs_surgery_to_be_proposed() -> None:
    assert detect_reason("I had surgery in 2019 and I'm fine now") is None
    assert detect_reason("They want to do surgery next month") == "surgery_recommended"
    assert detect_reason("They don't think surgery is needed, I want other options") == "treatment_options"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("MRI and blood work", ["imaging", "labs"]),
        ("path report, op notes", ["pathology", "operative_notes"]),
        ("CT, PET scan, x-rays", ["imaging"]),
        ("the biopsy results and a mammogram", ["pathology", "imaging"]),
        ("discharge summary and labs", ["labs", "clinic_notes"]),
        ("surgical report from the hospital", ["operative_notes"]),
        ("clinic notes and the EKG", ["clinic_notes", "other"]),
        ("my medical records", ["other"]),
        ("genetic testing report", ["other"]),
        ("I have the scans but not the biopsy report", ["imaging"]),
        ("no pathology yet, just the ultrasound", ["imaging"]),
        ("all of them", ["pathology", "imaging", "labs", "operative_notes", "clinic_notes"]),
        ("everything", ["pathology", "imaging", "labs", "operative_notes", "clinic_notes"]),
        ("none", []),
        ("not yet", []),
        ("I don't have any records", []),
        ("my pet", []),
        ("", []),
    ],
)
def test_records_available(text: str, expected: list) -> None:
    assert records_available(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("text me", "sms"),
        ("texting is easiest", "sms"),
        ("SMS", "sms"),
        ("text my phone", "sms"),
        ("email please", "email"),
        ("E-mail", "email"),
        ("call my cell", "phone"),
        ("phone", "phone"),
        ("a phone call", "phone"),
        ("not by phone, email", "email"),
        ("please don't call, text instead", "sms"),
        ("either", None),
        ("", None),
    ],
)
def test_preferred_contact(text: str, expected: str | None) -> None:
    assert preferred_contact(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("daughter", "daughter"),
        ("the daughter", "daughter"),
        ("I'm his wife", "wife"),
        ("I am her legal guardian", "guardian"),
        ("I'm the patient's son", "son"),
        ("my daughter is filling this in for me", "daughter"),
        ("she's my mother", "child"),
        ("it's for my mom", "child"),
        ("my dad", "child"),
        ("my daughter", "parent"),
        ("my husband", "spouse"),
        ("my boyfriend", "partner"),
        ("my sister", "sibling"),
        ("my grandma", "grandchild"),
        ("my mother-in-law", "relative"),
        ("I'm her daughter-in-law", "daughter-in-law"),
        ("friend", "friend"),
        ("a friend", "friend"),
        ("none", None),
        ("", None),
    ],
)
def test_relationship(text: str, expected: str | None) -> None:
    assert relationship(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yes", True), ("Yes!", True), ("yep", True), ("yup", True), ("Sure!", True), ("ok", True),
        ("y", True), ("Yes please", True), ("yes, by email", True), ("of course", True),
        ("I do", True), ("no problem", True), ("👍", True), ("absolutely", True),
        ("no", False), ("No.", False), ("nope", False), ("nah I'm good", False), ("no thanks", False),
        ("not really", False), ("I'd rather not", False), ("definitely not", False),
        ("maybe", None), ("yes and no", None), ("I don't know", None), ("1", None), ("2", None),
        ("not sure", None), ("", None), ("purple", None),
    ],
)
def test_yes_no(text: str, expected: bool | None) -> None:
    assert yes_no(text) is expected


@pytest.mark.parametrize(
    ("deadline", "expected"),
    [
        ("2024-11-15", "urgent"),
        ("2024-11-22", "urgent"),
        ("2024-11-23", "soon"),
        ("2024-12-15", "soon"),
        ("2024-12-16", "routine"),
        ("2024-11-01", "urgent"),  # already past: a decision is overdue
        ("2025-01", "routine"),
        ("2024-12", "soon"),
        (None, "routine"),
    ],
)
def test_urgency_for_deadline(deadline: str | None, expected: str) -> None:
    assert urgency_for_deadline(deadline, TODAY) == expected


def test_urgency_uses_the_clock_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INTAKE_TODAY", "2024-11-15")
    assert urgency_for_deadline("2024-11-20") == "urgent"


@given(st.integers(min_value=-30, max_value=400))
def test_urgency_is_monotonic(days: int) -> None:
    order = {"urgent": 0, "soon": 1, "routine": 2}
    here = urgency_for_deadline((TODAY + dt.timedelta(days=days)).isoformat(), TODAY)
    later = urgency_for_deadline((TODAY + dt.timedelta(days=days + 1)).isoformat(), TODAY)
    assert order[here] <= order[later]


@pytest.mark.parametrize(
    "text",
    ["I am not improving", "I'm not improving", "not improving", "she is not improving at all",
     "I have not seen any improvement", "no longer getting better"],
)
def test_negated_improvement_is_no_improvement(text: str) -> None:
    assert reason(text) == "no_improvement"
    assert detect_reason(text) == "no_improvement"



@pytest.mark.parametrize(("text", "kinds"), [("TSH results", ["labs"]), ("platelet counts", ["labs"]),
                                             ("MRI results", ["imaging"]), ("biopsy results", ["pathology"])])
def test_named_results_and_counts_are_labs_unless_more_specific(text: str, kinds: list[str]) -> None:
    assert records_available(text) == kinds
