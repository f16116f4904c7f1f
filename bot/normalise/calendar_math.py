"""Calendar arithmetic for relative dates: month offsets, nearest month/day/weekday, 2-digit years.

All functions are pure: ``today`` is always passed in, never read from the clock.
"""
from __future__ import annotations

import calendar
import datetime as dt
from typing import Literal, Optional

Direction = Literal["past", "future"]
YearMode = Literal["past", "future", "birth"]

FUTURE_WINDOW_YEARS = 20


def valid_day(year: int, month: int, day: int) -> bool:
    """Tells whether year-month-day is a real calendar day."""
    if not 1 <= month <= 12 or day < 1:
        return False
    return day <= calendar.monthrange(year, month)[1]


def add_months(day: dt.date, months: int) -> dt.date:
    """Moves a date by whole months, clamping the day to the target month's length.

    Args:
        day: Starting date.
        months: Months to add (negative to go back).

    Returns:
        The shifted date (Jan 31 + 1 month is Feb 28/29).
    """
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def nearest_month(month: int, today: dt.date, direction: Direction, *, strict: bool) -> tuple[int, int]:
    """Finds the year of the nearest given month before or after today.

    Args:
        month: 1-12.
        today: Reference date.
        direction: ``past`` looks back, ``future`` looks ahead.
        strict: Whether today's own month is excluded ("last March" in March is a year ago).

    Returns:
        ``(year, month)``.
    """
    if direction == "past":
        year = today.year if (month < today.month or (month == today.month and not strict)) else today.year - 1
    else:
        year = today.year if (month > today.month or (month == today.month and not strict)) else today.year + 1
    return year, month


def nearest_day(month: int, day: int, today: dt.date, direction: Direction) -> Optional[dt.date]:
    """Finds the nearest month/day (no year given) on or before/after today.

    Args:
        month: 1-12.
        day: Day of month.
        today: Reference date.
        direction: Which side of today to look.

    Returns:
        The date, or None when month/day never exists (e.g. April 31). February 29 moves
        to the nearest leap year.
    """
    step = -1 if direction == "past" else 1
    year = today.year
    for _ in range(9):
        if valid_day(year, month, day):
            candidate = dt.date(year, month, day)
            if (direction == "past" and candidate <= today) or (direction == "future" and candidate >= today):
                return candidate
        year += step
    return None


def nearest_weekday(weekday: int, today: dt.date, direction: Direction, *, strict: bool = True) -> dt.date:
    """Finds the nearest given weekday before or after today.

    Args:
        weekday: Monday=0 .. Sunday=6.
        today: Reference date.
        direction: Which side of today to look.
        strict: Whether today itself is excluded.

    Returns:
        The date.
    """
    if direction == "future":
        delta = (weekday - today.weekday()) % 7
        if delta == 0 and strict:
            delta = 7
        return today + dt.timedelta(days=delta)
    delta = (today.weekday() - weekday) % 7
    if delta == 0 and strict:
        delta = 7
    return today - dt.timedelta(days=delta)


def full_year(two_digits: int, today: dt.date, mode: YearMode, month: int = 1, day: int = 1) -> int:
    """Expands a two-digit year.

    Args:
        two_digits: 0-99.
        today: Reference date.
        mode: ``past``: latest year not after this year; ``future``: earliest year from
            last year on, unless that is more than FUTURE_WINDOW_YEARS ahead; ``birth``: latest year whose month/day is not after today.
        month: Month, used by ``birth`` mode.
        day: Day, used by ``birth`` mode.

    Returns:
        The four-digit year.
    """
    century = today.year - today.year % 100
    if mode == "future":
        year = century + two_digits
        while year < today.year - 1:
            year += 100
        while year - 100 >= today.year - 1:
            year -= 100
        if year > today.year + FUTURE_WINDOW_YEARS:
            year -= 100
        return year
    year = century + two_digits
    if year > today.year:
        year -= 100
    if mode == "birth" and year == today.year and (month, day) > (today.month, today.day):
        year -= 100
    return year
