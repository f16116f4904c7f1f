"""A light check for whether a phrase is negated within its clause ("I don't have the MRI")."""
from __future__ import annotations

import re

_CLAUSE_BREAK = re.compile(r"[.;!?\n]|,\s|\b(?:but|and|although|though|however)\b", re.IGNORECASE)
_NEGATORS = re.compile(
    r"\b(?:no|not|never|without|except|nor|neither|none|nobody|no\s+one|don'?t|doesn'?t|didn'?t|haven'?t|hasn'?t|"
    r"hadn'?t|won'?t|can'?t|cannot|isn'?t|aren'?t|wasn'?t|weren'?t|rather\s+not)\b|n't\b",
    re.IGNORECASE,
)
_WINDOW_WORDS = 5


def is_negated(text: str, start: int) -> bool:
    """Tells whether the phrase starting at ``start`` is negated earlier in its clause.

    Args:
        text: The whole message.
        start: Offset of the phrase.

    Returns:
        True when a negator ("no", "don't", "without", ...) appears among the few words
        before the phrase, within the same clause.
    """
    before = text[:start]
    breaks = list(_CLAUSE_BREAK.finditer(before))
    clause = before[breaks[-1].end():] if breaks else before
    words = clause.split()[-_WINDOW_WORDS:]
    return bool(_NEGATORS.search(" ".join(words)))
