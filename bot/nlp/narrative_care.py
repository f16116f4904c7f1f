"""The institution where the patient is being cared for, named in a narrative.

Well-known centres are recognised by name (case-insensitive, "Mass General", "MD
Anderson"); others by shape: capitalised words ending in Hospital, Medical Center,
Clinic, ... Places the patient is only thinking of going to ("a second opinion at Mayo",
"should I go to Johns Hopkins?") are not their care team.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from bot.nlp.facts import Fact
from bot.nlp.narrative_text import Sentence

KNOWN_INSTITUTIONS = [
    "Massachusetts General Hospital", "Mass General Brigham", "Mass General", "Mass. General", "MGH",
    "Cleveland Clinic", "Mayo Clinic", "Mayo", "Johns Hopkins Hospital", "Johns Hopkins", "Hopkins",
    "MD Anderson Cancer Center", "MD Anderson", "M.D. Anderson", "Memorial Sloan Kettering Cancer Center",
    "Memorial Sloan Kettering", "Memorial Sloan-Kettering", "Sloan Kettering", "Sloan-Kettering", "MSKCC", "MSK",
    "Dana-Farber Cancer Institute", "Dana-Farber", "Dana Farber", "Brigham and Women's Hospital",
    "Brigham and Women's", "the Brigham", "Beth Israel Deaconess Medical Center", "Beth Israel Deaconess",
    "Beth Israel", "BIDMC", "Kaiser Permanente", "Kaiser", "Stanford Health Care", "Stanford Medicine",
    "Stanford Hospital", "UCSF Medical Center", "UCSF", "UCLA Medical Center", "UCLA Health", "UCLA",
    "NYU Langone Health", "NYU Langone", "Mount Sinai Hospital", "Mount Sinai", "Mt. Sinai", "Mt Sinai",
    "NewYork-Presbyterian", "New York-Presbyterian", "New York Presbyterian", "Columbia Presbyterian",
    "Weill Cornell", "Cedars-Sinai Medical Center", "Cedars-Sinai", "Cedars Sinai", "Northwestern Medicine",
    "Northwestern Memorial Hospital", "Northwestern Memorial", "Penn Medicine", "Duke University Hospital",
    "Duke Health", "Duke", "Vanderbilt University Medical Center", "Vanderbilt", "Emory University Hospital",
    "Emory", "Fred Hutchinson Cancer Center", "Fred Hutch", "City of Hope", "Moffitt Cancer Center", "Moffitt",
    "Dartmouth-Hitchcock", "Dartmouth Health", "Yale New Haven Hospital", "Yale New Haven", "Michigan Medicine",
    "UPMC", "Ohio State Wexner Medical Center", "OSU Wexner", "The James", "Baylor Scott & White",
    "Baylor Scott and White", "Baylor", "Houston Methodist", "Intermountain Health", "Intermountain",
    "Geisinger", "Ochsner", "Sutter Health", "Providence", "Tufts Medical Center", "Lahey Hospital", "Lahey",
    "Roswell Park", "Karmanos", "Huntsman Cancer Institute", "Huntsman", "Siteman Cancer Center", "Siteman",
    "Fox Chase Cancer Center", "Fox Chase", "Hackensack Meridian", "Hackensack", "Northwell Health", "Northwell",
    "Montefiore", "Rush University Medical Center", "Rush", "Froedtert", "Barnes-Jewish Hospital",
    "Barnes-Jewish", "Barnes Jewish", "Atrium Health", "Advocate Health", "Banner Health", "HCA",
    "Hoag", "Scripps", "Sharp", "Allina", "Spectrum Health", "Corewell Health", "Beaumont", "Henry Ford",
    "Piedmont", "Novant", "Inova", "MedStar", "Christiana Care", "ChristianaCare", "Jefferson Health",
    "Roswell Park Comprehensive Cancer Center", "St. Jude", "St Jude", "Boston Children's Hospital",
    "Boston Children's", "Children's Hospital of Philadelphia", "CHOP", "Seattle Children's",
]
# Known names that are also ordinary words or people's names: only taken after "at"/"from"/"by"/"to".
_NEEDS_PREPOSITION = {"mayo", "hopkins", "duke", "emory", "rush", "providence", "sharp", "scripps", "hoag",
                      "baylor", "vanderbilt", "lahey", "huntsman", "siteman", "moffitt", "piedmont", "beaumont",
                      "henry ford", "the james", "kaiser", "msk", "hca", "chop", "the brigham", "geisinger",
                      "montefiore", "ochsner", "froedtert", "karmanos", "novant", "inova", "allina"}
_HEADS = (
    r"Hospitals?|Medical\s+Center|Medical\s+Centre|Med\s+Center|Cancer\s+Center|Cancer\s+Centre|Cancer\s+Institute|"
    r"Cancer\s+Hospital|Comprehensive\s+Cancer\s+Center|Clinic|Health\s+System|Health|Healthcare|Health\s+Care|"
    r"Medicine|Infirmary|Institute|Medical\s+Group|Oncology|Orthopedics|Orthopaedics|Spine\s+Center|Heart\s+Institute"
)
_WORD = r"(?:St\.|Mt\.|[A-Z][\w'\u2019&.-]*)"
_GENERIC = re.compile(
    rf"(?P<inst>{_WORD}(?:\s+(?:{_WORD}|of|and|&|for|the))*?\s+(?:{_HEADS})"
    rf"(?:\s+(?:of|at|in)\s+(?:the\s+)?{_WORD}(?:\s+{_WORD}){{0,3}})?)\b"
)
_LOWER_GENERIC = re.compile(
    r"\b(?:at|from|to|in)\s+(?P<inst>(?:st\.?\s+)?[a-z][\w'\u2019]*(?:\s+[a-z][\w'\u2019]*){0,3}\s+"
    r"(?:hospital|medical\s+center|cancer\s+center|clinic))\b"
)
_LEADING_NOISE = {
    "Yesterday", "Today", "Then", "Now", "At", "In", "My", "Our", "Her", "His", "Their", "Last", "This", "And",
    "But", "So", "When", "After", "Before", "We", "I", "She", "He", "They", "The", "A", "An", "Both", "Also",
    "Since", "From", "To", "By", "Local", "Our", "Went", "Saw", "Mom", "Dad", "Doctors", "Doctor", "Dr.",
    "Dr", "Oncologist", "Surgeon", "Here", "There", "It", "That", "Which", "Is", "Was", "Nearby", "Another",
}
_LOWER_NOISE = {"the", "a", "an", "local", "my", "our", "her", "his", "their", "this", "that", "same", "another",
                "different", "big", "small", "nearby", "community", "county", "regional", "university", "general",
                "children's", "other", "new", "one", "of", "and", "in", "at"}
_LOWER_INNER_NOISE = {"the", "a", "an", "local", "my", "our", "her", "his", "their", "this", "that", "same",
                      "another", "different", "big", "small", "nearby", "other", "one", "and", "in", "at"}
_ELSEWHERE = re.compile(
    r"\b(?:second\s+opinion|opinion|go(?:ing)?\s+to|travel(?:ling|ing)?\s+to|transfer(?:ring)?\s+to|switch(?:ing)?\s+to|"
    r"move\s+(?:her|him|me)?\s*to|consider(?:ing)?|thinking\s+(?:about|of)|looking\s+(?:at|into)|referred\s+(?:me\s+|her\s+|him\s+)?to)"
    r"\s+(?:\w+\s+){0,3}$",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def _known_pattern() -> re.Pattern:
    names = sorted(KNOWN_INSTITUTIONS, key=len, reverse=True)
    body = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in names)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)


def _after_preposition(text: str, start: int) -> bool:
    return bool(re.search(r"\b(?:at|from|by|to|with|in)\s+(?:the\s+)?$", text[:start], re.IGNORECASE))


def _trim_generic(text: str, start: int, end: int) -> Optional[tuple[int, int]]:
    """Drops sentence-starting noise ("Yesterday", "My") from a generic institution name."""
    words = list(re.finditer(r"\S+", text[start:end]))
    while words and words[0].group() in _LEADING_NOISE:
        words.pop(0)
    if len(words) < 2:
        return None
    return start + words[0].start(), end


def _candidates(sentence: str) -> list[tuple[int, int, float]]:
    found: list[tuple[int, int, float]] = []
    for match in _known_pattern().finditer(sentence):
        key = re.sub(r"\s+", " ", match.group().lower())
        if key in _NEEDS_PREPOSITION and not _after_preposition(sentence, match.start()):
            continue
        if key in ("mass general", "kaiser") or match.group()[0].isupper() or sentence == sentence.lower():
            found.append((match.start(), match.end(), 0.85))
    for match in _GENERIC.finditer(sentence):
        trimmed = _trim_generic(sentence, match.start("inst"), match.end("inst"))
        if trimmed:
            found.append((trimmed[0], trimmed[1], 0.75))
    for match in _LOWER_GENERIC.finditer(sentence):
        words = match["inst"].split()
        if words[0] not in _LOWER_NOISE and not any(w in _LOWER_INNER_NOISE for w in words[:-1]):
            found.append((match.start("inst"), match.end("inst"), 0.6))
    return found


def institution(sentences: list[Sentence]) -> Optional[Fact]:
    """Finds where the patient is being cared for.

    Args:
        sentences: The narrative's sentences.

    Returns:
        A ``care_team.institution`` fact with the name as written (without a leading
        "the"), or None.
    """
    for sentence in sentences:
        if sentence.is_question:
            continue
        candidates = _candidates(sentence.text)
        candidates.sort(key=lambda c: (c[0], -(c[1] - c[0])))
        for start, end, confidence in candidates:
            if _ELSEWHERE.search(sentence.text[:start]):
                continue
            name = sentence.text[start:end]
            if name.lower().startswith("the "):
                name = name[4:]
            return Fact("care_team.institution", name, name, confidence)
    return None
