"""Health insurers patients name, with the display name the intake record keeps as sponsor."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from bot.normalise.region_names import US_STATES

# lower-case alias -> display name
INSURERS: dict[str, str] = {
    "blue cross blue shield": "Blue Cross Blue Shield", "blue cross and blue shield": "Blue Cross Blue Shield",
    "blue cross/blue shield": "Blue Cross Blue Shield", "bcbs": "Blue Cross Blue Shield",
    "bluecross blueshield": "Blue Cross Blue Shield", "blue cross": "Blue Cross", "bluecross": "Blue Cross", "blue shield": "Blue Shield",
    "anthem": "Anthem", "aetna": "Aetna", "cigna": "Cigna",
    "unitedhealthcare": "UnitedHealthcare", "united healthcare": "UnitedHealthcare",
    "united health care": "UnitedHealthcare", "united health": "UnitedHealthcare", "uhc": "UnitedHealthcare",
    "humana": "Humana", "kaiser permanente": "Kaiser Permanente", "kaiser": "Kaiser Permanente",
    "medicare advantage": "Medicare Advantage", "medicare": "Medicare", "medicaid": "Medicaid",
    "medi-cal": "Medi-Cal", "masshealth": "MassHealth", "tricare": "Tricare",
    "harvard pilgrim": "Harvard Pilgrim", "tufts health plan": "Tufts Health Plan", "molina": "Molina",
    "ambetter": "Ambetter", "highmark": "Highmark", "empire blue cross": "Empire BlueCross",
    "regence": "Regence", "premera": "Premera", "geisinger health plan": "Geisinger Health Plan",
    "healthpartners": "HealthPartners", "emblemhealth": "EmblemHealth", "emblem health": "EmblemHealth",
    "wellcare": "WellCare", "carefirst": "CareFirst", "florida blue": "Florida Blue",
    "independence blue cross": "Independence Blue Cross", "oscar health": "Oscar Health",
    "point32health": "Point32Health", "priority health": "Priority Health", "centene": "Centene",
    "health net": "Health Net", "wellmark": "Wellmark", "excellus": "Excellus",
}


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern:
    aliases = sorted(INSURERS, key=len, reverse=True)
    body = "|".join(re.escape(a).replace(r"\ ", r"\s+").replace(" ", r"\s+") for a in aliases)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)


#: Capitalised words that may stand next to an insurer's name without being part of it.
_NOT_NAME_PARTS = {
    "i", "i'm", "im", "my", "our", "we", "we're", "us", "you", "your", "he", "she", "his", "her", "they", "their",
    "it", "it's", "its", "the", "a", "an", "this", "that", "yes", "no", "and", "but", "or", "so", "then",
    "through", "with", "via", "by", "from", "under", "on", "at", "in", "for", "of", "to", "is", "are", "was",
    "have", "has", "had", "use", "using", "insurance", "insurer", "coverage", "covered", "covers", "pays",
    "ok", "okay", "sure", "well", "also", "just", "actually", "sorry", "hi", "hello", "thanks", "thank",
    "now", "currently", "still", "only", "when", "if", "because", "since", "after", "before", "yesterday",
    "today", "not", "both", "either", "neither",
}
_NAME_PART = r"(?-i:[A-Z][\w&.'’-]*)"
_AFTER = re.compile(rf"\s+(?:(?:of(?:\s+the)?|and|&|for)\s+)?(?P<word>{_NAME_PART})", re.IGNORECASE)
_BEFORE = re.compile(rf"(?P<word>{_NAME_PART})\s+$", re.IGNORECASE)
_PLACE_AFTER = re.compile(r"\s+of\s+(?P<place>[a-z.]+(?:\s+[a-z.]+){0,3})", re.IGNORECASE)


def _is_name_part(word: str) -> bool:
    return word.lower().strip(".,'’") not in _NOT_NAME_PARTS


def _full_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Widens an insurer alias over the rest of its name as written.

    "Horizon Blue Cross Blue Shield of New Jersey", "BlueCross BlueShield of Tennessee",
    "Anthem Blue Cross", "UnitedHealthcare Community Plan": capitalised words next to the
    alias, joined by "of", "and" or "&", and a state after "of" whatever its case.
    """
    while True:
        before = _BEFORE.search(text[:start])
        if not before or not _is_name_part(before["word"]):
            break
        start = before.start()
    while True:
        after = _AFTER.match(text, end)
        if after and _is_name_part(after["word"]):
            end = after.end()
            continue
        place_end = _state_after(text, end)
        if place_end is None:
            break
        end = place_end
    return start, end


def _state_after(text: str, end: int) -> Optional[int]:
    """The end of "of <a US state>" right after ``end`` (longest state name first), or None."""
    place = _PLACE_AFTER.match(text, end)
    if not place:
        return None
    words = list(re.finditer(r"\S+", place["place"]))
    for count in range(len(words), 0, -1):
        candidate = place["place"][: words[count - 1].end()]
        if _state_name(candidate.rstrip(".")):
            return place.start("place") + len(candidate.rstrip("."))
    return None


def _state_name(words: str) -> Optional[str]:
    """The proper name of a US state written in any case ("new jersey" -> "New Jersey")."""
    return {name.lower(): name for name in US_STATES.values()}.get(re.sub(r"\s+", " ", words.strip().lower()))


def _as_written(text: str) -> str:
    """The name as the patient wrote it, with spacing tidied and lower-case state names capitalised."""
    tidy = re.sub(r"\s+", " ", text.strip())
    return re.sub(r"(?<=\bof )([a-z][a-z .]+)$", lambda m: _state_name(m.group(1)) or m.group(1), tidy)


def find_insurer(text: str) -> Optional[tuple[int, int, str]]:
    """Finds the first named health insurer, with its full name.

    A name longer than the known alias ("Blue Cross Blue Shield of Massachusetts",
    "Horizon Blue Cross Blue Shield") is kept whole, as written; a bare alias gets its
    usual display name ("bcbs" -> "Blue Cross Blue Shield").

    Args:
        text: Any text.

    Returns:
        ``(start, end, display_name)`` or None.
    """
    match = _pattern().search(text)
    if not match:
        return None
    key = re.sub(r"\s+", " ", match.group().lower())
    start, end = _full_span(text, match.start(), match.end())
    if (start, end) == match.span():
        return start, end, INSURERS[key]
    alias = match.group() if match.group() != match.group().lower() else INSURERS[key]
    written = text[start:match.start()] + alias + text[match.end():end]
    return start, end, _as_written(written)
