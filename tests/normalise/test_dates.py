"""Tests for bot.normalise.dates: absolute, partial and relative dates as patients write them."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.normalise.dates import (
    PartialDate,
    birth_date_problem,
    find_dates,
    parse_birth_date,
    parse_date,
)

TODAY = dt.date(2024, 11, 15)  # a Friday


def day(iso: str) -> PartialDate:
    return PartialDate(iso, "day")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3/4/61", day("1961-03-04")),
        ("03-04-1961", day("1961-03-04")),
        ("1961-03-04", day("1961-03-04")),
        ("1961/3/4", day("1961-03-04")),
        ("July 9th '58", day("1958-07-09")),
        ("July 9th \u201958", day("1958-07-09")),
        ("July 9, 1958", day("1958-07-09")),
        ("july 9 1958", day("1958-07-09")),
        ("9 July 1958", day("1958-07-09")),
        ("the 9th of July, 1958", day("1958-07-09")),
        ("July ninth, 1958", day("1958-07-09")),
        ("Jul-09-1958", day("1958-07-09")),
        ("9-Jul-1958", day("1958-07-09")),
        ("Sept. 21, 2023", day("2023-09-21")),
        ("13/04/1961", day("1961-04-13")),  # day first when the month can't be 13
        ("9.7.1958", day("1958-07-09")),  # dotted is day.month.year
        ("March 2023", PartialDate("2023-03", "month")),
        ("march of 2020", PartialDate("2020-03", "month")),
        ("Oct '22", PartialDate("2022-10", "month")),
        ("03/2023", PartialDate("2023-03", "month")),
        ("2019", PartialDate("2019", "year")),
        ("early 2022", PartialDate("2022", "year")),
        ("sometime in the summer of 2021", PartialDate("2021", "year")),
        ("around '98", PartialDate("1998", "year")),
    ],
)
def test_absolute_dates_keep_the_precision_given(text: str, expected: PartialDate) -> None:
    assert parse_date(text, today=TODAY) == expected


@pytest.mark.parametrize(
    ("text", "iso", "precision"),
    [
        ("last March", "2024-03", "month"),
        ("in March", "2024-03", "month"),
        ("late March", "2024-03", "month"),
        ("last November", "2023-11", "month"),  # the current month's name means a year ago
        ("in November", "2024-11", "month"),
        ("last December", "2023-12", "month"),
        ("two weeks ago", "2024-11-01", "day"),
        ("a couple of months ago", "2024-09", "month"),
        ("a few weeks back", "2024-10-25", "day"),
        ("3 years ago", "2021", "year"),
        ("a year ago", "2023", "year"),
        ("18 months ago", "2023-05", "month"),
        ("yesterday", "2024-11-14", "day"),
        ("today", "2024-11-15", "day"),
        ("last year", "2023", "year"),
        ("last month", "2024-10", "month"),
        ("last week", "2024-11-08", "day"),
        ("last Friday", "2024-11-08", "day"),
        ("on Tuesday", "2024-11-12", "day"),
        ("Dec 9", "2023-12-09", "day"),
        ("December 9th", "2023-12-09", "day"),
        ("Nov 15", "2024-11-15", "day"),
        ("the 2nd of March", "2024-03-02", "day"),
        ("may", "2024-05", "month"),
    ],
)
def test_relative_and_yearless_dates_in_the_past(text: str, iso: str, precision: str) -> None:
    assert parse_date(text, today=TODAY) == PartialDate(iso, precision)


@pytest.mark.parametrize(
    ("text", "iso", "precision"),
    [
        ("in 10 days", "2024-11-25", "day"),
        ("in two weeks' time", "2024-11-29", "day"),
        ("within a week", "2024-11-22", "day"),
        ("3 days from now", "2024-11-18", "day"),
        ("in a couple of months", "2025-01", "month"),
        ("next Tuesday", "2024-11-19", "day"),
        ("next Friday", "2024-11-22", "day"),
        ("this Friday", "2024-11-15", "day"),
        ("tomorrow", "2024-11-16", "day"),
        ("the day after tomorrow", "2024-11-17", "day"),
        ("Dec 9", "2024-12-09", "day"),
        ("December 9th", "2024-12-09", "day"),
        ("Jan 5", "2025-01-05", "day"),
        ("on 1/5", "2025-01-05", "day"),
        ("in March", "2025-03", "month"),
        ("next March", "2025-03", "month"),
        ("next month", "2024-12", "month"),
        ("next week", "2024-11-22", "day"),
        ("by the end of the month", "2024-11-30", "day"),
        ("end of this year", "2024-12-31", "day"),
        ("1/5/25", "2025-01-05", "day"),
    ],
)
def test_future_dates(text: str, iso: str, precision: str) -> None:
    assert parse_date(text, today=TODAY, prefer="future") == PartialDate(iso, precision)


def test_last_month_name_in_january_goes_back_a_year() -> None:
    assert parse_date("last March", today=dt.date(2025, 1, 10)) == PartialDate("2024-03", "month")
    assert parse_date("last March", today=dt.date(2025, 3, 2)) == PartialDate("2024-03", "month")
    assert parse_date("last March", today=dt.date(2025, 4, 1)) == PartialDate("2025-03", "month")


def test_month_arithmetic_clamps_to_month_end() -> None:
    assert parse_date("in a month", today=dt.date(2024, 1, 31), prefer="future") == PartialDate("2024-02", "month")
    assert parse_date("in 30 days", today=dt.date(2024, 1, 31), prefer="future") == day("2024-03-01")


def test_leap_day_without_year_finds_a_leap_year() -> None:
    assert parse_date("Feb 29", today=dt.date(2025, 6, 1)) == day("2024-02-29")
    assert parse_date("Feb 29", today=dt.date(2025, 6, 1), prefer="future") == day("2028-02-29")


def test_default_today_comes_from_the_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INTAKE_TODAY", "2030-06-15")
    assert parse_date("yesterday") == day("2030-06-14")
    assert parse_date("last March") == PartialDate("2030-03", "month")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "I don't remember",
        "this may be nothing",  # "may" the verb
        "she may 2 more cycles",
        "2/30/2020",  # no such day
        "13/13/2020",
        "stage 4",
        "3/4 of the tumour",
        "it costs $2000",
        "2000 mg daily",
        "call 617 555 2019",
        "Tuesdays and Thursdays",  # recurring, not a date
        "the past year has been hard",
    ],
)
def test_things_that_are_not_dates(text: str) -> None:
    assert parse_date(text, today=TODAY) is None


def test_find_dates_reports_spans_in_order() -> None:
    text = "Diagnosed last March, surgery is scheduled Dec 9 and I was born 3/4/61."
    found = find_dates(text, today=TODAY, prefer="future")
    assert [(m.text, m.value.iso) for m in found] == [
        ("last March", "2024-03"),
        ("Dec 9", "2024-12-09"),
        ("3/4/61", "1961-03-04"),
    ]
    for mention in found:
        assert text[mention.start:mention.end] == mention.text


def test_find_dates_prefers_the_longest_reading() -> None:
    found = find_dates("on March 3, 2021 they found it", today=TODAY)
    assert [(m.text, m.value.iso) for m in found] == [("March 3, 2021", "2021-03-03")]


def test_neutral_prepositions_are_not_part_of_the_span() -> None:
    found = find_dates("diagnosed in June", today=TODAY)
    assert [m.text for m in found] == ["June"]


def test_two_digit_years_in_a_birth_date_are_never_in_the_future() -> None:
    assert parse_birth_date("3/4/61", today=TODAY) == day("1961-03-04")
    assert parse_birth_date("3/4/24", today=TODAY) == day("2024-03-04")
    assert parse_birth_date("12/20/24", today=TODAY) == day("1924-12-20")
    assert parse_birth_date("1/1/05", today=TODAY) == day("2005-01-01")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("born July 9th '58", day("1958-07-09")),
        ("DOB: 07/09/1958", day("1958-07-09")),
        ("dob 7-9-58", day("1958-07-09")),
        ("9.7.1958", day("1958-07-09")),
        ("I was born on the 9th of July 1958", day("1958-07-09")),
        ("07091958", day("1958-07-09")),
        ("1958-07-09", day("1958-07-09")),
        ("my date of birth is 25/12/1960", day("1960-12-25")),
        ("I was born in 1958", PartialDate("1958", "year")),
        ("March 1961", PartialDate("1961-03", "month")),
    ],
)
def test_parse_birth_date(text: str, expected: PartialDate) -> None:
    assert parse_birth_date(text, today=TODAY) == expected


@pytest.mark.parametrize(
    "text",
    ["July 9", "3/4/2030", "next Tuesday", "1/1/1890", "2/30/1961", "no idea", "", "I'm 63"],
)
def test_parse_birth_date_rejects_impossible_answers(text: str) -> None:
    assert parse_birth_date(text, today=TODAY) is None


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("3/4/2030", "future"),
        ("tomorrow", "future"),
        ("1/1/1890", "120"),
        ("2/30/1961", "doesn't exist"),
        ("July 9", "year"),
        ("1958", "day, month and year"),
        ("March 1961", "day, month and year"),
        ("hmm", "couldn't read"),
    ],
)
def test_birth_date_problem_explains(text: str, words: str) -> None:
    problem = birth_date_problem(text, today=TODAY)
    assert problem is not None and words in problem


def test_birth_date_problem_is_none_for_good_dates() -> None:
    assert birth_date_problem("DOB 03/04/1961", today=TODAY) is None
    assert birth_date_problem("born yesterday", today=TODAY) is None


def test_birth_date_problem_does_not_echo_the_answer() -> None:
    problem = birth_date_problem("3/4/2061 john smith", today=TODAY)
    assert problem is not None and "2061" not in problem and "john" not in problem.lower()


@given(st.dates(min_value=dt.date(1905, 1, 1), max_value=TODAY))
def test_us_numeric_birth_dates_round_trip(born: dt.date) -> None:
    assert parse_birth_date(f"{born.month}/{born.day}/{born.year}", today=TODAY) == day(born.isoformat())
    assert parse_birth_date(born.strftime("%B %d, %Y"), today=TODAY) == day(born.isoformat())


@given(st.dates(min_value=dt.date(1925, 1, 1), max_value=TODAY))
def test_two_digit_birth_years_are_within_a_century(born: dt.date) -> None:
    parsed = parse_birth_date(born.strftime("%m/%d/%y"), today=TODAY)
    assert parsed is not None
    assert parsed.first_day <= TODAY
    assert (TODAY - parsed.first_day).days < 366 * 100


@given(st.integers(min_value=0, max_value=400))
def test_days_ago_and_ahead_are_symmetric(n: int) -> None:
    back = parse_date(f"{n} days ago", today=TODAY)
    ahead = parse_date(f"in {n} days", today=TODAY, prefer="future")
    assert back == day((TODAY - dt.timedelta(days=n)).isoformat())
    assert ahead == day((TODAY + dt.timedelta(days=n)).isoformat())


@given(st.text(max_size=80))
def test_never_raises_on_arbitrary_text(text: str) -> None:
    for mention in find_dates(text, today=TODAY):
        assert text[mention.start:mention.end] == mention.text
    birth_date_problem(text, today=TODAY)


def test_partial_date_bounds() -> None:
    assert PartialDate("2024-02", "month").last_day == dt.date(2024, 2, 29)
    assert PartialDate("2023", "year").first_day == dt.date(2023, 1, 1)
    assert PartialDate.of(2023, 3) == PartialDate("2023-03", "month")
