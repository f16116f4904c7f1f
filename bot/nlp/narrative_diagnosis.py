"""Details of the diagnosis in a narrative (not the diagnosis itself): its stage and when it was made."""
from __future__ import annotations

import datetime as dt
import re
from typing import Optional

from bot.nlp.facts import Fact
from bot.nlp.narrative_text import Sentence
from bot.normalise.dates import find_dates

_I = re.IGNORECASE
_STAGE_WORDS = {"zero": "0", "one": "1", "two": "2", "three": "3", "four": "4"}
_STAGE = re.compile(
    r"\bstage[\s-]*(?P<stage>(?:IV|I{1,3}|iv|i{1,3}|[0-4]|zero|one|two|three|four)(?:\s?[A-Ca-c][0-9]?)?)"
    r"(?![\w-])",
    _I,
)
_NOT_A_STAGE_AFTER = re.compile(r"\s*of\s+(?:grief|life|labor|labour|sleep|the)\b", _I)
_DIAGNOSED = re.compile(
    r"\b(?:diagnos(?:ed|is)|was\s+told\s+(?:I|she|he)\s+(?:had|have|has)|found\s+out|found\s+(?:a|the)\s+"
    r"(?:tumou?r|mass|lump|cancer)|biopsy\s+(?:showed|confirmed|came\s+back))\b",
    _I,
)
_BORN = re.compile(r"\b(?:born|dob|date\s+of\s+birth|birthday)\b", _I)
_MAX_GAP = 90


def _normalise_stage(raw: str) -> str:
    compact = re.sub(r"\s+", "", raw)
    word = re.match(r"[a-z]+", compact.lower())
    if word and word.group() in _STAGE_WORDS:
        return _STAGE_WORDS[word.group()] + compact[word.end():].upper()
    return compact.upper()


def stage(text: str) -> Optional[Fact]:
    """Finds the stage of the disease ("stage 2", "Stage IIIA", "stage four").

    Args:
        text: The narrative.

    Returns:
        A ``diagnosis.stage`` fact whose value is the stage designation as written, in
        upper case ("2", "IIIA"), or None. Grades are not stages.
    """
    for match in _STAGE.finditer(text):
        if _NOT_A_STAGE_AFTER.match(text, match.end()):
            continue
        if re.match(r"stage\s*one\s+(?:of|is)\b", match.group() + text[match.end():match.end() + 4], _I):
            continue
        return Fact("diagnosis.stage", _normalise_stage(match["stage"]), match.group(), 0.9)
    return None


def diagnosed_on(sentences: list[Sentence], today: dt.date) -> Optional[Fact]:
    """Finds when the diagnosis was made ("diagnosed last March", "in 2019 I was diagnosed").

    Args:
        sentences: The narrative's sentences.
        today: Reference date.

    Returns:
        A ``diagnosis.diagnosed_on`` fact (YYYY, YYYY-MM or YYYY-MM-DD, as precise as
        written, not after today), or None.
    """
    for sentence in sentences:
        cue = _DIAGNOSED.search(sentence.text)
        if not cue:
            continue
        best = None
        for mention in find_dates(sentence.text, today=today, prefer="past"):
            if mention.value.first_day > today or _BORN.search(sentence.text[max(0, mention.start - 25):mention.start]):
                continue
            gap = mention.start - cue.end() if mention.start >= cue.end() else cue.start() - mention.end
            if gap > _MAX_GAP or _other_event_between(sentence.text, cue, mention.start, mention.end):
                continue
            if best is None or gap < best[0]:
                best = (gap, mention)
        if best:
            mention = best[1]
            return Fact("diagnosis.diagnosed_on", mention.value.iso, mention.text, 0.85)
    return None


def _other_event_between(text: str, cue: re.Match, start: int, end: int) -> bool:
    """Tells whether another event (surgery, scheduling) sits between the cue and the date."""
    between = text[cue.end():start] if start >= cue.end() else text[end:cue.start()]
    return bool(re.search(
        r"\b(?:and|but)\s+(?:then\s+)?(?:had|have|has|started|surgery|they|she|he|I|we)\b|"
        r"\b(?:scheduled|surgery\s+(?:is|was)|operation|started|since\s+then)\b",
        between, _I))
