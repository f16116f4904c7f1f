"""Tests for bot.normalise.phones: E.164 normalisation of typed phone numbers."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.normalise.phones import find_phones, normalise_phone


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("617.555.0142", "+16175550142"),
        ("(617) 555-0142", "+16175550142"),
        ("617-555-0142", "+16175550142"),
        ("6175550142", "+16175550142"),
        ("1-617-555-0142", "+16175550142"),
        ("+1 617 555 0142", "+16175550142"),
        ("+44 20 7946 0958", "+442079460958"),
        ("0044 20 7946 0958", "+442079460958"),
        ("617 555 0142 ext 3", "+16175550142"),
        ("617-555-0142 x204", "+16175550142"),
        ("call me at 6175550142", "+16175550142"),
        ("my cell is (617)555-0142, evenings are best", "+16175550142"),
        ("1 (800) 555-0199", "+18005550199"),
        ("617_555_0142", "+16175550142"),
        ("six one seven five five five zero one four two", "+16175550142"),
        ("  212 555 1234  ", "+12125551234"),
    ],
)
def test_normalise_phone(text: str, expected: str) -> None:
    assert normalise_phone(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "555-0142",  # no area code
        "12345",
        "(555) 555-5555",  # 555 is not an area code
        "call me",
        "my birthday is 3/4/1961",
        "123-456-7890",
        "617 555 01",
    ],
)
def test_normalise_phone_rejects(text: str) -> None:
    assert normalise_phone(text) is None


def test_other_default_region() -> None:
    assert normalise_phone("020 7946 0958", default_region="GB") == "+442079460958"
    assert normalise_phone("020 7946 0958") is None


def test_find_phones_reports_every_number_with_its_span() -> None:
    text = "home 617-555-0142, work (212) 555-1234 ext 9"
    found = find_phones(text)
    assert [e164 for _, _, e164 in found] == ["+16175550142", "+12125551234"]
    assert text[found[0][0]:found[0][1]] == "617-555-0142"
    assert text[found[1][0]:found[1][1]].startswith("(212) 555-1234")


def test_find_phones_ignores_dates_and_money() -> None:
    assert find_phones("born 03/04/1961, paid $1,200 in 2023") == []


@given(st.sampled_from(["617", "212", "415", "312"]), st.integers(200, 999), st.integers(0, 9999))
def test_formats_agree(area: str, exchange: int, line: int) -> None:
    digits = f"{area}{exchange:03d}{line:04d}"
    dotted = f"{area}.{exchange:03d}.{line:04d}"
    bracketed = f"({area}) {exchange:03d}-{line:04d}"
    assert normalise_phone(digits) == normalise_phone(dotted) == normalise_phone(bracketed)
