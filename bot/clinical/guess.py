"""Last resorts for a message in which no term matches: a guess by word overlap with the
code titles, or a condition named in words the code set lacks (kept without a code).
External causes (how it happened) are never a diagnosis.
"""
from __future__ import annotations

import re

from bot.clinical.context import analyse
from bot.clinical.fuzzy import english_words
from bot.clinical.match import DiagnosisMatch
from bot.clinical.retrieval import retrieve
from bot.clinical.specialty import specialty_for_code
from bot.clinical.text import STOPWORDS, words

#: Free-worded guesses in running text: the least overlap, and what a condition's name
#: is not (external causes, circumstances).
_GUESS_MIN_SCORE = 0.6
#: External causes say how it happened, never what the patient has.
_EXTERNAL_CAUSES = ("V", "W", "X", "Y")
_GUESS_SKIP = (*_EXTERNAL_CAUSES, "Z")
_CLAUSES = re.compile(r"[^.!?\n,;:()]+")


def is_external_cause(match: DiagnosisMatch) -> bool:
    """Whether a mention names how something happened (V-Y codes) rather than a condition.

    Args:
        match: A mention.

    Returns:
        True for external-cause codes ("fell off a ladder", "prolonged standing").
    """
    return match.code.startswith(_EXTERNAL_CAUSES)


def guess_diagnosis(text: str) -> DiagnosisMatch | None:
    """A condition named in words that no term matches exactly, clause by clause.

    The last resort for a message in which :func:`find_diagnoses` finds nothing: each
    clause is matched against the code titles by word overlap (see
    :func:`bot.clinical.retrieval.retrieve`, at least two covered words naming a
    condition), and the closest one is kept when it overlaps well and names a condition
    rather than an external cause or a circumstance.

    Args:
        text: The patient's message.

    Returns:
        The best guess (certainty unknown, score lowered), or None.
    """
    best: tuple[float, int, int, str, str] | None = None
    for clause in _CLAUSES.finditer(text or ""):
        found = retrieve(clause.group(), min_score=_GUESS_MIN_SCORE, min_naming=2)
        if found is None or found.code.startswith(_GUESS_SKIP):
            continue
        if best is None or found.score > best[0]:
            best = (found.score, clause.start(), clause.end(), found.code, found.display)
    if best is None:
        return None
    score, start, end, code, display = best
    while start < end and text[start].isspace():
        start += 1
    context = analyse(text, start, end, text)
    return DiagnosisMatch(
        text=text[start:end].strip(),
        start=start,
        end=start + len(text[start:end].strip()),
        code=code,
        display=display,
        specialty=specialty_for_code(code),
        confirmed=context.confirmed,
        negated=False,
        historical=context.historical,
        score=round(0.7 * score, 3),
    )


#: A condition named by a word before "syndrome", "disease", ...: "Kartagener's syndrome",
#: "Coffin-Siris syndrome", "CHARGE syndrome", "VACTERL association".
_NAMED_BEFORE = re.compile(
    r"\b([A-Za-z\u00c0-\u024f][\w\u00c0-\u024f]*(?:-[\w\u00c0-\u024f]+)*)(?:'s|\u2019s|s')?\s+"
    r"(?:syndrome|disease|disorder|anomaly|dystrophy|dysplasia|ataxia|palsy|association|sequence|malformation|"
    r"encephalopathy|leukodystrophy|myopathy|neuropathy)\b",
    re.IGNORECASE,
)
#: Words written with a capital that are still not a person's name before "disease" ...
_NOT_EPONYMS = frozenset(
    "a an the my his her our their your its this that rare genetic inherited unknown mom mum dad mother father "
    "son daughter wife husband baby brother sister heart lung liver kidney bone brain blood skin eye ear".split()
)
#: A clinical word by its ending: "trichoepithelioma", "leukodystrophy" (in lower case:
#: capitalised ones are places and names, "Oklahoma").
_CLINICAL_WORD = re.compile(
    r"\b[A-Za-z]{4,}(?:itis|osis|oma|emia|aemia|pathy|plasia|trophy|ectasia|algia|uria|penia|cytosis)\b",
    re.IGNORECASE,
)


def _unknown_word(word: str) -> bool:
    """Whether a word is neither ordinary English nor a function word (a name, a rare term)."""
    return all(
        part.canon not in english_words() and not part.is_stop and not part.canon.isdigit()
        for part in words(word)
    )


def _eponym(text: str, found: "re.Match[str]") -> bool:
    """Whether the word before "syndrome" ... names the condition.

    A word no dictionary has ("Kartagener") does; so does a capitalised word inside a
    sentence ("Wolfram syndrome", "Coffin-Siris syndrome", "Dent disease"), which is a
    person's name even where it is also an English word, and an acronym in capitals
    ("CHARGE syndrome"). A capital at the start of a sentence proves nothing.
    """
    word = found.group(1)
    if _unknown_word(word):
        return True
    if word.lower() in _NOT_EPONYMS or not word[0].isupper():
        return False
    if len(word) >= 3 and word.isupper():
        return True
    before = text[: found.start(1)].rstrip()
    return bool(before) and before[-1] not in ".!?:;\n\"'("


#: What a diagnosis was called, when the patient says so ("they diagnosed him with zqx two
#: years ago", "a rare disease called ...").
_CALLED = re.compile(
    r"\b(?:diagnosed (?:(?:me|him|her|them|us) )?with|diagnosis of|dx(?:'d)? with|(?:disease|condition|disorder|syndrome) (?:is |was )?(?:called|named|known as))"
    r"\s+(?:(?:a|an|the)\s+)?(?P<name>[\w'\-]+(?:\s+[\w'\-]+){0,4})",
    re.IGNORECASE,
)
#: Where the name after "diagnosed with" ends: the next function, question or time word.
_NAME_ENDS = re.compile(
    r"\s+(?:about|around|when|where|what|how|why|whether|if|since|last|but|because|does|do|did|can|could|should|"
    r"will|would|may|might|must|not|yrs?|years?|months?|weeks?|days?|ago|recently|today|yesterday|\d{4})\b.*$",
    re.IGNORECASE,
)
#: A lower-case syndrome named in ordinary words ("he has uncomfortable hair syndrome").
_WORDS_SYNDROME = re.compile(
    r"\b(?:has|have|had|with)\s+(?:(?:a|an|the)\s+)?(?P<name>(?:[a-z][\w'\-]*\s+){1,3}syndrome)\b"
)
#: Words that describe a syndrome or a disease rather than name it ("a rare syndrome").
_NOT_A_NAME = _NOT_EPONYMS | frozenset(
    "some kind sort type weird strange unusual serious terrible rare genetic unknown new same other".split()
)
#: First words of what follows "diagnosed with" that are no condition's name ("stage 3", "Dr. Lee").
_NOT_A_NAME_START = frozenset("stage grade type level phase class dr doctor mr mrs prof professor".split())


def _names_something(name: str) -> bool:
    """Whether words after "diagnosed with" name a condition rather than say something vague.

    At least one word must be no ordinary English word, a capitalised one, an acronym or
    carry a digit ("zqx", "KMT2D variant", "anti-Xyz 3").
    """
    for word in name.split():
        if any(c.isdigit() for c in word) or word[:1].isupper() or _unknown_word(word):
            return True
    return False


def _called(text: str) -> "tuple[int, int] | None":
    """The span of a name the patient says the diagnosis was called, or None."""
    for found in _CALLED.finditer(text):
        name = re.split(r"[.,;:!?()]", found.group("name"))[0].strip()
        kept = [name.split()[0]] if name else []
        for word in name.split()[1:]:
            if word.lower() in STOPWORDS:
                break
            kept.append(word)
        name = _NAME_ENDS.sub("", " ".join(kept))
        if name and name.split()[0].lower() not in STOPWORDS | _NOT_A_NAME_START and _names_something(name):
            start = found.start("name")
            return start, start + len(name)
    for found in _WORDS_SYNDROME.finditer(text):
        name = found.group("name")
        if not any(word in _NOT_A_NAME or word in STOPWORDS for word in name.lower().split()[:-1]):
            return found.start("name"), found.end("name")
    return None


def named_condition(text: str) -> DiagnosisMatch | None:
    """A condition the message names in words the code set does not have.

    Rare diseases are often named by a person's name ("Kartagener's syndrome") or by a
    clinical word no title uses; failing those, the words the patient says the diagnosis was
    called ("diagnosed with zqx", "a disease called ...") or a syndrome named in ordinary
    words. Such a mention is kept as the patient wrote it, with no
    code, so the intake records what was named and routes it as ``other``.

    Args:
        text: The patient's message.

    Returns:
        The named condition (no code, specialty ``other``), or None.
    """
    text = text or ""
    found = next((m for m in _NAMED_BEFORE.finditer(text) if _eponym(text, m)), None)
    if found is None:
        found = next(
            (m for m in _CLINICAL_WORD.finditer(text) if m.group()[0].islower() and _unknown_word(m.group())), None
        )
    span = found.span() if found is not None else _called(text)
    if span is None:
        return None
    start, end = span
    context = analyse(text, start, end, text)
    return DiagnosisMatch(
        text=text[start:end],
        start=start,
        end=end,
        code="",
        display="",
        specialty="other",
        confirmed=context.confirmed,
        negated=False,
        historical=context.historical,
        score=0.4,
    )
