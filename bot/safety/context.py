"""Decides whether a matched red-flag phrase describes a *current* situation.

A match is set aside only on a clear signal in its context: it is negated ("no chest
pain"), remote history ("in 2019", "my father died of"), simple past ("I had chest
pain"), habitual ("I get chest pain when I walk"), hypothetical or informational ("what
are the signs of", "would chest pain be a side effect?"), or a joke. Signs that it is
happening now ("right now", "is this a ...") override every signal but negation and
jokes; weaker local ones ("now", "again") do not override explicit history. Which signals
apply is chosen per category in ``red_flags.yml``; what each cue set means is fixed here.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

from bot.safety.normalise import PUNCT, SENTENCE_END

Span = tuple[int, int]

NEGATION_WINDOW = 6
NEGATION_AFTER_WINDOW = 2
CLAUSE_WORDS = frozenset({"but", "however", "although", "though", "yet", "except", "whereas"})
# After "," / "and" / "or", these words start a new clause ("..., and now my chest ...").
CLAUSE_OPENERS = frozenset({"i", "he", "she", "we", "they", "my", "his", "her", "our", "their",
                            "it", "now", "then", "this", "but", "you", "your", "suddenly"})
# Negation does not reach across a new subject or a subordinating word.
NEGATION_BREAKS = frozenset({"i", "he", "she", "we", "they", "you", "because", "so", "until",
                             "while", "then", "now", "since", "when", "after", "before", "who",
                             "which", "suddenly"})


@dataclass(frozen=True)
class Layout:
    """Sentence and clause boundaries of a normalised message.

    Attributes:
        words: The normalised words.
        sentence: For each token, the (start, end) of its sentence.
        clause: For each token, the (start, end) of its clause.
        negation_break: For each token, whether negation cannot reach across it.
    """

    words: tuple[str, ...]
    sentence: tuple[Span, ...]
    clause: tuple[Span, ...]
    negation_break: tuple[bool, ...]

    def is_question(self, sentence: Span, openers: Sequence[Span]) -> bool:
        """Whether the sentence ends with "?" or opens with a question word."""
        start, end = sentence
        if end > start and self.words[end - 1] == "?":
            return True
        return any(s == start for s, _ in openers)


def _segments(breaks: Sequence[bool], n: int) -> tuple[Span, ...]:
    """Turns 'a new segment starts at token i' flags into per-token (start, end) spans."""
    spans: list[Span] = []
    start = 0
    for i in range(1, n + 1):
        if i == n or breaks[i]:
            spans.extend([(start, i)] * (i - start))
            start = i
    return tuple(spans)


def layout(words: Sequence[str]) -> Layout:
    """Computes sentence and clause boundaries.

    Args:
        words: Normalised words (punctuation kept as tokens).

    Returns:
        The layout.
    """
    n = len(words)
    new_sentence = [False] * n
    new_clause = [False] * n
    neg_break = [False] * n
    for i, word in enumerate(words):
        previous = words[i - 1] if i else ""
        if i and previous in SENTENCE_END:
            new_sentence[i] = new_clause[i] = True
        if word in CLAUSE_WORDS:
            new_clause[i] = True
        if previous in {",", "and", "or", ":"} and word in CLAUSE_OPENERS:
            new_clause[i] = True
        neg_break[i] = (
            word in SENTENCE_END or word in CLAUSE_WORDS or word in NEGATION_BREAKS or new_clause[i]
        )
    return Layout(
        words=tuple(words),
        sentence=_segments(new_sentence, n),
        clause=_segments(new_clause, n),
        negation_break=tuple(neg_break),
    )


def _overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _inside(span: Span, region: Span) -> bool:
    return region[0] <= span[0] and span[1] <= region[1]


def _outside_match(spans: Sequence[Span], match: Span) -> list[Span]:
    return [s for s in spans if not _overlaps(s, match)]


def _without(spans: Sequence[Span], cancelling: Sequence[Span]) -> list[Span]:
    return [s for s in spans if not any(_overlaps(s, c) for c in cancelling)]


def is_negated(lay: Layout, match: Span, cues: Mapping[str, Sequence[Span]]) -> bool:
    """Whether a negation governs the match ("no chest pain", "chest pain: denies").

    Args:
        lay: The message layout.
        match: Token span of the match.
        cues: Cue spans by cue set name.

    Returns:
        True when the match is negated.
    """
    start, end = match
    # A cue may run into the match ("I don't think I'll | hurt myself") but must start before it.
    negations = _without([c for c in cues.get("negation", ()) if c[0] < start], cues.get("pseudo_negation", ()))
    for cue_start, cue_end in negations:
        if lay.sentence[cue_start] != lay.sentence[start]:
            continue
        if cue_end >= start:
            return True
        if any(lay.negation_break[i] for i in range(cue_end, start + 1)):
            continue
        if sum(1 for i in range(cue_end, start) if lay.words[i] not in PUNCT) <= NEGATION_WINDOW:
            return True
    after = _without(_outside_match(cues.get("negation_after", ()), match), cues.get("pseudo_negation", ()))
    for cue_start, cue_end in after:
        if cue_start < end or lay.sentence[cue_start] != lay.sentence[start]:
            continue
        gap = sum(1 for i in range(end, cue_start) if lay.words[i] not in PUNCT)
        closes = cue_end == len(lay.words) or lay.words[cue_end] in PUNCT or lay.clause[cue_end] != lay.clause[cue_start]
        if gap <= NEGATION_AFTER_WINDOW and closes:
            return True
    return False


def _any_in(spans: Sequence[Span], region: Span) -> bool:
    return any(_inside(s, region) for s in spans)


def _any_before(spans: Sequence[Span], region: Span, start: int) -> bool:
    return any(_inside(s, region) and s[1] <= start for s in spans)


def presence(lay: Layout, match: Span, cues: Mapping[str, Sequence[Span]]) -> str | None:
    """How strongly the context says this is happening now (and has not resolved).

    Args:
        lay: The message layout.
        match: Token span of the match.
        cues: Cue spans by cue set name.

    Returns:
        ``"strong"`` for a deictic cue in the sentence ("is this a ...") or, unless the
        sentence says it resolved, a presence cue in the sentence; ``"local"`` for a
        local presence cue in the match's clause; None otherwise. Presence cues that are
        part of a condition ("if he passes out again") do not count.
    """
    start = match[0]
    sentence, clause = lay.sentence[start], lay.clause[start]
    if _any_in(cues.get("deictic", ()), sentence):
        return "strong"
    if _any_in(cues.get("resolved", ()), sentence):
        return None
    conditions = cues.get("conditional", ())

    def counts(span: Span, region: Span) -> bool:
        own_clause = lay.clause[span[0]]
        return _inside(span, region) and not any(
            _inside(c, own_clause) and c[1] <= span[0] for c in conditions
        )

    if any(counts(s, sentence) for s in cues.get("presence", ())):
        return "strong"
    if any(counts(s, clause) for s in cues.get("presence_local", ())):
        return "local"
    return None


def set_aside_reason(
    lay: Layout, match: Span, cues: Mapping[str, Sequence[Span]], filters: frozenset[str]
) -> str | None:
    """Returns why the match does not describe a current emergency, or None if it does.

    Args:
        lay: The message layout.
        match: Token span of the match.
        cues: Cue spans by cue set name (from the cue matcher).
        filters: The context filters the category allows.

    Returns:
        ``"negation"``, ``"joke"``, ``"history"``, ``"past"``, ``"chronic"``,
        ``"hypothetical"``, or None when the match should be flagged. The
        ``"informational"`` filter is ``"hypothetical"`` without conditionals ("if").
    """
    start = match[0]
    if "negation" in filters and is_negated(lay, match, cues):
        return "negation"
    if "joke" in filters and cues.get("joke"):
        return "joke"
    now = presence(lay, match, cues)
    if now == "strong":
        return None
    clause = lay.clause[start]
    if "history" in filters and _any_in(_outside_match(cues.get("history", ()), match), clause):
        return "history"
    if now == "local":
        return None
    if "past" in filters:
        past = _without(_outside_match(cues.get("past", ()), match), cues.get("past_pseudo", ()))
        if _any_before(past, clause, start):
            return "past"
    if "chronic" in filters and _any_in(_outside_match(cues.get("chronic", ()), match), clause):
        return "chronic"
    if "hypothetical" in filters or "informational" in filters:
        hypothetical = _outside_match(cues.get("hypothetical", ()), match)
        if "hypothetical" not in filters:  # informational only: conditionals do not count
            hypothetical = _without(hypothetical, cues.get("conditional", ()))
        if _any_before(hypothetical, clause, start):
            return "hypothetical"
        if lay.is_question(lay.sentence[start], cues.get("question_openers", ())):
            if _any_in(_outside_match(cues.get("hypothetical_any", ()), match), clause):
                return "hypothetical"
            if _any_before(_outside_match(cues.get("question_modal", ()), match), clause, start):
                return "hypothetical"
    return None


def sentence_has(lay: Layout, match: Span, cues: Mapping[str, Sequence[Span]], names: Sequence[str]) -> bool:
    """Whether the match's sentence contains a cue of any of the named sets."""
    sentence = lay.sentence[match[0]]
    return any(_any_in(cues.get(name, ()), sentence) for name in names)
