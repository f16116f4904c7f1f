"""Where a patient lives, as an ISO 3166-2 subdivision code (``US-OH``, ``CA-ON``).

Reviewing physicians' licensure depends on it, so this module prefers saying nothing to
guessing: two-letter codes that are also English words ("in", "me", "or", "ok", "hi")
are only taken when they are the whole answer in capitals or clearly follow a city.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from bot.normalise.region_names import (
    CITIES,
    WHOLE_ANSWER_ONLY_ALIASES,
    WORDLIKE_CODES,
    all_codes,
    all_names,
)

_FUZZY_CUTOFF_ANSWER = 80.0
_FUZZY_CUTOFF_RUNNING_TEXT = 88.0
_FUZZY_MIN_LENGTH = 5

_ANSWER_PREFIX = re.compile(
    r"^\s*(?:(?:i|we|she|he|they)\s*(?:'m|'re|'s|am|are|is)?\s*(?:currently\s+|now\s+)?"
    r"(?:live|lives|living|reside|resides|based|located)?\s*(?:in|at)\s+|"
    r"(?:i'm|i am|we're|we are)\s+from\s+|from\s+|in\s+|state\s*(?:of\s+residence)?\s*[:\-]?\s*|"
    r"the\s+state\s+of\s+|my\s+state\s+is\s+|it'?s\s+)",
    re.IGNORECASE,
)
_RESIDENCE_CUE = re.compile(
    r"\b(?:(?:live|lives|living|reside|resides|residing|based|located|moved|relocated|settled|staying|"
    r"stay)\s+(?:(?:now|currently|still|here|back|just|right)\s+)?(?:in|to|near|outside(?:\s+of)?)|"
    r"(?:i'?m|i\s+am|we'?re|we\s+are|she'?s|he'?s|she\s+is|he\s+is|they\s+are|is|are)\s+"
    r"(?:originally\s+)?from|resident\s+of|here\s+in|"
    r"(?:i'?m|i\s+am|we'?re|we\s+are)\s+(?:(?:up|down|out|over|based)\s+)?in|home\s+is\s+in)\s+(?:the\s+)?",
    re.IGNORECASE,
)
_FROM_STATE = re.compile(r"\bfrom\s+(?:the\s+(?:state\s+of\s+)?)?$", re.IGNORECASE)
_INSTITUTION_AFTER = re.compile(
    r"\s+(?:[A-Z][\w'-]*\s+){0,2}(?:Hospital|Medical|Clinic|University|Health|Presbyterian|Cancer|Center|"
    r"State|Oncology|Methodist|General|Memorial)\b"
)
_RESIDENT_AFTER = re.compile(r"\s+(?:resident|native)\b", re.IGNORECASE)
_WINDOW_END = re.compile(r"[.;!?\n]|\s(?:and|but|where|since|because|so)\s|,\s+(?:and|but|so|which|where)\b")
_MAX_LEAD = 30


@dataclass(frozen=True)
class _Place:
    start: int
    end: int
    code: str
    kind: str  # "name", "city" or "code"


@lru_cache(maxsize=1)
def _name_pattern() -> re.Pattern:
    names = sorted(all_names(), key=len, reverse=True)
    body = "|".join(re.escape(n).replace(r"\ ", r"\s+").replace(" ", r"\s+") for n in names)
    return re.compile(rf"(?<![\w.])(?:{body})(?![\w-])", re.IGNORECASE)


@lru_cache(maxsize=1)
def _city_pattern() -> re.Pattern:
    cities = sorted(CITIES, key=len, reverse=True)
    body = "|".join(re.escape(c).replace(" ", r"\s+") for c in cities)
    return re.compile(rf"(?<![\w.])(?:{body})(?![\w-])", re.IGNORECASE)


_CODE = re.compile(r"(?<![\w.])(?P<code>[A-Za-z]\.?[A-Za-z])\.?(?![\w-])")


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().lower())


def _places(text: str, *, whole_answer: bool, after_cue: bool = False) -> list[_Place]:
    """Finds names, cities and two-letter codes, longest first where they overlap.

    Args:
        text: Text to search.
        whole_answer: Whether ``text`` is an answer about the place and nothing else.
        after_cue: Whether ``text`` directly follows "I live in" or the like, so an
            upper-case code at its very start is meant as a code ("I live in OR").
    """
    names = all_names()
    found: list[_Place] = []
    for match in _name_pattern().finditer(text):
        key = _key(match.group())
        if not whole_answer and key in WHOLE_ANSWER_ONLY_ALIASES:
            continue
        found.append(_Place(match.start(), match.end(), names[key], "name"))
    for match in _city_pattern().finditer(text):
        found.append(_Place(match.start(), match.end(), CITIES[_key(match.group())], "city"))
    codes = all_codes()
    for match in _CODE.finditer(text):
        raw = match["code"].replace(".", "")
        code = codes.get(raw.upper())
        leading = after_cue and raw.isupper() and not text[: match.start()].strip()
        if code and (leading or _code_is_clear(text, match, raw, whole_answer)):
            found.append(_Place(match.start(), match.end(), code, "code"))
    found.sort(key=lambda p: (-(p.end - p.start), p.start))
    chosen: list[_Place] = []
    for place in found:
        if all(place.end <= c.start or place.start >= c.end for c in chosen):
            chosen.append(place)
    return sorted(chosen, key=lambda p: p.start)


def _code_is_clear(text: str, match: re.Match, raw: str, whole_answer: bool) -> bool:
    """Tells whether a two-letter token is meant as a state/province code."""
    after_comma = bool(re.search(r"[A-Za-z]\s*,\s*$", text[: match.start()]))
    if raw.isupper():
        return whole_answer or after_comma or raw not in WORDLIKE_CODES
    if raw.upper() in WORDLIKE_CODES:
        return after_comma and whole_answer
    return whole_answer and (after_comma or text.strip(" .") == match.group().strip("."))


def _best(places: list[_Place]) -> _Place:
    """Picks the subdivision a list of mentions points to: a state beats a city beats a code."""
    rank = {"name": 0, "code": 1, "city": 2}
    return min(places, key=lambda p: (rank[p.kind], p.start))


@lru_cache(maxsize=1)
def _fuzzy_choices() -> dict[str, str]:
    return {k: v for k, v in all_names().items() if len(k) >= _FUZZY_MIN_LENGTH and "." not in k}


def _fuzzy(candidate: str, cutoff: float = _FUZZY_CUTOFF_ANSWER) -> Optional[str]:
    """Matches a misspelt state or province name ("Massachusets") to its code (cities: exact only)."""
    from rapidfuzz import fuzz, process

    key = _key(re.sub(r"[^\w\s.'-]", " ", candidate))
    if len(key) < _FUZZY_MIN_LENGTH:
        return None
    choices = _fuzzy_choices()
    best = process.extractOne(key, list(choices), scorer=fuzz.ratio, score_cutoff=cutoff)
    return choices[best[0]] if best else None


def normalise_region(text: str) -> Optional[str]:
    """Reads an answer to "Which state do you live in?".

    Args:
        text: E.g. "Ohio", "oh" (rejected: a word), "OH", "Cleveland, Ohio", "Portland, ME",
            "massachusets", "I live in NYC", "Ontario".

    Returns:
        The ISO 3166-2 code, or None when no subdivision is clearly named.
    """
    if not text or not text.strip():
        return None
    answer = _ANSWER_PREFIX.sub("", text.strip(), count=1).strip(" !,;")
    answer = re.sub(r"(?<!\b\w)\.+$", "", answer).strip()
    if not answer:
        return None
    places = _places(answer, whole_answer=True)
    if places:
        return _best(places).code
    return _fuzzy(answer) or _fuzzy_words(answer)


def _fuzzy_words(answer: str) -> Optional[str]:
    """Tries the fuzzy match on the last one to three words ("springfield massachusets")."""
    words = answer.replace(",", " ").split()
    for size in (3, 2, 1):
        if len(words) >= size:
            code = _fuzzy(" ".join(words[-size:]))
            if code:
                return code
    return None


def find_region(text: str) -> Optional[tuple[int, int, str]]:
    """Finds where the writer (or patient) says they live, in running text.

    Only places introduced as a residence count ("I live in Ohio", "we're from Cleveland,
    Ohio", "a Texas resident"): a hospital's city is not where the patient lives.

    Args:
        text: A patient's message.

    Returns:
        ``(start, end, code)`` of the first residence mentioned, or None.
    """
    for cue in _RESIDENCE_CUE.finditer(text):
        found = _place_after(text, cue.end())
        if found:
            return found
    for place in _places(text, whole_answer=False):
        if place.kind != "name":
            continue
        resident = _RESIDENT_AFTER.match(text, place.end)
        from_state = _FROM_STATE.search(text[: place.start]) and not _INSTITUTION_AFTER.match(text, place.end)
        if resident or from_state:
            return place.start, place.end, place.code
    return None


def _place_after(text: str, start: int) -> Optional[tuple[int, int, str]]:
    """Reads the place right after a residence cue, within the same clause."""
    stop = _WINDOW_END.search(text, start)
    window = text[start: stop.start() if stop else len(text)]
    places = [p for p in _places(window, whole_answer=False, after_cue=True) if p.start <= _MAX_LEAD]
    if places:
        first = places[0]
        group = [first] + [
            p for p in places[1:] if re.fullmatch(r"[\s,]*|[\s,]*\w+(?:\s\w+)?[\s,]+", window[first.end:p.start])
        ][:1]
        best = _best(group)
        return start + best.start, start + best.end, best.code
    words = re.match(r"\s*([A-Za-z][\w'-]*(?:\s+[A-Za-z][\w'-]*){0,2})", window)
    if words:
        for size in (3, 2, 1):
            pieces = words.group(1).split()[:size]
            if len(pieces) < size:
                continue
            candidate = " ".join(pieces)
            code = _fuzzy(candidate, _FUZZY_CUTOFF_RUNNING_TEXT)
            if code:
                offset = window.index(pieces[0])
                end = window.index(pieces[-1], offset) + len(pieces[-1])
                return start + offset, start + end, code
    return None
