"""Which field a correction is about, and what it changes it to."""
from __future__ import annotations

import pytest

from bot.intake.corrections import correction_target


@pytest.mark.parametrize(
    "text",
    ["actually it's the Dobson Street clinic", "sorry, Adobe is my employer", "the doctor's name is Kabobo"],
)
def test_short_keywords_match_whole_words_only(text: str) -> None:
    assert correction_target(text) != "patient.birth_date"


@pytest.mark.parametrize("text", ["sorry, my dob is 3/4/1961", "DOB: 03/04/1961 not 1962", "I was born in 1958"])
def test_birth_date_keywords_still_match(text: str) -> None:
    assert correction_target(text) == "patient.birth_date"


def test_cells_are_not_a_cell_phone() -> None:
    assert correction_target("sorry, the cancer cells were in the lymph nodes") != "patient.phone"


@pytest.mark.parametrize(
    "text",
    ["sorry, my doctor's name is Dr. Susan Lee", "the surgeon's name is Dr. Patel not Dr. Patil",
     "actually the name of my oncologist is Dr. Wu"],
)
def test_a_doctors_name_is_not_the_patients_name(text: str) -> None:
    assert correction_target(text) == "care_team.physician"


@pytest.mark.parametrize(
    "text", ["sorry, my name is Jon not John", "the patient's name is Mary Smith", "her name is spelled Ann"]
)
def test_the_patients_name(text: str) -> None:
    assert correction_target(text) == "patient.name"
