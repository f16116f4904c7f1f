"""Read-only access to the ICD-10-CM code set shipped with ``simple-icd-10-cm``.

Billable codes, descriptions, the default billable code under a category and the raw terms
the tabular list offers for each code. The data files are read by
:mod:`bot.clinical.tabular` (much faster than importing the library itself).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator

from bot.clinical import tabular

_REF_RE = re.compile(r"^(?P<term>.+?)\s*\((?P<code>[A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?)-?\)\s*$")
_NOS_RE = re.compile(r"\bNOS\b|\bNEC\b")


@dataclass(frozen=True)
class RawTerm:
    """A term the tabular list attaches to a code.

    Attributes:
        text: The term as printed.
        code: A billable code the term stands for.
        source: ``desc`` (the code's own title), ``inclusion`` (inclusion term or
            "includes" note), ``parent`` (title of a category, mapped to its default
            billable code) or ``excludes`` (a term another code's excludes note points
            here).
        node: The code the term was printed under (equal to ``code`` for billable codes).
    """

    text: str
    code: str
    source: str
    node: str


def code_set_version() -> str:
    """Identifies the installed code set (used to key the on-disk cache).

    Returns:
        Library version plus data file names.
    """
    from importlib import metadata  # pylint: disable=import-outside-toplevel

    try:
        version = metadata.version("simple-icd-10-cm")
    except metadata.PackageNotFoundError:  # pragma: no cover - library is a dependency
        version = "unknown"
    return f"simple-icd-10-cm={version}"


@lru_cache(maxsize=1)
def billable_codes() -> tuple[str, ...]:
    """All billable (leaf) codes, dotted, in tabular order.

    Returns:
        About 74,000 codes such as ``C50.919``.
    """
    return tuple(code for code, record in tabular.codes().items() if record.is_leaf)


@lru_cache(maxsize=1)
def _billable_set() -> frozenset[str]:
    return frozenset(billable_codes())


def is_billable(code: str) -> bool:
    """Whether a dotted code is a billable leaf of the installed code set.

    Args:
        code: Dotted code such as ``I48.91``.

    Returns:
        True for billable codes.
    """
    return code in _billable_set()


def description(code: str) -> str:
    """Official short description of any category, subcategory or billable code.

    Args:
        code: Dotted code.

    Returns:
        The tabular title, or ``""`` when the code does not exist.
    """
    record = tabular.codes().get(code)
    return record.title if record else ""


def _child_preference(child: str, parent_desc: str) -> tuple[int, int, str]:
    """Sort key choosing the 'unspecified / uncomplicated' child of a node."""
    desc = description(child).lower()
    score = 0
    score += 3 * (desc.count("unspecified") - parent_desc.count("unspecified"))
    if "not having achieved remission" in desc or "without complication" in desc:
        score += 3
    if "in remission" in desc or "in relapse" in desc:
        score -= 3
    if re.search(r"\bwithout\b", desc) and not re.search(r"\bwithout\b", parent_desc):
        score += 2
    if "initial encounter" in desc:
        score += 2
    if "subsequent encounter" in desc or "sequela" in desc:
        score -= 2
    if re.search(r"\b(other|right|left|bilateral)\b", desc) and not re.search(
        r"\b(other|right|left|bilateral)\b", parent_desc
    ):
        score -= 1
    nine_last = 1 if child.replace(".", "")[-1:] in "9A" else 0
    return (-score, -nine_last, child)


@lru_cache(maxsize=None)
def default_billable(code: str) -> str:
    """The billable code that stands for a category when no detail is given.

    Walks down from ``code`` choosing at each level the child whose title adds
    "unspecified" (or "without complications", "initial encounter", "not having achieved
    remission"), e.g. ``C50`` -> ``C50.919``, ``G35`` -> ``G35.D``, ``S83.20`` ->
    ``S83.209A``.

    Args:
        code: Any valid dotted code.

    Returns:
        A billable code (``code`` itself when it is billable or unknown).
    """
    table = tabular.codes()
    current = code
    while current in table and table[current].children:
        parent_desc = description(current).lower()
        current = min(table[current].children, key=lambda child: _child_preference(child, parent_desc))
    return current


def _strip_nos(text: str) -> str:
    if "NOS" not in text and "NEC" not in text:
        return text
    return re.sub(r"\s{2,}", " ", _NOS_RE.sub("", text)).strip(" ,")


#: What an injury's inclusion term says happened; without it the term only names the bone
#: or the site ("Knee cap" under fracture of patella, "Heel bone" under fracture of calcaneus).
_INJURY_WORDS = re.compile(
    r"fractur|disloc|sprain|strain|injur|wound|burn|contus|bruise|abras|lacer|bite|amput|crush|ruptur|tear|"
    r"avuls|blister|foreign|splinter|frostbite|corros|concus|commotio|subluxation|separation|traum|ha?em|"
    r"puncture|effect|poison|toxic|lesion|damage|whiplash|shock|compression|ischem|transection|sting|"
    r"comminution|constriction|black eye|penetrat|cut\b",
    re.IGNORECASE,
)


#: A coding instruction printed among the inclusion terms ("The selection of side should be based on ...").
_INSTRUCTION = re.compile(r"\b(?:should|must) be\b", re.IGNORECASE)


def _inclusion_term(term: str, code: str, title: str) -> str | None:
    """An inclusion term as a term of its own: an injury's bone or site gets the injury.

    "Knee cap" under "Fracture of patella" is "Knee cap fracture": alone it names a body
    part, which is no condition.
    """
    if _INSTRUCTION.search(term):
        return None
    if not code.startswith("S") or _INJURY_WORDS.search(term):
        return term
    injury = next((word for word in title.lower().split() if _INJURY_WORDS.match(word) and word.isalpha()), None)
    return f"{term} {injury}" if injury else None


def raw_terms() -> Iterator[RawTerm]:
    """Every term of the tabular list that names a code, mapped to billable codes.

    Yields:
        Titles of billable codes, their inclusion terms, titles and inclusion terms of
        categories (mapped to their default billable code) and the "term (code)" pairs of
        excludes notes.
    """
    table = tabular.codes()
    for code, record in table.items():
        target = code if record.is_leaf else default_billable(code)
        yield RawTerm(record.title, target, "desc" if record.is_leaf else "parent", code)
        for term in record.inclusion + record.includes:
            named = _inclusion_term(term, code, record.title)
            if named:
                yield RawTerm(_strip_nos(named), target, "inclusion", code)
        for note in record.excludes:
            match = _REF_RE.match(note.strip())
            if not match or match["code"] not in table:
                continue
            yield RawTerm(_strip_nos(match["term"]), default_billable(match["code"]), "excludes", code)
