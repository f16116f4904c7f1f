"""Tests for bot.normalise.regions: where the patient lives, as ISO 3166-2."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.normalise.region_names import US_STATES
from bot.normalise.regions import find_region, normalise_region


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ohio", "US-OH"),
        ("ohio", "US-OH"),
        ("OHIO", "US-OH"),
        ("OH", "US-OH"),
        ("Cleveland, Ohio", "US-OH"),
        ("Portland, ME", "US-ME"),
        ("portland, me", "US-ME"),
        ("Portland ME", "US-ME"),
        ("IN", "US-IN"),
        ("OK", "US-OK"),
        ("nj", "US-NJ"),
        ("tx.", "US-TX"),
        ("massachusets", "US-MA"),
        ("Pensylvania", "US-PA"),
        ("Texsa", "US-TX"),
        ("Conneticut", "US-CT"),
        ("I live in NYC", "US-NY"),
        ("we're in Brooklyn", "US-NY"),
        ("upstate new york", "US-NY"),
        ("the state of New York", "US-NY"),
        ("Springfield, Illinois", "US-IL"),
        ("springfield massachusets", "US-MA"),
        ("West Virginia", "US-WV"),
        ("virginia", "US-VA"),
        ("Arkansas", "US-AR"),
        ("Kansas", "US-KS"),
        ("Washington", "US-WA"),
        ("Washington DC", "US-DC"),
        ("Washington, D.C.", "US-DC"),
        ("D.C.", "US-DC"),
        ("Puerto Rico", "US-PR"),
        ("San Juan, PR", "US-PR"),
        ("Guam", "US-GU"),
        ("US Virgin Islands", "US-VI"),
        ("Mass.", "US-MA"),
        ("Calif.", "US-CA"),
        ("from Chicago", "US-IL"),
        ("Ontario", "CA-ON"),
        ("Toronto", "CA-ON"),
        ("QC", "CA-QC"),
        ("Québec", "CA-QC"),
        ("British Columbia", "CA-BC"),
        ("state: Hawaii", "US-HI"),
        ("it's Florida", "US-FL"),
    ],
)
def test_normalise_region(text: str, expected: str) -> None:
    assert normalise_region(text) == expected


@pytest.mark.parametrize(
    "text",
    ["", "  ", "in", "me", "or", "ok", "hi", "oh", "ma", "no", "None", "I don't know", "Main", "Vancouver",
     "Portland", "the moon", "123", "yes"],
)
def test_normalise_region_rejects_words_and_ambiguities(text: str) -> None:
    assert normalise_region(text) is None


@given(st.sampled_from(sorted(US_STATES)))
def test_every_code_and_name_round_trips(code: str) -> None:
    assert normalise_region(code) == f"US-{code}"
    assert normalise_region(US_STATES[code]) == f"US-{code}"
    assert normalise_region(US_STATES[code].lower()) == f"US-{code}"


@pytest.mark.parametrize(
    ("text", "span", "code"),
    [
        ("I live in Ohio", "Ohio", "US-OH"),
        ("We live in Cleveland, Ohio with the kids", "Ohio", "US-OH"),
        ("I live in Portland, ME and work in Boston", "ME", "US-ME"),
        ("we are in NJ", "NJ", "US-NJ"),
        ("I live in OR", "OR", "US-OR"),
        ("I live in the Boston area", "Boston", "US-MA"),
        ("im from massachusets originally", "massachusets", "US-MA"),
        ("I live in Dayton, Ohio.", "Ohio", "US-OH"),
        ("As a Texas resident, what are my options?", "Texas", "US-TX"),
        ("moved to Arizona last year", "Arizona", "US-AZ"),
        ("I'm a 54 year old woman from Ohio", "Ohio", "US-OH"),
        ("My dad lives in Toronto", "Toronto", "CA-ON"),
        ("she's living just outside of Philly now", "Philly", "US-PA"),
    ],
)
def test_find_region_in_running_text(text: str, span: str, code: str) -> None:
    found = find_region(text)
    assert found is not None
    start, end, value = found
    assert (text[start:end], value) == (span, code)


@pytest.mark.parametrize(
    "text",
    [
        "She was treated at Cleveland Clinic",
        "Mass General diagnosed her in March",
        "I'm in pain most days",
        "I live alone",
        "my daughter Georgia is helping me",
        "we got an opinion from New York Presbyterian",
        "I went to a hospital in Ohio",  # where care happened, not where they live
        "I'm in or out of hospital",
    ],
)
def test_find_region_needs_a_residence(text: str) -> None:
    assert find_region(text) is None
