"""Dates as patients write them: absolute, partial and relative, kept as precise as given.

``parse_date("last March")`` is March of the right year at month precision; ``"3/4/61"`` is
read the US way (month/day/year) unless that is impossible; dotted dates (``9.7.1958``)
are day.month.year. Every relative date is computed from a ``today`` argument that
defaults to :func:`bot.clock.today` (which honours ``INTAKE_TODAY``).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Callable, Literal, Optional

from bot import clock
from bot.normalise import calendar_math as cal
from bot.normalise.date_words import (
    ABBREVIATED_MONTH_PATTERN,
    COUNT_PATTERN,
    FULL_MONTH_PATTERN,
    ORDINAL_PATTERN,
    WEEKDAY_PATTERN,
    count_value,
    month_number,
    ordinal_value,
    weekday_number,
)

Precision = Literal["year", "month", "day"]
Direction = Literal["past", "future"]

MAX_AGE_YEARS = 120


@dataclass(frozen=True)
class PartialDate:
    """A date known to year, month or day precision.

    Attributes:
        iso: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.
        precision: Which of the three forms ``iso`` is.
    """

    iso: str
    precision: Precision

    @classmethod
    def of(cls, year: int, month: Optional[int] = None, day: Optional[int] = None) -> "PartialDate":
        """Builds a partial date from its known parts (month needed for a day)."""
        if month is None:
            return cls(f"{year:04d}", "year")
        if day is None:
            return cls(f"{year:04d}-{month:02d}", "month")
        return cls(f"{year:04d}-{month:02d}-{day:02d}", "day")

    @classmethod
    def from_date(cls, day: dt.date) -> "PartialDate":
        """Builds a day-precision partial date."""
        return cls(day.isoformat(), "day")

    @property
    def first_day(self) -> dt.date:
        """The earliest calendar day the partial date covers."""
        parts = [int(p) for p in self.iso.split("-")] + [1, 1]
        return dt.date(parts[0], parts[1], parts[2])

    @property
    def last_day(self) -> dt.date:
        """The latest calendar day the partial date covers."""
        first = self.first_day
        if self.precision == "day":
            return first
        if self.precision == "month":
            return cal.add_months(first, 1) - dt.timedelta(days=1)
        return dt.date(first.year, 12, 31)


@dataclass(frozen=True)
class DateMention:
    """A date found inside a longer text.

    Attributes:
        start: Offset of the first character of the mention.
        end: Offset just past the mention.
        text: ``text[start:end]`` of the searched text.
        value: What the mention means.
    """

    start: int
    end: int
    text: str
    value: PartialDate


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    value: Optional[PartialDate]
    problem: Optional[str] = None
    has_year: bool = True


@dataclass(frozen=True)
class _Context:
    today: dt.date
    prefer: Direction
    year_mode: cal.YearMode


_Handler = Callable[[re.Match, _Context], Optional[_Candidate]]

# --- regex building blocks ---------------------------------------------------------------

_MON = rf"\b(?P<mon>{FULL_MONTH_PATTERN}\b|{ABBREVIATED_MONTH_PATTERN}(?:\.|\b))"
_DAY = rf"(?P<day>(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d)|{ORDINAL_PATTERN}\b)"
_YEAR4 = r"(?:1[89]|20|21)\d{2}"
_APOS = "['\u2019\u2018`]"
_YEAR_TAIL = (
    rf"(?:\s*,\s*(?:of\s+)?|\s+(?:of\s+)?|\s*-\s*)"
    rf"(?P<year>{_YEAR4}|{_APOS}\d{{2}}|(?<=,)\d{{2}}|(?<=,\s)\d{{2}})(?![\d:])"
)
_QUAL = (
    r"(?:(?:the\s+)?(?:very\s+)?(?:early|mid|late|end\s+of|beginning\s+of|start\s+of|middle\s+of|"
    r"spring|summer|fall|autumn|winter)(?:\s+of)?[\s-]+)"
)
_NO_NUM_BEFORE = r"(?<![\d./-])"
_NO_NUM_AFTER = r"(?!\d|[./-]\d)"
_UNITS_AFTER = (
    r"(?!\s*(?:mg|mcg|ml|cc|iu|units?|dollars|usd|calories|steps|miles|feet|ft|lbs?|pounds|kg|"
    r"patients|people|times)\b)"
)
_COUNT = rf"(?P<n>\d{{1,3}}|{COUNT_PATTERN})"
_UNIT = r"(?P<unit>day|week|month|year)s?"

_NEUTRAL_MONTH_CUES = {"in", "since", "until", "till", "by", "before", "after", "during", "around", "about"}


# --- value helpers -----------------------------------------------------------------------

def _year_value(raw: str, ctx: _Context, month: int = 1, day: int = 1) -> int:
    digits = re.sub(r"\D", "", raw)
    if len(digits) == 4:
        return int(digits)
    return cal.full_year(int(digits), ctx.today, ctx.year_mode, month, day)


def _day_candidate(m: re.Match, year: int, month: int, day: int, span: Optional[tuple[int, int]] = None) -> _Candidate:
    start, end = span or m.span()
    if not cal.valid_day(year, month, day):
        return _Candidate(start, end, None, "no_such_day")
    return _Candidate(start, end, PartialDate.of(year, month, day))


def _lower_may(m: re.Match) -> bool:
    """Tells whether the month matched is a lower-case "may" (the modal verb, usually)."""
    return m.group("mon") == "may"


# --- handlers ----------------------------------------------------------------------------

def _iso(m: re.Match, ctx: _Context) -> _Candidate:
    return _day_candidate(m, int(m["y"]), int(m["m"]), int(m["d"]))


def _numeric(m: re.Match, ctx: _Context) -> _Candidate:
    a, b = int(m["a"]), int(m["b"])
    dotted = m["s"] == "."
    if dotted:
        day, month = (a, b) if b <= 12 else (b, a)
    else:
        month, day = (a, b) if a <= 12 else (b, a)
    if not 1 <= month <= 12:
        return _Candidate(m.start(), m.end(), None, "no_such_day")
    year = _year_value(m["y"], ctx, month, day if 1 <= day <= 31 else 1)
    return _day_candidate(m, year, month, day)


def _numeric_month_year(m: re.Match, ctx: _Context) -> Optional[_Candidate]:
    month = int(m["m"])
    if not 1 <= month <= 12:
        return None
    return _Candidate(m.start(), m.end(), PartialDate.of(int(m["y"]), month))


def _numeric_month_day(m: re.Match, ctx: _Context) -> Optional[_Candidate]:
    month, day = int(m["m"]), int(m["d"])
    start, end = m.span("date")
    if not 1 <= month <= 12:
        return None
    found = cal.nearest_day(month, day, ctx.today, ctx.prefer)
    if found is None:
        return _Candidate(start, end, None, "no_such_day", has_year=False)
    return _Candidate(start, end, PartialDate.from_date(found), has_year=False)


def _month_day_year(m: re.Match, ctx: _Context) -> _Candidate:
    month = month_number(m["mon"])
    day = ordinal_value(m["day"])
    year = _year_value(m["year"], ctx, month, day if 1 <= day <= 31 else 1)
    return _day_candidate(m, year, month, day)


def _month_year(m: re.Match, ctx: _Context) -> Optional[_Candidate]:
    if _lower_may(m) and not m["year"][0].isdigit():
        return None
    month = month_number(m["mon"])
    return _Candidate(m.start(), m.end(), PartialDate.of(_year_value(m["year"], ctx, month), month))


def _month_day(m: re.Match, ctx: _Context) -> Optional[_Candidate]:
    if _lower_may(m):
        return None
    month, day = month_number(m["mon"]), ordinal_value(m["day"])
    found = cal.nearest_day(month, day, ctx.today, ctx.prefer)
    if found is None:
        return _Candidate(m.start(), m.end(), None, "no_such_day", has_year=False)
    return _Candidate(m.start(), m.end(), PartialDate.from_date(found), has_year=False)


def _month_only(m: re.Match, ctx: _Context) -> Optional[_Candidate]:
    cue = re.sub(r"\s+", " ", (m.groupdict().get("q") or "").lower())
    if _lower_may(m) and cue in ("this", "early", "mid", "late"):
        return None
    month = month_number(m["mon"])
    if cue == "last":
        year, month = cal.nearest_month(month, ctx.today, "past", strict=True)
    elif cue == "next":
        year, month = cal.nearest_month(month, ctx.today, "future", strict=True)
    elif cue == "this":
        year = ctx.today.year
    elif cue in ("until", "till", "by", "before"):
        year, month = cal.nearest_month(month, ctx.today, "future", strict=False)
    elif cue in ("since", "during"):
        year, month = cal.nearest_month(month, ctx.today, "past", strict=False)
    else:
        year, month = cal.nearest_month(month, ctx.today, ctx.prefer, strict=False)
    start, end = m.span()
    if cue in _NEUTRAL_MONTH_CUES:
        start = m.start("mon")
    return _Candidate(start, end, PartialDate.of(year, month), has_year=False)


def _year_only(m: re.Match, ctx: _Context) -> _Candidate:
    start, end = m.span("date")
    return _Candidate(start, end, PartialDate.of(_year_value(m["year"], ctx)))


def _relative_day(m: re.Match, ctx: _Context) -> _Candidate:
    word = m.group().lower()
    offset = 0
    if "after" in word:
        offset = 2
    elif "before" in word:
        offset = -2
    elif "tomorrow" in word:
        offset = 1
    elif "yesterday" in word:
        offset = -1
    return _Candidate(m.start(), m.end(), PartialDate.from_date(ctx.today + dt.timedelta(days=offset)))


def _offset(ctx: _Context, count: int, unit: str) -> PartialDate:
    unit = unit.lower()
    if unit == "day":
        return PartialDate.from_date(ctx.today + dt.timedelta(days=count))
    if unit == "week":
        return PartialDate.from_date(ctx.today + dt.timedelta(weeks=count))
    moved = cal.add_months(ctx.today, count * (12 if unit == "year" else 1))
    if unit == "year":
        return PartialDate.of(moved.year)
    return PartialDate.of(moved.year, moved.month)


def _ago(m: re.Match, ctx: _Context) -> _Candidate:
    return _Candidate(m.start(), m.end(), _offset(ctx, -count_value(m["n"]), m["unit"]))


def _ahead(m: re.Match, ctx: _Context) -> _Candidate:
    start, end = m.span("date")
    return _Candidate(start, end, _offset(ctx, count_value(m["n"]), m["unit"]))


def _relative_period(m: re.Match, ctx: _Context) -> Optional[_Candidate]:
    cue = re.sub(r"\s+", " ", m["q"].lower())
    step = {"last": -1, "this": 0, "next": 1, "coming": 1, "the following": 1}[cue]
    unit = m["unit"].lower()
    if unit == "week":
        if step == 0:
            return None
        value = PartialDate.from_date(ctx.today + dt.timedelta(weeks=step))
    elif unit == "month":
        moved = cal.add_months(ctx.today, step)
        value = PartialDate.of(moved.year, moved.month)
    else:
        value = PartialDate.of(ctx.today.year + step)
    return _Candidate(m.start(), m.end(), value)


def _end_of_period(m: re.Match, ctx: _Context) -> _Candidate:
    if m["unit"].lower() == "year":
        last = dt.date(ctx.today.year, 12, 31)
    else:
        last = cal.add_months(ctx.today.replace(day=1), 1) - dt.timedelta(days=1)
    return _Candidate(m.start(), m.end(), PartialDate.from_date(last))


def _weekday(m: re.Match, ctx: _Context) -> _Candidate:
    cue = re.sub(r"\s+", " ", (m["q"] or "").lower())
    weekday = weekday_number(m["wd"])
    if cue in ("next", "coming", "this coming"):
        day = cal.nearest_weekday(weekday, ctx.today, "future", strict=True)
    elif cue == "this":
        day = cal.nearest_weekday(weekday, ctx.today, "future", strict=False)
    elif cue in ("last", "past", "this past"):
        day = cal.nearest_weekday(weekday, ctx.today, "past", strict=True)
    else:
        day = cal.nearest_weekday(weekday, ctx.today, ctx.prefer, strict=True)
    start = m.start() if cue not in ("", "on") else m.start("wd")
    return _Candidate(start, m.end(), PartialDate.from_date(day), has_year=False)


# --- the pattern table (order breaks ties between equally long matches) -------------------

_PATTERNS: list[tuple[str, _Handler]] = [
    (rf"{_NO_NUM_BEFORE}(?P<y>{_YEAR4})(?P<s>[-/.])(?P<m>\d{{1,2}})(?P=s)(?P<d>\d{{1,2}}){_NO_NUM_AFTER}", _iso),
    (rf"{_NO_NUM_BEFORE}(?P<a>\d{{1,2}})(?P<s>[-/.])(?P<b>\d{{1,2}})(?P=s)(?P<y>\d{{4}}|\d{{2}}){_NO_NUM_AFTER}", _numeric),
    (rf"{_NO_NUM_BEFORE}(?P<m>\d{{1,2}})[/-](?P<y>{_YEAR4}){_NO_NUM_AFTER}", _numeric_month_year),
    (
        rf"(?:\b(?:on|by|before|until|till|for|since|dated|from|after|scheduled)\s+(?:the\s+)?|^\W*(?=\d{{1,2}}/\d{{1,2}}\W*$))"
        rf"(?P<date>(?P<m>\d{{1,2}})/(?P<d>\d{{1,2}}))(?![\d/]|\.\d)",
        _numeric_month_day,
    ),
    (rf"{_MON}[\s-]*(?:the\s+)?{_DAY}{_YEAR_TAIL}", _month_day_year),
    (rf"(?<!\w)(?:the\s+)?{_DAY}(?:\s+of)?[\s-]*{_MON}{_YEAR_TAIL}", _month_day_year),
    (rf"(?:\b{_QUAL})?{_MON}(?:\s*,\s*|\s+|\s*/\s*)(?:of\s+|in\s+)?(?P<year>{_YEAR4}|{_APOS}\d{{2}})(?!\d)", _month_year),
    (rf"{_MON}[\s-]*(?:the\s+)?{_DAY}", _month_day),
    (rf"(?<!\w)(?:the\s+)?{_DAY}(?:\s+of)?[\s-]*{_MON}", _month_day),
    (
        r"\b(?P<q>last|this|next|in|since|until|till|by|before|after|during|around|about|"
        r"(?:the\s+)?(?:very\s+)?(?:early|mid|late|end\s+of|beginning\s+of|start\s+of|middle\s+of))"
        rf"[\s-]+(?:of\s+)?{_MON}(?!\s*,?\s*(?:the\s+)?\d)",
        _month_only,
    ),
    (rf"^\W*(?P<q>){_MON}\W*$", _month_only),
    (
        rf"(?<![\w$£€#./-])(?<!\d\s)(?<!\d-)(?P<date>{_QUAL}?(?P<year>(?:19|20)\d{{2}}))"
        rf"(?![\w%]|[./-]\d){_UNITS_AFTER}",
        _year_only,
    ),
    (rf"(?:\b(?:in|since|of|from|back\s+in|around|circa)\s+|^\s*)(?P<date>(?P<year>{_APOS}\d{{2}}))(?![\d'])", _year_only),
    (r"\b(?:(?:the\s+)?day\s+after\s+tomorrow|(?:the\s+)?day\s+before\s+yesterday|today|tonight|tomorrow|yesterday)\b", _relative_day),
    (rf"\b{_COUNT}\s+(?:more\s+)?{_UNIT}\s+(?:ago|back|earlier)\b", _ago),
    (
        rf"\b(?P<date>(?:in|within)\s+(?:about\s+|around\s+|roughly\s+|approximately\s+|another\s+|just\s+|"
        rf"the\s+next\s+|only\s+)?{_COUNT}\s+{_UNIT}(?:{_APOS}?\s+time)?)\b",
        _ahead,
    ),
    (rf"\b(?P<date>{_COUNT}\s+{_UNIT}\s+from\s+(?:now|today))\b", _ahead),
    (r"\b(?P<q>last|this|next|coming|the\s+following)\s+(?P<unit>week|month|year)\b", _relative_period),
    (r"\b(?:the\s+)?end\s+of\s+(?:the|this)\s+(?P<unit>month|year)\b", _end_of_period),
    (rf"\b(?:(?P<q>next|this\s+coming|this\s+past|this|last|coming|past|on)\s+)?(?P<wd>{WEEKDAY_PATTERN})\b", _weekday),
]

_COMPILED: list[tuple[re.Pattern, _Handler]] = []


def _compiled() -> list[tuple[re.Pattern, _Handler]]:
    """Compiles the pattern table on first use (cheap, but kept off the import path)."""
    if not _COMPILED:
        _COMPILED.extend((re.compile(p, re.IGNORECASE), h) for p, h in _PATTERNS)
    return _COMPILED


def _scan(text: str, ctx: _Context) -> list[_Candidate]:
    """Finds every date-like span, keeping the longest where they overlap.

    Args:
        text: Any text.
        ctx: Today, preferred direction and two-digit-year rule.

    Returns:
        Non-overlapping candidates in text order (some may carry a problem, not a value).
    """
    found: list[tuple[int, int, _Candidate]] = []
    for priority, (pattern, handler) in enumerate(_compiled()):
        for match in pattern.finditer(text):
            candidate = handler(match, ctx)
            if candidate is not None and candidate.end > candidate.start:
                found.append((priority, match.start(), candidate))
    found.sort(key=lambda item: (-(item[2].end - item[2].start), item[0], item[2].start))
    chosen: list[_Candidate] = []
    for _, _, candidate in found:
        if all(candidate.end <= c.start or candidate.start >= c.end for c in chosen):
            chosen.append(candidate)
    return sorted(chosen, key=lambda c: c.start)


def _today(today: Optional[dt.date]) -> dt.date:
    return today if today is not None else clock.today()


def find_dates(text: str, *, today: Optional[dt.date] = None, prefer: Direction = "past") -> list[DateMention]:
    """Finds the dates mentioned in a text.

    Args:
        text: A patient's message.
        today: Reference date for relative dates; defaults to ``bot.clock.today()``.
        prefer: Where a date without a year (or a bare weekday) falls relative to today.

    Returns:
        The mentions in text order; impossible dates (April 31) are left out.
    """
    ctx = _Context(_today(today), prefer, prefer)
    return [
        DateMention(c.start, c.end, text[c.start:c.end], c.value)
        for c in _scan(text, ctx)
        if c.value is not None
    ]


def parse_date(text: str, *, today: Optional[dt.date] = None, prefer: Direction = "past") -> Optional[PartialDate]:
    """Reads the (first) date in an answer.

    Args:
        text: E.g. "3/4/61", "last March", "in 10 days", "early 2022", "Dec 9".
        today: Reference date for relative dates; defaults to ``bot.clock.today()``.
        prefer: Where a date without a year falls: the nearest one before or after today.

    Returns:
        The date at the precision given, or None when there is no readable date.
    """
    mentions = find_dates(text, today=today, prefer=prefer)
    return mentions[0].value if mentions else None


_COMPACT_BIRTH = re.compile(r"^\D*?(?P<m>[01]\d)(?P<d>[0-3]\d)(?P<y>(?:19|20)\d{2})\D*$")


def _birth_candidate(text: str, today: dt.date) -> Optional[_Candidate]:
    """Finds the first date-like span of a birth-date answer, read as a birth date."""
    ctx = _Context(today, "past", "birth")
    candidates = _scan(text, ctx)
    if candidates:
        return candidates[0]
    compact = _COMPACT_BIRTH.match(text.strip())
    if compact:
        year, month, day = int(compact["y"]), int(compact["m"]), int(compact["d"])
        if cal.valid_day(year, month, day):
            return _Candidate(compact.start("m"), compact.end("y"), PartialDate.of(year, month, day))
    return None


def _birth_problem_code(candidate: Optional[_Candidate], today: dt.date) -> Optional[str]:
    if candidate is None:
        return "unreadable"
    if candidate.value is None:
        return candidate.problem or "unreadable"
    if not candidate.has_year:
        return "no_year"
    value = candidate.value
    if value.first_day > today:
        return "future"
    if today.year - value.last_day.year > MAX_AGE_YEARS or (
        value.precision == "day" and cal.add_months(value.first_day, 12 * MAX_AGE_YEARS) < today
    ):
        return "too_old"
    if value.precision != "day":
        return "imprecise"
    return None


def parse_birth_date(text: str, *, today: Optional[dt.date] = None) -> Optional[PartialDate]:
    """Reads a birth date: two-digit years are in the past, never in the future, age <= 120.

    Args:
        text: E.g. "born July 9th '58", "DOB: 07/09/1958", "9.7.1958", "I was born in 1958".
        today: Reference date; defaults to ``bot.clock.today()``.

    Returns:
        The birth date at the precision given (a year alone stays a year: the caller decides
        whether that is enough), or None when unreadable, in the future, over 120 years ago,
        or without a year.
    """
    now = _today(today)
    candidate = _birth_candidate(text, now)
    if _birth_problem_code(candidate, now) in (None, "imprecise"):
        return candidate.value if candidate else None
    return None


_BIRTH_PROBLEMS = {
    "unreadable": "Sorry, I couldn't read that as a date. Could you write it like March 4, 1961 or 03/04/1961?",
    "no_such_day": "That day doesn't exist in that month. Could you check the date?",
    "no_year": "I need the year of birth as well, please.",
    "future": "That date is in the future. Could you check it, especially the year?",
    "too_old": "That would mean an age over 120. Could you check the year?",
    "imprecise": "I need the day, month and year, please.",
}


def birth_date_problem(text: str, *, today: Optional[dt.date] = None) -> Optional[str]:
    """Explains, politely, why an answer is not a usable full birth date.

    Args:
        text: The patient's answer.
        today: Reference date; defaults to ``bot.clock.today()``.

    Returns:
        A sentence the assistant can say, or None when the answer is a complete, plausible
        birth date.
    """
    now = _today(today)
    code = _birth_problem_code(_birth_candidate(text, now), now)
    return _BIRTH_PROBLEMS[code] if code else None
