"""Sentences of a patient's narrative, with offsets, not broken at "Dr." or "St."."""
from __future__ import annotations

import re
from dataclasses import dataclass

_ABBREVIATIONS = {
    "dr", "mr", "mrs", "ms", "st", "jr", "sr", "prof", "vs", "e.g", "i.e", "approx", "etc",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mt", "ft",
}
_BOUNDARY = re.compile(r"[.!?]+[\"')\]]*(?=\s)|\n+|\s[-\u2013\u2014]\s(?=[A-Z])")


@dataclass(frozen=True)
class Sentence:
    """A sentence of a text.

    Attributes:
        start: Offset of its first character in the text.
        end: Offset just past its last character (including its final punctuation).
        text: ``text[start:end]``.
    """

    start: int
    end: int
    text: str

    @property
    def is_question(self) -> bool:
        """Whether it ends with a question mark."""
        return self.text.rstrip(" \"')").endswith("?")


def _is_abbreviation(text: str, dot: int) -> bool:
    """Tells whether the full stop at ``dot`` ends an abbreviation or an initial."""
    if text[dot] != ".":
        return False
    word = re.search(r"([\w.]+)$", text[:dot])
    if not word:
        return False
    token = word.group(1).lower()
    return token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha())


def split_sentences(text: str) -> list[Sentence]:
    """Splits a text into sentences.

    Args:
        text: A patient's message, possibly several paragraphs, possibly unpunctuated.

    Returns:
        Non-empty sentences in order, stripped of surrounding whitespace, with offsets.
    """
    sentences: list[Sentence] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        if _is_abbreviation(text, match.start()):
            continue
        _append(sentences, text, start, match.end())
        start = match.end()
    _append(sentences, text, start, len(text))
    return sentences


def _append(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    piece = text[start:end]
    stripped = piece.strip(" \t\r\n-\u2013\u2014")
    if not stripped:
        return
    offset = start + piece.index(stripped)
    sentences.append(Sentence(offset, offset + len(stripped), stripped))
