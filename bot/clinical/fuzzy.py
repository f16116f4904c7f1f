"""Spelling correction of single words towards the term vocabulary.

Patients write "lukemia", "alzhimers", "diabetis". A word is only corrected when all of
these hold, so ordinary English is left alone ("cancel" never becomes "cancer"):

* it is not already a vocabulary word, a function word or an English word;
* it is alphabetic and at least five letters long;
* a vocabulary word with the same first letter is within 1 edit (5-6 letters),
  2 edits (7-10 letters) or 3 edits (11+ letters), transpositions counting as one;
* the corrected word then still has to complete a term (the matcher checks that).

Only when no word with the same first letter is close enough, two kinds of first-letter
error are tried, each counting as one edit: a start written as it sounds ("kronic",
"feochromocytoma", "astioporosis", "emorrhoids": see :data:`SOUND_ALIKE_STARTS`), then, in
words of six letters or more, a wrong first letter with every other letter right, when
exactly one vocabulary word fits.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rapidfuzz.distance import DamerauLevenshtein

from bot.clinical.text import STOPWORDS

ENGLISH_WORDS_FILE = Path(__file__).resolve().parent / "data" / "english_words.txt"
MIN_LENGTH = 5
#: (written, meant): how a word's start is often written by its sound. Tried in order.
SOUND_ALIKE_STARTS: tuple[tuple[str, str], ...] = (
    ("f", "ph"),
    ("k", "ch"),
    ("k", "c"),
    ("c", "k"),
    ("c", "ch"),
    ("s", "ps"),
    ("s", "c"),
    ("c", "s"),
    ("n", "pn"),
    ("n", "kn"),
    ("n", "gn"),
    ("r", "rh"),
    ("z", "x"),
    ("x", "z"),
    ("j", "g"),
    ("g", "j"),
    ("a", "o"),
    ("o", "a"),
    ("e", "a"),
    ("a", "e"),
    ("e", "i"),
    ("i", "e"),
    ("u", "eu"),
    ("", "h"),
)
#: Shortest word whose first letter alone may be wrong ("voster" -> "zoster").
MIN_LENGTH_FIRST_LETTER = 6


@dataclass(frozen=True)
class Correction:
    """A corrected word.

    Attributes:
        canon: The vocabulary word chosen.
        similarity: 0..1 normalised similarity to the written word.
    """

    canon: str
    similarity: float


def max_edits(length: int) -> int:
    """Edits allowed for a word of the given length.

    Args:
        length: Number of letters.

    Returns:
        0 below :data:`MIN_LENGTH`, then 1, 2 or 3.
    """
    if length < MIN_LENGTH:
        return 0
    if length <= 6:
        return 1
    if length <= 10:
        return 2
    return 3


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Canonical forms of ordinary English words (see ``data/english_words.NOTICE``).

    The file already holds canonical forms (``bot.clinical.tools.make_english_words``).

    Returns:
        The set (empty when the data file is missing).
    """
    if not ENGLISH_WORDS_FILE.exists():
        return frozenset()
    with ENGLISH_WORDS_FILE.open(encoding="utf-8") as handle:
        return frozenset(line.strip() for line in handle if line.strip() and not line.startswith("#"))


class Corrector:
    """Corrects words towards a fixed vocabulary (cached per word)."""

    def __init__(self, vocabulary: dict[str, int] | set[str], weights: dict[str, int] | None = None) -> None:
        """Indexes the vocabulary by first letter.

        Args:
            vocabulary: Canonical vocabulary words.
            weights: Optional word frequencies used to break ties (higher wins).
        """
        self._vocab = vocabulary
        self._weights = weights or {}
        self._by_first: dict[str, list[str]] = defaultdict(list)
        self._by_rest: dict[str, list[str]] = defaultdict(list)
        for word in vocabulary:
            if len(word) >= MIN_LENGTH - 1 and word.isalpha():
                self._by_first[word[0]].append(word)
                if len(word) >= MIN_LENGTH_FIRST_LETTER:
                    self._by_rest[word[1:]].append(word)
        self._cache: dict[str, tuple[Correction, ...]] = {}

    def correct(self, canon: str, limit: int = 3, known: bool = False) -> tuple[Correction, ...]:
        """Finds the vocabulary words a misspelled word may stand for.

        Args:
            canon: Canonical form of the written word.
            limit: Most candidates to return.
            known: Also correct a word that is itself in the vocabulary (for rare words
                that only come from a curated misspelling, e.g. "arthritus").

        Returns:
            Candidates, closest first (fewest edits, then most frequent); empty when the
            word is known (unless ``known``), too short, ordinary English or not close to
            any vocabulary word.
        """
        key = f"+{canon}" if known else canon
        cached = self._cache.get(key)
        if cached is None:
            cached = self._correct(canon, known)
            if len(self._cache) < 100_000:
                self._cache[key] = cached
        return cached[:limit]

    def is_rare(self, canon: str) -> bool:
        """Whether a vocabulary word is used by at most one term (a likely misspelling)."""
        return canon in self._vocab and self._weights.get(canon, 0) <= 1

    def _correct(self, canon: str, known: bool = False) -> tuple[Correction, ...]:
        if (canon in self._vocab and not known) or canon in STOPWORDS or not canon.isalpha():
            return ()
        limit = max_edits(len(canon))
        if not limit or canon in english_words():
            return ()
        found = self._near(canon, limit)
        if not found:
            found = self._sound_alike(canon, limit) or self._first_letter_wrong(canon)
        found.sort()
        return tuple(
            Correction(word, 1.0 - distance / max(len(canon), len(word))) for distance, _w, word in found[:5]
        )

    def _near(self, canon: str, limit: int, written: str | None = None) -> list[tuple[int, int, str]]:
        """(edits, -weight, word) of the vocabulary words with ``canon``'s first letter within ``limit`` edits."""
        found: list[tuple[int, int, str]] = []
        for word in self._by_first.get(canon[:1], ()):
            if word in (canon, written) or abs(len(word) - len(canon)) > limit:
                continue
            distance = DamerauLevenshtein.distance(canon, word, score_cutoff=limit)
            if distance <= limit:
                found.append((distance, -self._weights.get(word, 0), word))
        return found

    def _sound_alike(self, canon: str, limit: int) -> list[tuple[int, int, str]]:
        """Corrections of a start written by its sound, the rewrite counting as one edit."""
        for written, meant in SOUND_ALIKE_STARTS:
            if not canon.startswith(written):
                continue
            rewritten = meant + canon[len(written) :]
            if rewritten in self._vocab:
                return [(1, -self._weights.get(rewritten, 0), rewritten)]
            if limit > 1:
                found = [(d + 1, w, word) for d, w, word in self._near(rewritten, limit - 1, canon)]
                if found:
                    return found
        return []

    def _first_letter_wrong(self, canon: str) -> list[tuple[int, int, str]]:
        """The one vocabulary word that differs from a long word in its first letter only."""
        if len(canon) < MIN_LENGTH_FIRST_LETTER:
            return []
        same_rest = [word for word in self._by_rest.get(canon[1:], ()) if word != canon]
        if len(same_rest) != 1:
            return []
        return [(1, -self._weights.get(same_rest[0], 0), same_rest[0])]
