"""Phone numbers as patients type them, normalised to E.164 (``+16175550142``)."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:  # the library is imported on first use: its metadata is large
    import phonenumbers

DEFAULT_REGION = "US"

_WORD_DIGITS = {
    "zero": "0", "oh": "0", "one": "1", "two": "2", "three": "3", "four": "4",
    "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9",
}
_SPELLED_RUN = re.compile(
    r"\b(?:(?:" + "|".join(_WORD_DIGITS) + r")[\s,-]*){7,}", re.IGNORECASE
)

_INTERNATIONAL_00 = re.compile(r"^\s*00(?=\s*[1-9])")


def _spelled_digits(text: str) -> str:
    """Turns a run of seven or more spelled digits ("six one seven ...") into digits."""
    def replace(match: re.Match) -> str:
        words = re.findall(r"[a-z]+", match.group().lower())
        return "".join(_WORD_DIGITS[w] for w in words) + " "
    return _SPELLED_RUN.sub(replace, text)


def _e164(number: "phonenumbers.PhoneNumber") -> Optional[str]:
    import phonenumbers

    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def find_phones(text: str, default_region: str = DEFAULT_REGION) -> list[tuple[int, int, str]]:
    """Finds valid phone numbers in a text.

    Args:
        text: Any text, e.g. "call me at 617.555.0142 ext 3 after 5".
        default_region: ISO 3166-1 region for numbers written without a country code.

    Returns:
        ``(start, end, e164)`` for each valid number, in text order; extensions are
        dropped from the E.164 value but included in the span.
    """
    import phonenumbers

    found = []
    for match in phonenumbers.PhoneNumberMatcher(text, default_region, leniency=phonenumbers.Leniency.VALID):
        e164 = _e164(match.number)
        if e164:
            found.append((match.start, match.end, e164))
    return found


def normalise_phone(text: str, default_region: str = DEFAULT_REGION) -> Optional[str]:
    """Normalises a phone-number answer to E.164.

    Args:
        text: E.g. "(617) 555-0142", "+44 20 7946 0958", "617 555 0142 ext 3",
            "call me at 6175550142", "six one seven five five five ...".
        default_region: ISO 3166-1 region for numbers written without a country code.

    Returns:
        The first valid number as E.164 (without extension), or None when there is none
        (too short, impossible area code, ...).
    """
    if not text or not text.strip():
        return None
    text = _INTERNATIONAL_00.sub("+", text)
    found = find_phones(text, default_region)
    if not found:
        found = find_phones(_spelled_digits(text), default_region)
    if not found:
        return _whole_answer(text, default_region)
    return found[0][2]


def _whole_answer(text: str, default_region: str) -> Optional[str]:
    """Last resort for a bare answer the matcher skips (odd separators like "617_555_0142")."""
    stripped = text.strip()
    if re.search(r"[A-Za-z]", re.sub(r"(?i)\b(?:ext|x|extension)\b.*$", "", stripped)):
        return None
    digits = re.sub(r"(?i)\s*(?:ext\.?|x|extension)\s*\d+\s*$", "", stripped)
    digits = re.sub(r"[^\d+]", "", digits)
    if len(re.sub(r"\D", "", digits)) < 7:
        return None
    import phonenumbers

    try:
        number = phonenumbers.parse(digits, default_region)
    except phonenumbers.NumberParseException:
        return None
    return _e164(number)
