"""The patient's own questions for the reviewing physician, kept in their words.

Questions about this service ("how long does this take?", "is this free?") are not
questions for the physician and are left out.
"""
from __future__ import annotations

import re
from typing import Optional

from bot.nlp.facts import Fact
from bot.nlp.narrative_text import Sentence

_I = re.IGNORECASE
_WANT_TO_KNOW = re.compile(
    r"(?:^|[,;]\s*|\b(?:but|and|so)\s+)(?:(?:and|also|so|but|mainly|basically|really)[,\s]+)*(?:I|we)\s*(?:'d|would|really|just|also|mainly)?\s*"
    r"(?:want|wants|like|need|needs|am\s+hoping|'m\s+hoping|hope)\s+to\s+(?:know|understand|find\s+out|learn|ask)\b"
    r"|^(?:(?:and|also|so|but)[,\s]+)*(?:I|we)\s*(?:'m|am|are|'re)?\s*(?:wonder(?:ing)?|curious)\b"
    r"|^(?:(?:and|also|so|but)[,\s]+)*(?:my|our|the)\s+(?:main\s+|big\s+|biggest\s+|real\s+)?questions?\s+(?:is|are|:)"
    r"|^(?:(?:and|also|so|but)[,\s]+)*(?:wondering|curious)\s+(?:if|whether|about|what|how|why)\b",
    _I,
)
_UNPUNCTUATED_QUESTION = re.compile(
    r"^(?:(?:and|also|so|but)[,\s]+)*(?:should|could|would|can|is|are|does|do|did|will|must|"
    r"what\s+(?:are|is|would|should|other|kind|type)|how\s+(?:long|likely|much|soon|risky|bad|serious|do|does|"
    r"should|can|will)|why\s+(?:is|are|would|does|do|did|should)|which\s+(?:is|one|would|should|option|treatment))"
    r"\s+\w+(?:\s+\w+){2,}",
    _I,
)
_ABOUT_SERVICE = re.compile(
    r"\b(?:can\s+you\s+help|how\s+does\s+this\s+(?:work|service)|how\s+(?:long|much)\s+(?:does|will|is|would)\s+"
    r"(?:this|it|the\s+(?:review|second\s+opinion|service|process))|what\s+do\s+you\s+need|"
    r"is\s+(?:this|it|the\s+service)\s+(?:free|covered|secure|private|confidential)|"
    r"are\s+you\s+(?:a|an)\s+(?:bot|robot|human|real|person|ai)|are\s+you\s+(?:real|human)|"
    r"who\s+(?:will|is\s+going\s+to)\s+(?:review|see|read|look\s+at)|can\s+i\s+(?:upload|send|attach|talk\s+to)|"
    r"how\s+do\s+i\s+(?:upload|send|attach|start|sign\s+up)|what\s+happens\s+next|"
    r"is\s+my\s+(?:data|information|info)\s+(?:safe|secure|private)|do\s+you\s+(?:accept|take)|"
    r"what\s+does\s+(?:this|it)\s+cost|how\s+much\s+(?:is\s+it|does\s+it\s+cost)|talk\s+to\s+a\s+(?:human|person))\b",
    _I,
)
_MIN_WORDS = 3


def _is_patient_question(sentence: Sentence) -> Optional[float]:
    """Returns a confidence when the sentence is a question for the physician, else None."""
    text = sentence.text
    if len(re.findall(r"\w+", text)) < _MIN_WORDS or _ABOUT_SERVICE.search(text):
        return None
    if sentence.is_question:
        return 0.85
    if _WANT_TO_KNOW.search(text):
        return 0.8
    if _UNPUNCTUATED_QUESTION.search(text):
        return 0.65
    return None


def questions(sentences: list[Sentence], text: str) -> Optional[Fact]:
    """Collects the patient's questions.

    Args:
        sentences: The narrative's sentences.
        text: The narrative (for the source span).

    Returns:
        One ``questions`` fact whose value is the list of questions, each exactly as
        written; its source text runs from the first question to the last. None when
        there are none.
    """
    found: list[tuple[Sentence, float]] = []
    for sentence in sentences:
        confidence = _is_patient_question(sentence)
        if confidence is not None:
            found.append((sentence, confidence))
    if not found:
        return None
    values = [s.text for s, _ in found]
    source = text[found[0][0].start:found[-1][0].end]
    return Fact("questions", values, source, min(c for _, c in found))
