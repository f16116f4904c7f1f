"""Compiles the rule language of ``red_flags.yml`` into spaCy ``Matcher`` token patterns.

Syntax (see the YAML header): ``word``; ``a|b|c`` (``_`` joins the words or lexicons of
one alternative: ``in_case``, ``<poss>_<person>``); ``<lexicon>``; ``*N`` (up to N
words); ``elem?`` (optional); ``#num``, ``#year``, ``#many``, ``#minor``. Literal words go
through the same normaliser as messages, so a pattern may be written as a patient would
type it ("can't", "self-harm") and still match.
"""
from __future__ import annotations

import itertools
import re
from typing import Callable, Mapping

TokenSpec = dict
TokenSequence = list[TokenSpec]

# A wildcard word never crosses punctuation nor a word that starts a new clause.
CLAUSE_BREAK_WORDS = ("but", "however", "although", "though", "yet", "except", "whereas",
                      "because", "or", "then")
_WILDCARD: TokenSpec = {"IS_PUNCT": False, "LOWER": {"NOT_IN": list(CLAUSE_BREAK_WORDS)}, "OP": "?"}
_YEAR: TokenSpec = {"TEXT": {"REGEX": r"^(19|20)\d\d$"}}
_NUM: TokenSpec = {"LIKE_NUM": True}
_MANY_DIGITS: TokenSpec = {"TEXT": {"REGEX": r"^([5-9]|[1-9]\d+)$"}}
_MANY_WORDS: TokenSpec = {"LOWER": {"IN": ["five", "six", "seven", "eight", "nine", "ten", "eleven",
                                           "twelve", "fifteen", "twenty", "thirty", "forty",
                                           "fifty", "sixty", "hundred", "dozen", "dozens"]}}
_MINOR_DIGITS: TokenSpec = {"TEXT": {"REGEX": r"^([1-9]|1[0-7])$"}}
_MINOR_WORDS: TokenSpec = {"LOWER": {"IN": ["six", "seven", "eight", "nine", "ten", "eleven", "twelve",
                                            "thirteen", "fourteen", "fifteen", "sixteen", "seventeen"]}}
MAX_EXPANSIONS = 2000
_SEQUENCE_PIECE = re.compile(r"<[^<>]+>|[^<>_]+")


class PatternError(ValueError):
    """A pattern does not follow the rule language."""


def _alternatives(
    alt: str, lexicon: Mapping[str, tuple[str, ...]], words_of: Callable[[str], list[str]], source: str
) -> list[list[str] | TokenSpec]:
    """Returns the word sequences (or one special token) an alternative stands for."""
    pieces = _SEQUENCE_PIECE.findall(alt)
    if "<" in alt and len(pieces) > 1:  # a sequence inside an alternative: "<poss>_<person>"
        parts = [_alternatives(piece.strip("_"), lexicon, words_of, source) for piece in pieces]
        if any(isinstance(item, dict) for part in parts for item in part):
            raise PatternError(f"{source!r}: special tokens cannot be joined with '_'")
        return [[w for seq in combo for w in seq] for combo in itertools.product(*parts)]
    if alt.startswith("<") and alt.endswith(">"):
        name = alt[1:-1]
        if name not in lexicon:
            raise PatternError(f"{source!r}: unknown lexicon <{name}>")
        return [seq for entry in lexicon[name] for seq in [words_of(entry)] if seq]
    if alt == "#num":
        return [dict(_NUM)]
    if alt == "#year":
        return [dict(_YEAR)]
    if alt == "#many":
        return [dict(_MANY_DIGITS), dict(_MANY_WORDS)]
    if alt == "#minor":
        return [dict(_MINOR_DIGITS), dict(_MINOR_WORDS)]
    if not alt or "<" in alt or ">" in alt or "*" in alt:
        raise PatternError(f"{source!r}: bad element {alt!r}")
    words = words_of(alt.replace("_", " "))
    if not words:
        raise PatternError(f"{source!r}: {alt!r} normalises to nothing")
    return [words]


def _merge(sequences: list[tuple[frozenset[str], ...]]) -> list[tuple[frozenset[str], ...]]:
    """Merges word sequences that differ in one position only ("want to", "plan to").

    The result matches exactly the same word sequences, with far fewer Matcher patterns
    (the Matcher's cost grows with the number of patterns).
    """
    merged = True
    while merged:
        merged = False
        by_length: dict[int, list[tuple[frozenset[str], ...]]] = {}
        for seq in sequences:
            by_length.setdefault(len(seq), []).append(seq)
        out: list[tuple[frozenset[str], ...]] = []
        for group in by_length.values():
            while group:
                current = group.pop()
                for index, other in enumerate(group):
                    differing = [i for i, (a, b) in enumerate(zip(current, other)) if a != b]
                    if len(differing) == 1:
                        i = differing[0]
                        group[index] = current[:i] + (current[i] | other[i],) + current[i + 1 :]
                        merged = True
                        break
                else:
                    out.append(current)
        sequences = out
    return sequences


def _spec(words: frozenset[str]) -> TokenSpec:
    unique = sorted(words)
    return {"LOWER": unique[0]} if len(unique) == 1 else {"LOWER": {"IN": unique}}


def _element(
    element: str, lexicon: Mapping[str, tuple[str, ...]], words_of: Callable[[str], list[str]], source: str
) -> list[TokenSequence]:
    """Returns the alternative token sequences for one element of a pattern."""
    if element.startswith("*"):
        try:
            count = int(element[1:])
        except ValueError as exc:
            raise PatternError(f"{source!r}: bad wildcard {element!r}") from exc
        return [[dict(_WILDCARD) for _ in range(count)]]
    optional = element.endswith("?") and len(element) > 1
    if optional:
        element = element[:-1]
    words: list[tuple[frozenset[str], ...]] = []
    specials: list[TokenSequence] = []
    for alt in element.split("|"):
        for item in _alternatives(alt, lexicon, words_of, source):
            if isinstance(item, dict):
                specials.append([item])
            else:
                words.append(tuple(frozenset({w}) for w in item))
    sequences = [[_spec(position) for position in seq] for seq in sorted(_merge(words), key=len)]
    sequences += specials
    if optional:
        if len(sequences) == 1 and len(sequences[0]) == 1:
            sequences[0][0]["OP"] = "?"
        else:
            sequences.append([])
    return sequences


def compile_pattern(
    source: str, lexicon: Mapping[str, tuple[str, ...]], words_of: Callable[[str], list[str]]
) -> list[list[TokenSpec]]:
    """Compiles one pattern of the rule language.

    Args:
        source: The pattern, e.g. ``"<chest> *3 <chest_pain>"``.
        lexicon: Word lists referenced as ``<name>``.
        words_of: Normalises literal text into words (the message normaliser, no fuzzy).

    Returns:
        spaCy Matcher patterns (one per combination of multi-word alternatives).

    Raises:
        PatternError: The pattern is malformed or expands too much.
    """
    elements = source.split()
    if not elements:
        raise PatternError("empty pattern")
    if elements[0].startswith("*") or elements[-1].startswith("*"):
        raise PatternError(f"{source!r}: a pattern cannot start or end with a wildcard")
    options = [_element(e, lexicon, words_of, source) for e in elements]
    total = 1
    for option in options:
        total *= len(option)
    if total > MAX_EXPANSIONS:
        raise PatternError(f"{source!r}: expands to {total} patterns (max {MAX_EXPANSIONS})")
    compiled = []
    for combination in itertools.product(*options):
        tokens = [dict(spec) for seq in combination for spec in seq]
        if any(spec.get("OP") != "?" for spec in tokens):
            compiled.append(tokens)
    return compiled


def literal_words(source: str, lexicon: Mapping[str, tuple[str, ...]], words_of: Callable[[str], list[str]]) -> set[str]:
    """Returns every literal word a pattern can match (used to protect them from fuzzing)."""
    words: set[str] = set()
    for element in source.split():
        if element.startswith("*"):
            continue
        for alt in element.rstrip("?").split("|"):
            if alt.startswith("<") and alt.endswith(">"):
                for entry in lexicon.get(alt[1:-1], ()):
                    words.update(words_of(entry))
            elif not alt.startswith("#"):
                words.update(words_of(alt.replace("_", " ")))
    return words
