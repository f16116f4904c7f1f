"""Insurer names as patients write them."""
from __future__ import annotations

import pytest

from bot.normalise.choices import coverage
from bot.normalise.insurers import find_insurer


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Blue Cross Blue Shield of Massachusetts", "Blue Cross Blue Shield of Massachusetts"),
        ("my insurance is BlueCross BlueShield of Tennessee", "BlueCross BlueShield of Tennessee"),
        ("Horizon Blue Cross Blue Shield", "Horizon Blue Cross Blue Shield"),
        ("we have Anthem Blue Cross through my wife", "Anthem Blue Cross"),
        ("UnitedHealthcare Community Plan", "UnitedHealthcare Community Plan"),
        ("bcbs of new jersey", "Blue Cross Blue Shield of New Jersey"),
    ],
)
def test_a_multi_word_insurer_name_is_kept_whole(text: str, name: str) -> None:
    found = find_insurer(text)
    assert found is not None and found[2] == name
    assert coverage(text) == ("insurance", name)


@pytest.mark.parametrize(
    ("text", "name"),
    [("I have Aetna", "Aetna"), ("bcbs", "Blue Cross Blue Shield"), ("We have Blue Cross. My doctor is Dr. Lee", "Blue Cross"),
     ("Medicare, thanks", "Medicare"), ("Through Cigna", "Cigna")],
)
def test_a_bare_insurer_keeps_its_usual_name(text: str, name: str) -> None:
    found = find_insurer(text)
    assert found is not None and found[2] == name
