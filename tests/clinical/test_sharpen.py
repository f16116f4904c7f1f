"""A generic or default-site mention made as specific as the message allows."""
from __future__ import annotations

import pytest

from bot.clinical.diagnosis import main_diagnosis
from bot.clinical.match import DiagnosisMatch
from bot.clinical.sharpen import resite, retype, sentence_bounds


def _mention(text: str, mention: str, code: str, display: str) -> DiagnosisMatch:
    start = text.index(mention)
    return DiagnosisMatch(mention, start, start + len(mention), code, display, "orthopedics", True, False, False, 1.0)


@pytest.mark.parametrize(
    ("text", "mention", "code", "display", "prefix"),
    [
        (
            "Osteoarthritis in both knees.",
            "Osteoarthritis",
            "M19.90",
            "Unspecified osteoarthritis, unspecified site",
            "M17",
        ),
        (
            "A bulging disc in my neck.",
            "bulging disc",
            "M51.26",
            "Other intervertebral disc displacement, lumbar region",
            "M50",
        ),
    ],
)
def test_resite_takes_the_named_body_part(text: str, mention: str, code: str, display: str, prefix: str) -> None:
    assert resite(text, _mention(text, mention, code, display)).code.startswith(prefix)


def test_resite_leaves_a_site_the_disease_spread_to() -> None:
    text = "Cancer that spread to the liver."
    match = _mention(text, "Cancer", "C80.1", "Malignant (primary) neoplasm, unspecified")
    assert resite(text, match).code == "C80.1"


def test_retype_takes_the_one_type_stated() -> None:
    text = "He is type 1. His diabetes is hard to control."
    match = _mention(text, "diabetes", "E11.9", "Type 2 diabetes mellitus without complications")
    assert retype(text, match).code == "E10.9"


def test_sentence_bounds() -> None:
    text = "First one. Second one here! Third."
    start = text.index("one here")
    assert text[slice(*sentence_bounds(text, start, start + 3))] == " Second one here!"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Our daughter has been deaf since birth.", "H90.5"),
        ("My son was born with cataracts in both eyes.", "Q12.0"),
        ("She has had glaucoma since birth.", "Q15.0"),
    ],
)
def test_a_condition_the_patient_was_born_with_takes_its_congenital_code(text: str, code: str) -> None:
    main = main_diagnosis(text)
    assert main is not None and main.code == code


def test_a_condition_acquired_later_keeps_its_code() -> None:
    main = main_diagnosis("I have been deaf since I had meningitis.")
    assert main is not None and main.code == "H91.90"
