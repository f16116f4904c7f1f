"""Words patients use when writing dates: month and weekday names, counts and ordinals.

Each table maps a lower-case word to its number, and each ``*_PATTERN`` is a regular
expression fragment (no groups) matching exactly the table's keys, longest first.
"""
from __future__ import annotations

import re

MONTHS: dict[str, int] = {
    "january": 1, "jan": 1,
    "february": 2, "feb": 2, "febuary": 2,
    "march": 3, "mar": 3,
    "april": 4, "apr": 4,
    "may": 5,
    "june": 6, "jun": 6,
    "july": 7, "jul": 7,
    "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10,
    "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}

WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3,
    "friday": 4, "saturday": 5, "sunday": 6,
}

COUNTS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "fifteen": 15, "eighteen": 18, "twenty": 20, "thirty": 30,
    "a couple of": 2, "a couple": 2, "couple of": 2, "a few": 3, "few": 3,
}

ORDINALS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11,
    "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
    "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
    "twentieth": 20, "twenty-first": 21, "twenty-second": 22, "twenty-third": 23,
    "twenty-fourth": 24, "twenty-fifth": 25, "twenty-sixth": 26,
    "twenty-seventh": 27, "twenty-eighth": 28, "twenty-ninth": 29,
    "thirtieth": 30, "thirty-first": 31,
}


def _alternation(words: dict[str, int]) -> str:
    """Builds a regex alternation of the keys, longest first, spaces flexible.

    Args:
        words: Lower-case words or phrases.

    Returns:
        A non-capturing regex fragment.
    """
    parts = sorted(words, key=len, reverse=True)
    escaped = (
        r"\s+".join(r"[-\s]?".join(re.escape(bit) for bit in word.split("-")) for word in p.split())
        for p in parts
    )
    return "(?:" + "|".join(escaped) + ")"


MONTH_PATTERN = _alternation(MONTHS)
FULL_MONTH_PATTERN = _alternation({k: v for k, v in MONTHS.items() if len(k) >= 5 or k in ("may", "june", "july")})
ABBREVIATED_MONTH_PATTERN = _alternation({k: v for k, v in MONTHS.items() if len(k) < 5 and k not in ("may", "june", "july")})
WEEKDAY_PATTERN = _alternation(WEEKDAYS)
COUNT_PATTERN = _alternation(COUNTS)
ORDINAL_PATTERN = _alternation(ORDINALS)


def _key(word: str) -> str:
    """Collapses whitespace and hyphens so a matched phrase can be looked up."""
    return re.sub(r"[\s-]+", " ", word.strip().lower()).rstrip(".")


def month_number(word: str) -> int:
    """Returns the month (1-12) of a month name or abbreviation matched by MONTH_PATTERN."""
    return MONTHS[_key(word)]


def weekday_number(word: str) -> int:
    """Returns the weekday (Monday=0) of a name matched by WEEKDAY_PATTERN."""
    return WEEKDAYS[_key(word)]


def count_value(word: str) -> int:
    """Returns the number a count matched by COUNT_PATTERN (or digits) stands for."""
    key = _key(word)
    if key.isdigit():
        return int(key)
    return COUNTS[key]


def ordinal_value(word: str) -> int:
    """Returns the day number of an ordinal word ("ninth") or digits with suffix ("9th")."""
    key = _key(word)
    digits = re.match(r"\d+", key)
    if digits:
        return int(digits.group())
    return ORDINALS[key.replace(" ", "-")]
