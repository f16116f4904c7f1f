"""People's names as typed in a chat: lead-ins stripped, "Family, Given" swapped, capitalised.

A name answer is only accepted when it looks like a name: refusals ("I don't know",
"skip"), numbers, e-mail addresses, long answers and sentences ("I have cancer") are
turned away so the conversation can ask again.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

MAX_WORDS = 6


@dataclass(frozen=True)
class PersonName:
    """A person's name.

    Attributes:
        text: The full name as it should be shown ("Mary O'Neil").
        given: Given name(s), or None.
        family: Family name (with particles such as "van"), or None.
    """

    text: str
    given: Optional[str]
    family: Optional[str]


_LEAD_INS = re.compile(
    r"^(?:(?:hi|hello|hey|ok|okay|sure|yes|yeah)\b[\s,.!-]*|"
    r"(?:my|her|his|their|the|patient'?s|the\s+patient'?s)\s+(?:full\s+|legal\s+|first\s+and\s+last\s+)?name\s*(?:is|'s|:|-)\s*|"
    r"(?:full\s+|patient\s+|legal\s+)?name\s*(?:is|:|-)\s*|"
    r"(?:i'?m|i\s+am|im|it'?s|its|it\s+is|this\s+is|call\s+me|they\s+call\s+me|"
    r"(?:she|he)\s+is|(?:she|he)'s|the\s+patient\s+is|patient\s*:)\s+)",
    re.IGNORECASE,
)
_TRAILERS = re.compile(
    r"[\s,.;!-]*(?:thanks|thank\s+you|thx|ty|here|speaking|please)?[\s,.;!]*$", re.IGNORECASE
)
_HONORIFICS = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "rev"}
_SUFFIXES = {"jr": "Jr.", "sr": "Sr.", "ii": "II", "iii": "III", "iv": "IV", "v": "V", "md": "MD", "phd": "PhD"}
_PARTICLES = {"van", "von", "de", "da", "del", "della", "di", "du", "la", "le", "der", "den", "ter", "ten",
              "dos", "das", "bin", "ibn", "al", "st", "st."}
_MAC_NAMES = {"macdonald", "mackenzie", "macleod", "macarthur", "macmillan", "macgregor", "macintyre",
              "maclean", "macneil", "macpherson", "macaulay", "macdougall", "macfarlane", "mackay"}
# Words that never belong in a name answer, whatever their capitalisation.
_NOT_NAME_WORDS = {
    "i", "me", "my", "mine", "you", "your", "he", "him", "his", "she", "her", "we", "us", "our", "they",
    "them", "their", "it", "is", "am", "are", "was", "were", "be", "been", "being", "have", "has", "had",
    "do", "does", "did", "don't", "dont", "not", "no", "yes", "yeah", "nope", "the", "a", "an", "and",
    "or", "but", "if", "then", "so", "because", "with", "without", "for", "of", "to", "in", "on", "at",
    "from", "by", "about", "into", "what", "why", "how", "when", "where", "who", "which", "whom",
    "this", "that", "these", "those", "there", "here", "skip", "none", "unknown", "anonymous", "n/a",
    "na", "idk", "know", "sure", "prefer", "rather", "say", "tell", "sorry", "please", "thanks",
    "hello", "hi", "hey", "ok", "okay", "cancer", "tumor", "tumour", "diagnosed", "diagnosis",
    "surgery", "doctor", "hospital", "patient", "name", "mother", "father", "mom", "mum", "dad",
    "son", "daughter", "wife", "husband", "sister", "brother", "want", "need", "help", "can't", "cant",
    "won't", "wont", "can", "could", "would", "should", "just", "really", "very", "myself",
    "test", "testing", "asdf", "nothing", "something", "anything", "later", "again", "pass", "stop",
    "pain", "sick", "tired", "fine", "bad", "also", "too", "some", "any", "all", "going",
    "get", "got", "go", "see", "think", "feel", "like", "am", "im", "i'm", "it's", "its",
    # words of a complaint or a correction, not of a name ("that's wrong")
    "that's", "thats", "wrong", "right", "correct", "incorrect", "mistake", "typo", "actually", "change",
}
_TOKEN = re.compile(r"^[^\W\d_][^\W\d_'\u2019.-]*(?:['\u2019.-][^\W\d_]*)*\.?$")


def _strip_lead_ins(text: str) -> str:
    previous = None
    while previous != text:
        previous = text
        text = _LEAD_INS.sub("", text, count=1).strip()
    return text


def _capitalise_piece(piece: str) -> str:
    lower = piece.lower()
    if lower.startswith("mc") and len(lower) > 3:
        return "Mc" + lower[2:].capitalize()
    if lower in _MAC_NAMES:
        return "Mac" + lower[3:].capitalize()
    return lower.capitalize()


def _capitalise_token(token: str, *, first: bool) -> str:
    """Capitalises one word of an all-lower/upper-case name ("o'neil" -> "O'Neil")."""
    lower = token.lower()
    if lower.rstrip(".") in _SUFFIXES:
        return _SUFFIXES[lower.rstrip(".")]
    if lower in _PARTICLES and not first:
        return lower
    parts = re.split(r"(['\u2019-])", token)
    out = []
    for index, part in enumerate(parts):
        if part in ("'", "\u2019", "-"):
            out.append(part)
        elif index > 0 and parts[index - 1] in ("'", "\u2019") and len(parts[index - 2]) > 1:
            out.append(part.lower())  # "jo'anne" keeps its second part lower-case
        else:
            out.append(_capitalise_piece(part))
    return "".join(out)


def _needs_capitalising(words: list[str]) -> bool:
    letters = "".join(words)
    return letters == letters.lower() or letters == letters.upper()


def _split_given_family(words: list[str]) -> tuple[Optional[str], Optional[str]]:
    """Splits name words into given names and family name (with particles, without suffix)."""
    core = [w for w in words if w.lower().rstrip(".") not in _SUFFIXES]
    if not core:
        return None, None
    if len(core) == 1:
        return core[0], None
    family_start = len(core) - 1
    while family_start > 1 and core[family_start - 1].lower() in _PARTICLES:
        family_start -= 1
    return " ".join(core[:family_start]), " ".join(core[family_start:])


def _is_name_word(word: str) -> bool:
    bare = word.lower().rstrip(".,")
    if bare in _NOT_NAME_WORDS:
        return False
    return bool(_TOKEN.match(word))


def parse_person_name(text: str) -> Optional[PersonName]:
    """Reads a person's name from an answer.

    Args:
        text: E.g. "My name is John Smith", "Smith, John", "mary o'neil", "I'm Dr. Ann Lee".

    Returns:
        The name, or None when the answer does not look like a name (refusals, numbers,
        e-mail addresses, more than six words, sentences).
    """
    if not text or re.search(r"[\d@?/\\:;()<>#$%&*=+_|~^]", _strip_lead_ins(text.strip())):
        return None
    cleaned = _TRAILERS.sub("", _strip_lead_ins(text.strip().strip("\"'\u201c\u201d"))).strip(" ,")
    swapped = _swap_family_first(cleaned)
    words = [w for w in re.split(r"\s+", swapped.replace(",", " ")) if w]
    honorific = bool(words) and words[0].lower().rstrip(".") in _HONORIFICS
    words = [w for w in words if w.lower().rstrip(".") not in _HONORIFICS]
    if not words or len(words) > MAX_WORDS or not all(_is_name_word(w) for w in words):
        return None
    if all(len(w.rstrip(".")) == 1 for w in words):
        return None
    if _needs_capitalising(words):
        words = [_capitalise_token(w, first=i == 0) for i, w in enumerate(words)]
    words = [_SUFFIXES.get(w.lower().rstrip("."), w) if i else w for i, w in enumerate(words)]
    given, family = _split_given_family(words)
    if honorific and family is None:
        given, family = None, given
    return PersonName(" ".join(words), given, family)


def _swap_family_first(text: str) -> str:
    """Turns "Smith, John" into "John Smith" (but leaves "John Smith, Jr." alone)."""
    parts = [p.strip() for p in text.split(",")]
    if len(parts) != 2 or not parts[0] or not parts[1]:
        return text
    if parts[1].lower().rstrip(".") in _SUFFIXES:
        return f"{parts[0]} {parts[1]}"
    given = parts[1].split()
    suffix = [given.pop()] if len(given) > 1 and given[-1].lower().rstrip(".") in _SUFFIXES else []
    return " ".join(given + [parts[0]] + suffix)
