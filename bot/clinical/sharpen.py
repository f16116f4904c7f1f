"""Makes a generic or default-site mention as specific as the rest of the message allows.

* **site**: a code without a site ("osteoarthritis, unspecified site", "cancer") or with a
  default spine level takes the body part the message names ("in both knees", "in my
  neck", "it started in his colon"), but not a site the disease spread to;
* **type**: "diabetes" takes the one type the message states apart from it ("type 1");
* **from birth**: a condition the patient was born with takes its congenital code ("deaf
  since birth" is congenital deafness).

Only codes of the same chapter that name the stated site or type are taken.
"""
from __future__ import annotations

import re
from dataclasses import replace

from bot.clinical.anatomy import body_parts, is_site_word
from bot.clinical.match import DiagnosisMatch
from bot.clinical.matcher import find_terms
from bot.clinical.retrieval import retrieve
from bot.clinical.specialty import specialty_for_code
from bot.clinical.text import Word, canonical, words

#: Codes that say "a condition of this kind, somewhere": a sharper one is preferred.
GENERIC_CODES = frozenset(
    {"C80.1", "D49.9", "C79.9", "D64.9", "M19.90", "I51.9", "N28.9", "K76.9", "C95.90", "C85.90"}
)


#: Spine levels patients name by the body part ("a bulging disc in my neck").
_SPINE_LEVELS = {"neck": "cervical", "lower back": "lumbar", "low back": "lumbar", "upper back": "thoracic",
                 "mid back": "thoracic", "middle back": "thoracic"}
_SPINE_PREFIXES = ("M47", "M48", "M50", "M51", "M53", "M54")
#: Words of a code's title that say which site it is unspecified about.
_UNSPECIFIED_SITE = re.compile(r",\s*(?:unspecified site|site unspecified)$", re.IGNORECASE)
_MIN_RESITE_SCORE = 0.6


#: A site the disease spread to is not where it is ("spread to the liver", "mets in the bones").
_SPREAD_TO = re.compile(
    r"\b(?:spread(?:ing)?|metastasi[sz]ed|metastases|metastasis|mets|moved|gone)\s+(?:\w+\s+){0,1}"
    r"(?:to|into|in)\s+(?:(?:the|his|her|my|their|both)\s+)?(?:\w+\s+)?$",
    re.IGNORECASE,
)


def _site_phrase(ws: list[Word], i: int) -> str:
    """A body part as written, with the word before it when that makes a spine level."""
    word = ws[i]
    if word.canon == "back" and i > 0 and f"{ws[i - 1].canon} back" in _SPINE_LEVELS:
        return f"{ws[i - 1].canon} back"
    return word.canon


def _sites(text: str, start: int, end: int, far: bool) -> list[str]:
    """Body parts named around a mention, nearest first.

    The rest of the mention's sentence comes first, then the sentence before the mention,
    then (when ``far``) the rest of the message after and before it.

    Args:
        text: The message.
        start: Start of the mention.
        end: End of the mention.
        far: Whether other sentences count.

    Returns:
        Distinct body parts ("knee", "lower back"), nearest first.
    """
    left, right = sentence_bounds(text, start, end)
    ws = words(text)
    parts = body_parts()
    indexed = [(i, w) for i, w in enumerate(ws) if w.canon in parts and not _SPREAD_TO.search(text[: w.start])]
    after = [i for i, w in indexed if end <= w.start < right]
    before = [i for i, w in reversed(indexed) if left <= w.start and w.end <= start]
    order = after + before
    if far:
        order += [i for i, w in indexed if w.start >= right] + [i for i, w in reversed(indexed) if w.end <= left]
    seen: list[str] = []
    for i in order:
        phrase = _site_phrase(ws, i)
        if phrase not in seen:
            seen.append(phrase)
    return seen


def _title_without_site(display: str) -> str:
    """A code's title without its site, side and boilerplate words."""
    kept = [w.text for w in words(display) if not is_site_word(w.canon) and w.canon not in ("unspecified", "other")]
    return " ".join(kept)


def _resite_candidates(match: DiagnosisMatch, site: str) -> list[tuple[str, str, float]]:
    """Codes for the mention's condition at a body part: (code, display, score)."""
    site_canon = canonical(site.split()[-1])
    found = [
        (hit.code, hit.display, hit.score)
        for phrase in (f"{match.text} of the {site}", f"{site} {match.text}")
        for hit in find_terms(phrase)
        if hit.words >= len(words(match.text)) and site_canon in {w.canon for w in words(phrase[hit.start : hit.end])}
    ]
    clinical = _SPINE_LEVELS.get(site, site) if match.code.startswith(_SPINE_PREFIXES) else site
    retrieved = retrieve(f"{_title_without_site(match.display)} {clinical}", min_score=_MIN_RESITE_SCORE)
    if retrieved is not None and canonical(clinical.split()[-1]) in {w.canon for w in words(retrieved.display)}:
        found.append((retrieved.code, retrieved.display, retrieved.score))
    return found


_TYPE_QUALIFIER = re.compile(r"\btype[\s-]*(1|2|one|two|i|ii)\b", re.IGNORECASE)
_TYPE_NUMBER = {"1": "1", "one": "1", "i": "1", "2": "2", "two": "2", "ii": "2"}


def retype(text: str, match: DiagnosisMatch) -> DiagnosisMatch:
    """Gives a generic mention the type the message states apart from it.

    "Type 1, diagnosed at 5 ... his diabetes": the type said elsewhere makes "diabetes"
    type 1 diabetes, when the message names one type only and the typed term is a code of
    the same category family.

    Args:
        text: The message.
        match: A mention found in it.

    Returns:
        The mention with the typed code, or unchanged.
    """
    if _TYPE_QUALIFIER.search(match.text) or match.negated:
        return match
    types = {_TYPE_NUMBER[m.group(1).lower()] for m in _TYPE_QUALIFIER.finditer(text)}
    if len(types) != 1:
        return match
    (number,) = types
    for hit in find_terms(f"type {number} {match.text}"):
        if hit.code != match.code and hit.code[:2] == match.code[:2] and hit.words > len(words(match.text)):
            return replace(match, code=hit.code, display=hit.display, specialty=specialty_for_code(hit.code))
    return match


#: The patient has had it since birth ("born with", "from birth", "congenital").
_FROM_BIRTH = re.compile(r"\b(?:born with|from birth|since birth|since (?:he|she|i) was born|congenital(?:ly)?)\b", re.IGNORECASE)


def from_birth(text: str, match: DiagnosisMatch) -> DiagnosisMatch:
    """Gives a mention the congenital code its sentence says it is ("deaf since birth").

    Only a code the index has for "congenital <mention>" and that covers more of the
    phrase is taken; a congenital anomaly (chapter Q) stays as it is.

    Args:
        text: The message.
        match: A mention found in it.

    Returns:
        The mention with the congenital code, or unchanged.
    """
    if match.code.startswith("Q") or match.negated or "congenital" in match.text.lower():
        return match
    left, right = sentence_bounds(text, match.start, match.end)
    if not _FROM_BIRTH.search(text[left:right]):
        return match
    for hit in find_terms(f"congenital {match.text}"):
        if hit.start == 0 and hit.words > len(words(match.text)) and hit.code != match.code:
            return replace(match, code=hit.code, display=hit.display, specialty=specialty_for_code(hit.code))
    return match


def _resitable(match: DiagnosisMatch) -> tuple[bool, bool]:
    """Whether a mention's code may take a stated site: (near sites, sites anywhere)."""
    generic = match.code in GENERIC_CODES or bool(_UNSPECIFIED_SITE.search(match.display))
    spine = match.code.startswith(_SPINE_PREFIXES)
    return generic or spine, generic


def resite(text: str, match: DiagnosisMatch) -> DiagnosisMatch:
    """Gives a site-less or default-site code the body part the message names.

    "Osteoarthritis ... in both knees" becomes osteoarthritis of the knee, "a bulging disc
    in my neck" a cervical disc, "cancer ... it started in his colon" colon cancer. Only
    codes of the same chapter that name the stated site are taken.

    Args:
        text: The message.
        match: A mention found in it.

    Returns:
        The mention with the sharper code, or unchanged.
    """
    near, far = _resitable(match)
    if not near or match.negated:
        return match
    for site in _sites(text, match.start, match.end, far):
        if site in {w.canon for w in words(match.display)}:
            return match
        for code, display, score in _resite_candidates(match, site):
            if code != match.code and code[:1] == match.code[:1] and code not in GENERIC_CODES:
                return replace(
                    match,
                    code=code,
                    display=display,
                    specialty=specialty_for_code(code),
                    score=round(min(match.score, score), 3),
                )
    return match


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets of the sentence holding [start, end) (cut at ". ! ?" and line breaks)."""
    left = max(text.rfind(ch, 0, start) for ch in ".!?\n") + 1
    rights = [i for i in (text.find(ch, end) for ch in ".!?\n") if i != -1]
    return left, (min(rights) + 1 if rights else len(text))
