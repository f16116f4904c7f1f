"""Word-level normalisation shared by the term index and the matcher.

Both sides of every lookup (ICD-10-CM descriptions, curated synonyms and patient text)
go through the same functions, so a collision-free canonical form is not needed: it only
has to be deterministic. Canonical tokens are lower-case, accent-folded, American-spelled,
possessive-free and roughly singular ("Crohn's" -> "crohn", "kidney stones" -> "kidney
stone", "leukaemia" -> "leukemia").
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_WORD_RE = re.compile(r"[A-Za-z0-9\u00C0-\u024F]+(?:['\u2019][A-Za-z]+)?")

#: Function words skipped inside a term: they neither count nor break a span.
STOPWORDS: frozenset[str] = frozenset(
    """a an the of and or with in on at to for by from as into onto due my his her their
    our your its is was are were be been being i me we he she it they you that this these
    those also which who whom has have had having s very some so than then there""".split()
)

_ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4", "one": "1", "two": "2", "three": "3", "four": "4"}
_NUMBERED_BY = frozenset({"type", "grade", "stage", "class", "phase"})
_LETTERED_BY = frozenset({"vitamin", "hepatitis", "type", "factor", "influenza", "protein", "group", "duffy"})
_LETTER_A = "letter_a"
#: "My hands have broken out": skin, not bone.
_BROKEN_OUT = "breakout"

_WHOLE_WORD = {
    "tumour": "tumor",
    "tumours": "tumor",
    "tumors": "tumor",
    "behaviour": "behavior",
    "coeliac": "celiac",
    "sulphate": "sulfate",
    "faeces": "feces",
    "faecal": "fecal",
    "aluminium": "aluminum",
    "grey": "gray",
    "disk": "disc",
    "disks": "disc",
    "centre": "center",
    "metastases": "metastasis",
    "metastasized": "metastatic",
    "metastasised": "metastatic",
    "diagnoses": "diagnosis",
    "fibre": "fiber",
    # past tenses patients use for injuries: "I broke my wrist" is a broken wrist
    "broke": "broken",
    "fractured": "broken",
    "tore": "torn",
    "ruptured": "rupture",
    # misspellings that are real English words, so spelling correction leaves them alone
    "prostrate": "prostate",
    "aneurism": "aneurysm",
    "aneurisms": "aneurysm",
}
_SPELLING_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^oe(?=[sd])"), "e"),  # oesophagus, oedema, oestrogen
    (re.compile(r"oea$"), "ea"),  # diarrhoea, dyspnoea, apnoea
    (re.compile(r"oeic"), "eic"),
    (re.compile(r"foet"), "fet"),
    (re.compile(r"ae(?=[mdtc])"), "e"),  # anaemia, leukaemia, haem-, paediatric, caecum
    (re.compile(r"^ae(?=t)"), "e"),
    (re.compile(r"([a-z])yse$"), r"\1yze"),  # analyse
)
_NO_SINGULAR_ENDINGS = ("ss", "us", "is", "os", "as", "xis", "ies")

#: A sentence as the readers of written numbers see it: a point between digits ("22q11.2",
#: "a PSA of 8.5") does not end it.
SENTENCE = re.compile(r"[^.!?;\n]+(?:\.\d[^.!?;\n]*)*")


@dataclass(frozen=True)
class Word:
    """One word of a text with its canonical form.

    Attributes:
        text: The word as written.
        canon: Canonical form used for lookups.
        start: Character offset of the word in the text.
        end: Character offset just past the word.
    """

    text: str
    canon: str
    start: int
    end: int

    @property
    def is_stop(self) -> bool:
        """Whether the word is a function word."""
        return self.canon in STOPWORDS


def fold(text: str) -> str:
    """Lower-cases and strips accents (``"Schüller"`` -> ``"schuller"``).

    Args:
        text: Any text.

    Returns:
        ASCII-folded lower-case text.
    """
    lowered = text.lower()
    if lowered.isascii():
        return lowered
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _singular(word: str) -> str:
    """Crude singular form, applied identically to lexicon and text."""
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith(_NO_SINGULAR_ENDINGS):
        return word[:-1]
    return word


@lru_cache(maxsize=262144)
def canonical(word: str) -> str:
    """Canonical form of a single word.

    Args:
        word: One word as matched by the tokeniser (may carry a possessive).

    Returns:
        Lower-case, accent-folded, American-spelled, singular form.
    """
    token = fold(word).replace("\u2019", "'")
    if "'" in token:
        token = token.split("'", 1)[0]
    if token in _WHOLE_WORD:
        return _WHOLE_WORD[token]
    for pattern, repl in _SPELLING_RULES:
        token = pattern.sub(repl, token)
    return _WHOLE_WORD.get(token, _singular(token))


def words(text: str) -> list[Word]:
    """Splits text into words with canonical forms and offsets.

    Hyphens, slashes and punctuation separate words ("a-fib" -> "a", "fib"). A Roman or
    spelled number after "type", "grade", "stage", "class" or "phase" becomes a digit;
    "broken" before "out" (a rash) does not stay "broken".

    Args:
        text: Any text.

    Returns:
        The words in order.
    """
    out: list[Word] = []
    for match in _WORD_RE.finditer(text):
        canon = _in_context(canonical(match.group()), out[-1].canon if out else "")
        if canon == "out" and out and out[-1].canon == "broken":  # "broken out" is a rash, not a fracture
            out[-1] = Word(out[-1].text, _BROKEN_OUT, out[-1].start, out[-1].end)
        out.append(Word(match.group(), canon, match.start(), match.end()))
    return out


def canon_seq(text: str) -> list[str]:
    """Canonical forms of all words of a text, in order (fast path of :func:`words`).

    Args:
        text: Any text.

    Returns:
        Canonical words, function words included.
    """
    out: list[str] = []
    previous = ""
    for raw in _WORD_RE.findall(text):
        canon = canonical(raw)
        if canon in _ROMAN and previous in _NUMBERED_BY:
            canon = _ROMAN[canon]
        elif canon == "a" and previous in _LETTERED_BY:
            canon = _LETTER_A
        elif canon == "out" and previous == "broken":
            out[-1] = _BROKEN_OUT
        out.append(canon)
        previous = canon
    return out


def _in_context(canon: str, previous: str) -> str:
    """Reads a numeral or the letter "a" after "type", "stage", "vitamin", ..."""
    if previous in _NUMBERED_BY and canon in _ROMAN:
        return _ROMAN[canon]
    if canon == "a" and previous in _LETTERED_BY:
        return _LETTER_A
    return canon


NEGATION_BINDER = "without"


def bind(content: list[str]) -> list[str]:
    """Glues "without" to the next word ("without aura" -> "without_aura").

    Without it, "migraine with aura, without status migrainosus" and "migraine without
    aura, with status migrainosus" would be the same bag of words.

    Args:
        content: Canonical content words in order.

    Returns:
        The words with every "without" merged into its successor.
    """
    out: list[str] = []
    pending = False
    for canon in content:
        if canon == NEGATION_BINDER:
            pending = True
            continue
        out.append(f"{NEGATION_BINDER}_{canon}" if pending else canon)
        pending = False
    return out


def content_canons(text: str) -> list[str]:
    """Canonical forms of the non-function words of a text, in order ("without" bound).

    Args:
        text: Any text.

    Returns:
        Canonical content words (duplicates kept).
    """
    return bind([c for c in canon_seq(text) if c not in STOPWORDS])


def ordered_hash(content: list[str] | tuple[str, ...]) -> int:
    """Stable 64-bit hash of an ordered word sequence.

    Args:
        content: Canonical content words in order.

    Returns:
        Unsigned 64-bit integer.
    """
    return int.from_bytes(hashlib.blake2b("\x1f".join(content).encode(), digest_size=8).digest(), "little")


def token_hash(canon: str) -> int:
    """Stable 64-bit hash of a canonical word (independent of ``PYTHONHASHSEED``).

    Args:
        canon: A canonical word.

    Returns:
        Unsigned 64-bit integer.
    """
    return int.from_bytes(hashlib.blake2b(canon.encode(), digest_size=8).digest(), "little")


def bag_hash(canons: list[str] | tuple[str, ...] | set[str] | frozenset[str]) -> int:
    """Order- and repetition-insensitive hash of a set of canonical words.

    Args:
        canons: Canonical content words.

    Returns:
        XOR of the distinct words' hashes (0 for an empty bag).
    """
    value = 0
    for canon in set(canons):
        value ^= token_hash(canon)
    return value
