"""The compiled red-flag matcher: spaCy matchers over normalised words, plus context.

Built once from ``red_flags.yml`` (lazily, on first use) and then reused; matching a
message is a tokenisation, one ``Matcher`` pass and a few checks per match.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from bot.safety import context
from bot.safety.gated_matcher import GatedMatcher
from bot.safety.normalise import Normaliser, Token
from bot.safety.patterns import compile_pattern, literal_words
from bot.safety.rules import Category, Family, Rules, load_rules

_FLAG, _CUE, _AFTER, _BEFORE = "F", "C", "A", "B"


@dataclass(frozen=True)
class Candidate:
    """A pattern match and what the context made of it.

    Attributes:
        category: The matched category.
        family: The family that matched.
        start: First token index of the match.
        end: Token index after the match.
        char_start: Start offset in the original text.
        char_end: End offset in the original text.
        set_aside: Why the match is not a current emergency, or None if it is.
    """

    category: Category
    family: Family
    start: int
    end: int
    char_start: int
    char_end: int
    set_aside: str | None

    @property
    def priority(self) -> int:
        """The family's priority if it has one, else the category's (lower wins)."""
        return self.category.priority if self.family.priority is None else self.family.priority


class Engine:
    """Matches red-flag patterns and applies the context rules.

    Args:
        rules: The rule book.
    """

    def __init__(self, rules: Rules) -> None:
        import spacy  # lazy: importing spaCy is slow

        self._rules = rules
        self._vocab = spacy.blank("en").vocab
        plain = Normaliser(rules.normalise)
        words_of = functools.partial(plain.words, fuzzy=False)
        self._matcher = GatedMatcher(self._vocab)
        self._families: dict[str, tuple[Category, Family]] = {}
        known: set[str] = set()
        for category in rules.categories:
            for index, family in enumerate(category.families):
                key = f"{category.name}#{index}"
                self._families[key] = (category, family)
                self._add(f"{_FLAG}|{key}", family.patterns, words_of)
                self._add(f"{_AFTER}|{key}", family.not_followed_by, words_of)
                self._add(f"{_BEFORE}|{key}", family.not_preceded_by, words_of)
                for source in family.patterns:
                    known |= literal_words(source, rules.lexicon, words_of)
        for name, phrases in rules.cues.items():
            self._add(f"{_CUE}|{name}", phrases, words_of)
            for source in phrases:
                known |= literal_words(source, rules.lexicon, words_of)
        for entries in rules.lexicon.values():
            for entry in entries:
                known.update(words_of(entry))
        self._normaliser = Normaliser(rules.normalise, known_words=known)

    def _add(self, label: str, sources: tuple[str, ...], words_of: Any) -> None:
        patterns = [p for source in sources for p in compile_pattern(source, self._rules.lexicon, words_of)]
        if patterns:
            self._matcher.add(label, patterns)

    def tokens(self, text: str) -> list[Token]:
        """Normalises a message (exposed for debugging and tests)."""
        return self._normaliser.tokens(text)

    def candidates(self, text: str) -> list[Candidate]:
        """Returns every pattern match in ``text`` with the context verdict.

        Args:
            text: The patient's message.

        Returns:
            One candidate per family and start position (the shortest match), in order.
        """
        from spacy.tokens import Doc

        tokens = self._normaliser.tokens(text)
        if not tokens:
            return []
        words = [t.text for t in tokens]
        doc = Doc(self._vocab, words=words, spaces=[True] * len(words))
        cues: dict[str, list[context.Span]] = {}
        after: dict[str, set[int]] = {}
        before: dict[str, set[int]] = {}
        flags: dict[tuple[str, int], int] = {}
        strings = self._vocab.strings
        for match_id, start, end in self._matcher(doc):
            kind, _, name = strings[match_id].partition("|")
            if kind == _CUE:
                cues.setdefault(name, []).append((start, end))
            elif kind == _AFTER:
                after.setdefault(name, set()).add(start)
            elif kind == _BEFORE:
                before.setdefault(name, set()).add(end)
            elif (name, start) not in flags or end < flags[(name, start)]:
                flags[(name, start)] = end
        lay = context.layout(words)
        found = []
        for (key, start), end in sorted(flags.items(), key=lambda item: item[0][1]):
            category, family = self._families[key]
            if self._guarded(key, family, words, start, end, after, before, lay, cues):
                continue
            found.append(
                Candidate(
                    category=category,
                    family=family,
                    start=start,
                    end=end,
                    char_start=tokens[start].start,
                    char_end=tokens[end - 1].end,
                    set_aside=context.set_aside_reason(
                        lay, (start, end), cues, category.filters if family.filters is None else family.filters
                    ),
                )
            )
        return found

    @staticmethod
    def _guarded(
        key: str,
        family: Family,
        words: list[str],
        start: int,
        end: int,
        after: dict[str, set[int]],
        before: dict[str, set[int]],
        lay: context.Layout,
        cues: dict[str, list[context.Span]],
    ) -> bool:
        """Whether the family's own guards cancel this match."""
        if family.exclude_tokens and any(w in family.exclude_tokens for w in words[start:end]):
            return True
        if end in after.get(key, ()) or start in before.get(key, ()):
            return True
        if family.needs and not context.sentence_has(lay, (start, end), cues, family.needs):
            return True
        return bool(family.unless) and context.sentence_has(lay, (start, end), cues, family.unless)


@functools.lru_cache(maxsize=1)
def default_engine() -> Engine:
    """Returns the engine built from the packaged rule file (built once, cached)."""
    return Engine(load_rules())
