"""Turns a patient's message into the normalised words the red-flag patterns are written in.

Lower-cases, expands contractions and texting shorthand, fixes known and one-edit
misspellings of key words, and keeps, for every word, the character span of the original
text it came from (so a flag can point at what the patient actually wrote).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable

from bot.safety.rules import NormaliseRules

SENTENCE_END = frozenset({".", "!", "?", ";"})
PUNCT = frozenset({".", "!", "?", ";", ",", ":"})

_TOKEN = re.compile(
    r"[^\W_]+(?:['’‘`][^\W_]+)*['’]?"  # words, with inner apostrophes ("can't", "od'd")
    r"|\s[-–—]+\s|[–—]"  # a free-standing dash works like a comma
    r"|[.!?;,:]+"  # clause punctuation (runs collapse to one)
    r"|\n"
    r"|&"
    r"|[\U0001F300-\U0001FAFF\u2600-\u27BF]",  # emoji (jokes are told with them)
    re.UNICODE,
)
_EMOJI = re.compile(r"[\U0001F300-\U0001FAFF\u2600-\u27BF]")
_SUFFIXES = (("n't", ("not",)), ("'m", ("am",)), ("'re", ("are",)), ("'ve", ("have",)),
             ("'ll", ("will",)), ("'d", ("would",)), ("'s", ()))
_FUZZY_MIN_LEN = 5
_CACHE_LIMIT = 50_000


@dataclass(frozen=True)
class Token:
    """One normalised word and where it came from.

    Attributes:
        text: The normalised word (lower case, expanded).
        start: Start offset of the source token in the original text.
        end: End offset (exclusive) of the source token in the original text.
    """

    text: str
    start: int
    end: int


def _punct_word(raw: str) -> str:
    if raw == "\n":
        return "."
    if raw == "&":
        return "and"
    for mark in ("?", "!", ".", ";", ",", ":"):
        if mark in raw:
            return mark
    return ","  # a dash


class Normaliser:
    """Normalises text with the rules of ``red_flags.yml``.

    Args:
        rules: The normalisation rules.
        known_words: Words the patterns use; they are never fuzzily corrected.
    """

    def __init__(self, rules: NormaliseRules, known_words: Iterable[str] = ()) -> None:
        self._rules = rules
        self._known = frozenset(known_words) | rules.fuzzy_protected
        self._targets_by_initial: dict[str, tuple[str, ...]] = {}
        for target in rules.fuzzy_targets:
            self._targets_by_initial.setdefault(target[0], ())
            self._targets_by_initial[target[0]] += (target,)
        self._fuzzy_cache: dict[str, str] = {}

    def words(self, text: str, fuzzy: bool = True) -> list[str]:
        """Returns only the normalised words of ``text`` (used to compile patterns)."""
        return [token.text for token in self.tokens(text, fuzzy=fuzzy)]

    def tokens(self, text: str, fuzzy: bool = True) -> list[Token]:
        """Normalises ``text``.

        Args:
            text: Any text.
            fuzzy: Whether to correct unknown words that are one edit from a key word.

        Returns:
            The normalised tokens with their source offsets; punctuation that separates
            clauses is kept as tokens (".", "?", "!", ";", ",", ":").
        """
        out: list[Token] = []
        for match in _TOKEN.finditer(text):
            raw = match.group()
            start, end = match.start(), match.end()
            if _EMOJI.fullmatch(raw):
                out.append(Token(raw, start, end))
                continue
            if not raw[0].isalnum():
                out.append(Token(_punct_word(raw), start, end))
                continue
            previous = out[-1].text if out else ""
            for word in self._expand(raw, previous, fuzzy):
                out.append(Token(word, start, end))
        return out

    def _expand(self, raw: str, previous: str, fuzzy: bool) -> tuple[str, ...]:
        word = unicodedata.normalize("NFKC", raw).lower()  # full-width and compatibility letters
        word = word.replace("’", "'").replace("‘", "'").replace("`", "'").rstrip("'")
        rules = self._rules
        if "'" in word:
            if word in rules.apostrophe:
                return tuple(rules.apostrophe[word].split())
            for suffix, tail in _SUFFIXES:
                if word.endswith(suffix):
                    base = word[: -len(suffix)]
                    if suffix == "n't":
                        base = {"ca": "can", "wo": "will", "sha": "shall"}.get(base, base)
                    return (*self._expand_plain(base.replace("'", ""), previous, fuzzy), *tail)
            word = word.replace("'", "")
        return self._expand_plain(word, previous, fuzzy)

    def _expand_plain(self, word: str, previous: str, fuzzy: bool) -> tuple[str, ...]:
        rules = self._rules
        if word == "2" and previous in rules.two_means_to_after:
            return ("to",)
        if word in rules.misspellings:
            word = rules.misspellings[word]
        if word in rules.expand:
            return tuple(rules.expand[word].split())
        if fuzzy:
            word = self._fuzzy(word)
        return (word,)

    def _fuzzy(self, word: str) -> str:
        if len(word) < _FUZZY_MIN_LEN or word in self._known or not word.isalpha():
            return word
        cached = self._fuzzy_cache.get(word)
        if cached is not None:
            return cached
        if len(self._fuzzy_cache) > _CACHE_LIMIT:
            self._fuzzy_cache.clear()
        from rapidfuzz.distance import OSA  # lazy: only needed for unknown words

        best, best_distance = word, 3
        for target in self._targets_by_initial.get(word[0], ()):
            limit = 2 if len(target) >= 9 else 1
            if abs(len(target) - len(word)) > limit:
                continue
            distance = OSA.distance(word, target, score_cutoff=limit)
            if distance <= limit and distance < best_distance:
                best, best_distance = target, distance
        self._fuzzy_cache[word] = best
        return best
