"""Human-friendly case references such as ``SO-7K4Q2M``."""
from __future__ import annotations

import re
import secrets

REFERENCE_PREFIX = "SO-"
REFERENCE_LENGTH = 6
# No 0/O and no 1/I, so a reference read out over the phone cannot be misheard.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
REFERENCE_PATTERN = re.compile(
    rf"^{REFERENCE_PREFIX}[{REFERENCE_ALPHABET}]{{{REFERENCE_LENGTH}}}$"
)


def new_reference() -> str:
    """Returns a cryptographically random reference (about 30 bits of entropy)."""
    body = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))
    return REFERENCE_PREFIX + body


def is_reference(value: str) -> bool:
    """Tells whether ``value`` is shaped like a reference this module issues."""
    return bool(REFERENCE_PATTERN.match(value))
