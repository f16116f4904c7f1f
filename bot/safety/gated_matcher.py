"""A spaCy matcher that only runs the patterns a message could possibly match.

spaCy's ``Matcher`` tries every pattern at every token, so its cost grows with the
number of patterns. Each pattern here is filed under the words its first required token
accepts; a message only runs the ``Matcher`` of labels whose trigger words it contains.
Fixed phrases go to one ``PhraseMatcher`` (cost independent of their number).
"""
from __future__ import annotations

import itertools
from typing import Any

TokenSpec = dict
MAX_PHRASES = 5000


def phrase_words(pattern: list[TokenSpec]) -> list[list[str]] | None:
    """Returns the accepted words per position if the pattern is a fixed phrase.

    Args:
        pattern: A spaCy Matcher token pattern.

    Returns:
        Words per position, or None when the pattern has optional, wildcard or special
        tokens (or would expand to too many phrases).
    """
    words = []
    for spec in pattern:
        if set(spec) != {"LOWER"}:
            return None
        value = spec["LOWER"]
        words.append([value] if isinstance(value, str) else list(value["IN"]))
    total = 1
    for options in words:
        total *= len(options)
    return words if total <= MAX_PHRASES else None


def trigger_words(pattern: list[TokenSpec]) -> frozenset[str] | None:
    """Returns the words that the first required token accepts, or None if any word may.

    Args:
        pattern: A spaCy Matcher token pattern.

    Returns:
        The trigger words; None when the first required token is not a word list
        (a number, a regex, a wildcard), so the pattern must always run.
    """
    for spec in pattern:
        if spec.get("OP") == "?":
            continue
        value = spec.get("LOWER")
        if set(spec) - {"LOWER", "OP"} or value is None:
            return None
        if isinstance(value, str):
            return frozenset({value})
        if isinstance(value, dict) and "IN" in value:
            return frozenset(value["IN"])
        return None
    return None


class GatedMatcher:
    """Matcher + PhraseMatcher, with each Matcher label gated by its trigger words.

    Args:
        vocab: The spaCy vocabulary shared with the documents to match.
    """

    def __init__(self, vocab: Any) -> None:
        from spacy.matcher import PhraseMatcher  # lazy: spaCy is slow to import

        self._vocab = vocab
        self._phrases = PhraseMatcher(vocab, attr="LOWER")
        self._gated: list[tuple[frozenset[str] | None, Any]] = []

    def add(self, label: str, patterns: list[list[TokenSpec]]) -> None:
        """Adds patterns under ``label`` (fixed phrases and the rest are split)."""
        from spacy.matcher import Matcher
        from spacy.tokens import Doc

        rest: dict[frozenset[str] | None, list[list[TokenSpec]]] = {}
        phrases = []
        for pattern in patterns:
            words = phrase_words(pattern)
            if words is None:
                rest.setdefault(trigger_words(pattern), []).append(pattern)
            else:
                phrases.extend(Doc(self._vocab, words=list(seq)) for seq in itertools.product(*words))
        if phrases:
            self._phrases.add(label, phrases)
        always = rest.pop(None, [])
        triggered: dict[frozenset[str], list[list[TokenSpec]]] = {}
        for trigger, group in rest.items():
            triggered.setdefault(trigger, []).extend(group)
        for trigger, group in [*triggered.items(), *([(None, always)] if always else [])]:
            matcher = Matcher(self._vocab)
            matcher.add(label, group)
            self._gated.append((trigger, matcher))

    def __call__(self, doc: Any) -> list[tuple[int, int, int]]:
        """Returns ``(match_id, start, end)`` for every match in ``doc``."""
        present = {token.lower_ for token in doc}
        matches = list(self._phrases(doc))
        for trigger, matcher in self._gated:
            if trigger is None or not trigger.isdisjoint(present):
                matches.extend(matcher(doc))
        return matches
