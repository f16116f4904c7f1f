"""Scoring records against gold values: pure functions, no I/O.

Two kinds of gold are scored here:

* the external consumer-question set: an ICD-10-CM code is right when it starts with the
  gold 3-character category or one of its accepted alternatives; specialty and requester
  role must be equal (both null counts as equal: the text named nothing, and the assistant
  claimed nothing);
* the project's conversation set: each gold entry names a record path (``patient.name.text``)
  and what its value must be, either literally or with a matcher (see :func:`matches`).
"""
from __future__ import annotations

import re
from typing import Any, Mapping, Optional, Sequence

_SPACES = re.compile(r"\s+")
MATCHERS = ("contains", "contains_all", "prefix", "one_of", "includes", "any_of")


def normalise_code(code: Optional[str]) -> str:
    """An ICD-10-CM code for prefix comparison: upper case, no dot, no spaces."""
    return (code or "").upper().replace(".", "").replace(" ", "")


def icd_correct(code: Optional[str], gold: Optional[str], alternatives: Sequence[str] = ()) -> bool:
    """Whether a record's ``diagnosis.code.code`` is right for a gold category.

    Args:
        code: The assistant's ICD-10-CM code (e.g. ``C50.911``), or None.
        gold: The gold 3-character category (e.g. ``C50``), or None when the text names
            no condition.
        alternatives: Other categories a careful coder would accept.

    Returns:
        True when the code starts with the category or an alternative; when there is no
        gold category, True only if the assistant gave no code either.
    """
    if not gold:
        return not code
    if not code:
        return False
    actual = normalise_code(code)
    return any(actual.startswith(normalise_code(prefix)) for prefix in (gold, *alternatives) if prefix)


def same_label(actual: Optional[str], gold: Optional[str]) -> bool:
    """Equality of two labels (specialty, requester role); both null counts as equal."""
    return (actual or None) == (gold or None)


def record_value(record: Mapping[str, Any], path: str) -> Any:
    """The value at a dotted path (``patient.name.text``), or None when any part is missing."""
    value: Any = record
    for part in path.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    return value


def normalise_text(value: Any) -> Any:
    """Strings compared the way a person would: case, spacing and end punctuation ignored."""
    if isinstance(value, str):
        return _SPACES.sub(" ", value).strip().strip(".,;:!").strip().casefold()
    return value


def _equal(actual: Any, expected: Any) -> bool:
    if isinstance(expected, list):
        if not isinstance(actual, list):
            return False
        return sorted(map(repr, map(normalise_text, actual))) == sorted(map(repr, map(normalise_text, expected)))
    if isinstance(expected, bool) or expected is None:
        return actual is expected
    if isinstance(expected, (int, float)) and not isinstance(actual, bool):
        return actual == expected
    return normalise_text(actual) == normalise_text(expected)


def _texts(actual: Any) -> list[str]:
    if isinstance(actual, str):
        return [normalise_text(actual)]
    if isinstance(actual, list):
        return [normalise_text(item) for item in actual if isinstance(item, str)]
    return []


def matches(actual: Any, expected: Any) -> bool:
    """Whether a record value satisfies a gold entry.

    A gold entry is either a literal (compared case- and spacing-insensitively; lists as
    multisets; ``null`` must be null) or a one-key mapping:

    * ``{contains: "mastectomy"}``: the text (or some list item) contains it;
    * ``{contains_all: [...]}``: every string is contained in the text (or in some list item);
    * ``{prefix: "C50"}`` or ``{prefix: ["C83", "C85"]}``: a code starting with one of them;
    * ``{one_of: [...]}``: equal to one of the literals;
    * ``{includes: [...]}``: a list containing at least these items;
    * ``{any_of: [...]}``: satisfies at least one of the entries (literals or matchers).

    Raises:
        ValueError: The gold entry is a mapping that is not one of the matchers.
    """
    if not isinstance(expected, Mapping):
        return _equal(actual, expected)
    if len(expected) != 1 or next(iter(expected)) not in MATCHERS:
        raise ValueError(f"unknown gold matcher {sorted(expected)}; expected one of {MATCHERS}")
    kind, operand = next(iter(expected.items()))
    if kind == "contains":
        return any(normalise_text(operand) in text for text in _texts(actual))
    if kind == "contains_all":
        texts = _texts(actual)
        return bool(texts) and all(any(normalise_text(needle) in text for text in texts) for needle in operand)
    if kind == "prefix":
        prefixes = [operand] if isinstance(operand, str) else list(operand)
        return isinstance(actual, str) and any(normalise_code(actual).startswith(normalise_code(p)) for p in prefixes)
    if kind == "one_of":
        return any(_equal(actual, option) for option in operand)
    if kind == "any_of":
        return any(matches(actual, option) for option in operand)
    # includes
    if not isinstance(actual, list):
        return False
    have = {repr(normalise_text(item)) for item in actual}
    return all(repr(normalise_text(item)) in have for item in operand)


def score_fields(record: Mapping[str, Any], gold: Mapping[str, Any]) -> dict[str, bool]:
    """Each gold path -> whether the record's value satisfies it."""
    return {path: matches(record_value(record, path), expected) for path, expected in gold.items()}


def accuracy(outcomes: Sequence[bool]) -> Optional[float]:
    """The share of true outcomes (None when there are none)."""
    return sum(1 for outcome in outcomes if outcome) / len(outcomes) if outcomes else None
