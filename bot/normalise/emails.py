"""E-mail addresses as patients type them, normalised (domain lower-cased) and syntax-checked."""
from __future__ import annotations

import re
from typing import Optional

_CANDIDATE = re.compile(
    r"(?<![\w.+-])[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE
)
_SPOKEN = re.compile(
    r"(?P<local>[a-z0-9]+(?:\s*(?:\bdot\b|\.|_|\bunderscore\b|-|\bdash\b)\s*[a-z0-9]+)*)"
    r"\s*(?:\bat\b|@|\(at\)|\[at\])\s*"
    r"(?P<domain>[a-z0-9-]+(?:\s*(?:\bdot\b|\.|\(dot\)|\[dot\])\s*[a-z0-9-]+)+)",
    re.IGNORECASE,
)
_SPOKEN_SEPARATORS = [
    (re.compile(r"\s*(?:\(dot\)|\[dot\]|\bdot\b)\s*", re.IGNORECASE), "."),
    (re.compile(r"\s*\bunderscore\b\s*", re.IGNORECASE), "_"),
    (re.compile(r"\s*\bdash\b\s*", re.IGNORECASE), "-"),
    (re.compile(r"\s*([._-])\s*"), r"\1"),
]
_TOP_LEVEL = re.compile(r"\.(com|org|net|edu|gov|us|co|io|me|info|uk|ca|biz|mil)$", re.IGNORECASE)


def _validated(candidate: str) -> Optional[str]:
    """Validates syntax only (no DNS) and lower-cases the domain."""
    from email_validator import EmailNotValidError, validate_email  # imported on first use: slow to load

    candidate = candidate.strip().strip(".,;:!?)(<>\"'")
    try:
        result = validate_email(candidate, check_deliverability=False)
    except EmailNotValidError:
        return None
    return f"{result.local_part}@{result.domain.lower()}"


def find_emails(text: str) -> list[tuple[int, int, str]]:
    """Finds written e-mail addresses in a text.

    Args:
        text: Any text.

    Returns:
        ``(start, end, normalised)`` for each valid address, in text order.
    """
    found = []
    for match in _CANDIDATE.finditer(text):
        raw = match.group().rstrip(".-'")
        value = _validated(raw)
        if value:
            found.append((match.start(), match.start() + len(raw), value))
    return found


def _spoken(text: str) -> Optional[str]:
    """Reads "john dot smith at gmail dot com" when it ends in a known top-level domain."""
    position = 0
    while True:
        match = _SPOKEN.search(text, position)
        if not match:
            return None
        value = _spoken_value(match["local"], match["domain"])
        if value:
            return value
        position = match.start() + 1


def _spoken_value(local: str, domain: str) -> Optional[str]:
    """Joins a spoken local part and domain into an address, or None if implausible."""
    for pattern, replacement in _SPOKEN_SEPARATORS:
        local = pattern.sub(replacement, local)
        domain = pattern.sub(replacement, domain)
    if " " in local or " " in domain or not _TOP_LEVEL.search(domain):
        return None
    return _validated(f"{local}@{domain}")


def normalise_email(text: str) -> Optional[str]:
    """Normalises an e-mail answer.

    Args:
        text: E.g. "John.Smith@GMAIL.com.", "it's mary@example.org thanks",
            "john dot smith at gmail dot com".

    Returns:
        The address with a lower-case domain (the local part is kept as typed), or None.
    """
    if not text:
        return None
    found = find_emails(text)
    if found:
        return found[0][2]
    return _spoken(text)
