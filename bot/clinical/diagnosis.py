"""Public API: conditions in a patient's words -> ICD-10-CM code and routing specialty.

* :func:`find_diagnoses` lists every condition mention of a message, in order, with its
  certainty (confirmed / suspected), negation and whether it is a past condition.
* :func:`main_diagnosis` picks the one the patient wants reviewed.
* :func:`normalise_diagnosis` reads the answer to "What is the diagnosis?".
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from bot.clinical.components import LABEL
from bot.clinical.context import analyse
from bot.clinical.guess import guess_diagnosis, is_external_cause, named_condition
from bot.clinical.match import DiagnosisMatch
from bot.clinical.matcher import TermHit, find_terms
from bot.clinical.pipeline import get_pipeline
from bot.clinical.retrieval import retrieve
from bot.clinical.sharpen import GENERIC_CODES, from_birth, resite, retype
from bot.clinical.specialty import specialty_for_code
from bot.clinical.text import words

__all__ = [
    "DiagnosisMatch",
    "find_diagnoses",
    "guess_diagnosis",
    "is_external_cause",
    "main_diagnosis",
    "named_condition",
    "normalise_diagnosis",
]


@dataclass(frozen=True)
class _Mention:
    match: DiagnosisMatch
    symptom: bool
    focus: float
    words: int
    asked: bool = False


#: Cues that tie a mention to the reason for the review when they come right before it.
_FOCUS_STRONG = re.compile(
    r"\b(?:diagnosed (?:with|as having)|diagnosis (?:of|is|was)|dx(?:'d)? (?:with|of)|"
    r"(?:second )?opinion (?:on|about|for|regarding|of)|question(?:s)? (?:is |are )?(?:on|about|regarding)|"
    r"treat(?:ed|ing|ment|ments)? (?:for|of)|surgery (?:for|on)|operation (?:for|on)|"
    r"biopsy (?:showed|confirmed|revealed|came back(?: as)?)|(?:scan|mri|ct|tests?) (?:showed|revealed)|"
    r"found|confirmed|told (?:me )?i have|newly diagnosed|recently diagnosed|just diagnosed|"
    r"info(?:rmation)? (?:on|about|regarding|for)|(?:know|learn|read|find out|hear|ask) (?:more |anything )?about|"
    r"(?:what|how) (?:is|are|causes?|about)|(?:cure|cures|therapy|therapies|medication|medicine|help) for|"
    r"(?:advice|help) (?:with|on|about)|how (?:to|do you|can i|can we) (?:treat|cure|manage|get rid of))"
    r"(?:\s+(?:a|an|the|my|his|her|stage \w+|grade \w+|\w+ly|\w+))?\s*$",
    re.IGNORECASE,
)
#: Weaker cues anywhere earlier in the clause.
_FOCUS_WEAK = re.compile(
    r"\b(?:i have|i've|ive|i got|has|have|suffer(?:ing|s)? (?:from|with)|living with|lives? with|my|his|her|"
    r"about|regarding)\b[^.?!]*$",
    re.IGNORECASE,
)
#: Cues right before a mention that make it background ("she also has diabetes").
_BACKGROUND = re.compile(
    r"\b(?:also (?:has|have|had|suffers?(?: from)?|with)|as well as|in addition to|besides|apart from|"
    r"who (?:has|have|had|is|also)|along with|other than)\b[^.?!,;]*$",
    re.IGNORECASE,
)
#: "hearing loss due to Alport syndrome": the condition named as the cause is the one to review.
_CAUSE = re.compile(
    r"\b(?:due to|caused by|because of|secondary to|as a result of|resulting from|related to|associated with)"
    r"(?:\s+(?:a|an|the|my|his|her|their|this|that))?\s*$",
    re.IGNORECASE,
)
#: "... and now they found ...": the new problem, after the old ones.
_NOW = re.compile(r"\b(?:now|recently|lately|just)\b[^.?!]*$", re.IGNORECASE)
_TREATMENT = re.compile(
    r"\b(?:surgery|operation|chemo(?:therapy)?|radiation|radiotherapy|immunotherapy|transplant|fusion|"
    r"replacement|mastectomy|lumpectomy|prostatectomy|ablation|stent|bypass|resection|removal|"
    r"laminectomy|discectomy|microdiscectomy|biologics?|infusion|proton|treatment options?|"
    r"recommended|recommending|proposed|suggest(?:ed|ing)?|want(?:s)? (?:me|him|her) to)\b",
    re.IGNORECASE,
)
_NON_ANSWER = re.compile(
    r"^\W*(?:i\W*m |i am )?(?:not sure|unsure|don'?t know|do not know|no idea|unknown|nothing|none|n/?a|"
    r"no diagnosis|not diagnosed|they don'?t know|haven'?t been diagnosed|no one knows)\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=256)
def _mentions(text: str) -> tuple[_Mention, ...]:
    """Runs the pipeline once per distinct text (cached)."""
    if not text or not text.strip():
        return ()
    doc = get_pipeline()(text)
    out: list[_Mention] = []
    for ent in doc.ents:
        if ent.label_ != LABEL:
            continue
        negated = bool(ent._.get("negex"))
        sent = ent.sent
        left = text[max(sent.start_char, ent.start_char - 80) : ent.start_char]
        start = ent._.term_start if ent._.term_start is not None else ent.start_char
        end = ent._.term_end if ent._.term_end is not None else ent.end_char
        match = DiagnosisMatch(
            text=text[start:end],
            start=start,
            end=end,
            code=ent._.icd10_code,
            display=ent._.icd10_display,
            specialty=ent._.specialty,
            confirmed=ent._.certainty,
            negated=negated,
            historical=bool(ent._.is_historical),
            score=float(ent._.match_score),
        )
        match = from_birth(text, retype(text, resite(text, match)))
        symptom = bool(ent._.is_symptom) or _symptom_like(match.code) or _unstated_injury(match.code, text)
        asked = sent.text.rstrip().endswith("?")
        out.append(_Mention(match, symptom, _focus(left, sent.text), len(words(ent.text)), asked))
    return _with_repeats(tuple(out))


#: Codes outside the symptom chapter that name a symptom ("itching", "joint pain", "back pain").
_SYMPTOM_LIKE = ("L29", "M25.5", "M54", "M79.6", "M79.1", "H57.1", "H92.0", "G89", "K59.0", "N94.6")
#: Injuries (S), burns and other effects of external causes (T00-T34) need injury words in
#: the message; without them "blisters on my ear" is a skin complaint, not a wound.
_INJURY_CHAPTER = re.compile(r"^(?:S|T[0-2]|T3[0-4])")
_INJURY_CUE = re.compile(
    r"\b(?:injur\w*|hurt (?:my|his|her)|fell|fall(?:s|en)?|accident\w*|crash\w*|broke|broken|fractur\w*|"
    r"sprain\w*|strain\w*|tore|torn|tear|hit|struck|trauma\w*|burn\w*|burnt|scald\w*|cut|cuts|wound\w*|"
    r"bit|bitten|bite|bites|sting|stung|concussion|whiplash|dislocat\w*|sports?|twist\w*|rupture\w*|"
    r"crush\w*|frostbite|blow to)\b",
    re.IGNORECASE,
)


def _symptom_like(code: str) -> bool:
    """Whether a code outside the R chapter names a symptom rather than a disease."""
    return code.startswith(_SYMPTOM_LIKE)


def _unstated_injury(code: str, text: str) -> bool:
    """Whether an injury code stands in a message that tells of no injury."""
    return bool(_INJURY_CHAPTER.match(code)) and not _INJURY_CUE.search(text)


def _focus(left: str, sentence: str) -> float:
    """How strongly the words around a mention tie it to the reason for the review.

    Args:
        left: The mention's sentence up to the mention (at most 80 characters).
        sentence: The whole sentence.

    Returns:
        A bonus: strong cue 3, weak cue 1, named as the cause ("due to") 1.5; plus 1 for a
        treatment in the sentence, 0.5 for "now"; minus 1.5 for a background cue ("also
        has"). (A question is counted per condition, see :func:`_with_repeats`.)
    """
    focus = 3.0 if _FOCUS_STRONG.search(left) else (1.0 if _FOCUS_WEAK.search(left) else 0.0)
    focus += 1.5 if _CAUSE.search(left) else 0.0
    focus += 1.0 if _TREATMENT.search(sentence) else 0.0
    focus += 0.5 if _NOW.search(left) else 0.0
    focus -= 1.5 if _BACKGROUND.search(left) else 0.0
    return focus


#: A mention in a question sentence is likely what the patient asks about.
_IN_A_QUESTION = 0.75


def _with_repeats(mentions: tuple[_Mention, ...]) -> tuple[_Mention, ...]:
    """Raises the focus of a condition named more than once (up to +1) and of one asked about.

    A condition named in a question ("Can epilepsy be cured?") is what the patient asks
    about, and so is every other mention of it in the message.
    """
    counts: dict[str, int] = {}
    asked: set[str] = set()
    for mention in mentions:
        if not mention.match.negated:
            counts[mention.match.code] = counts.get(mention.match.code, 0) + 1
            if mention.asked:
                asked.add(mention.match.code)
    return tuple(
        replace(
            m,
            focus=m.focus
            + min(1.0, 0.5 * (counts.get(m.match.code, 1) - 1))
            + (_IN_A_QUESTION if m.match.code in asked else 0.0),
        )
        for m in mentions
    )


def find_diagnoses(text: str) -> list[DiagnosisMatch]:
    """Every condition mention of a message, in text order.

    Args:
        text: The patient's message.

    Returns:
        Matches, including negated, suspected and past ones.
    """
    return [m.match for m in _mentions(text)]


def _priority(mention: _Mention) -> float:
    match = mention.match
    value = match.score
    value += mention.focus
    value += (-1.0 if mention.focus >= 3.0 else -2.5) if mention.symptom else 1.0
    value += -1.5 if match.code.startswith("Z") else 0.0
    value += -3.0 if match.code[:1] in "VWXY" else 0.0  # external causes: how, not what
    value += -0.75 if match.code in GENERIC_CODES else 0.0
    value += 0.25 * min(mention.words, 4)
    value += 0.5 if match.confirmed else 0.0
    return value


#: The condition named first is most often the one the message is about: people start with
#: what worries them and add the rest as background.
_FIRST_NAMED = 0.75


def _pick(mentions: tuple[_Mention, ...] | list[_Mention]) -> DiagnosisMatch | None:
    current = [
        m for m in mentions if not (m.match.negated or m.match.historical or is_external_cause(m.match))
    ]
    if not current:
        return None
    ranked = sorted(
        enumerate(current),
        key=lambda im: (_priority(im[1]) + (_FIRST_NAMED if im[0] == 0 else 0.0), -im[0]),
        reverse=True,
    )
    best = ranked[0][1].match
    if best.code in GENERIC_CODES:
        sharper = [
            m.match for _, m in ranked if m.match.code[:1] == best.code[:1] and m.match.code not in GENERIC_CODES
        ]
        if sharper:
            return sharper[0]
    return best


def main_diagnosis(text: str) -> DiagnosisMatch | None:
    """The condition the patient wants reviewed.

    Prefers current, non-negated mentions tied to "diagnosed with", "second opinion on",
    "I have" or a proposed treatment, and specific diseases over symptoms, generic terms
    and history.

    Args:
        text: The patient's message.

    Returns:
        The chosen mention, or None when every mention is negated or in the past.
    """
    return _pick(_mentions(text))


def _whole_hit(answer: str) -> TermHit | None:
    hits = find_terms(answer, fuzzy=True, whole_answer=True)
    content = [w for w in words(answer) if not w.is_stop]
    if len(hits) == 1 and content and hits[0].start <= content[0].start and hits[0].end >= content[-1].end:
        return hits[0]
    return None


def normalise_diagnosis(answer: str) -> DiagnosisMatch | None:
    """Reads the answer to "What is the diagnosis?".

    The whole answer is taken as the condition's name (so rare diseases named exactly and
    terms too ambiguous for running text are found); otherwise the main mention of the
    answer; otherwise the code whose wording overlaps most with it.

    Args:
        answer: The patient's answer.

    Returns:
        The normalised diagnosis, or None when nothing medical is recognised (or only
        negated / past conditions are named).
    """
    text = (answer or "").strip()
    if not text:
        return None
    whole = _whole_hit(text)
    if whole is None and _NON_ANSWER.search(text):
        return None
    if whole is not None:
        context = analyse(text, whole.start, whole.end, text)
        return DiagnosisMatch(
            text=text[whole.start : whole.end],
            start=whole.start,
            end=whole.end,
            code=whole.code,
            display=whole.display,
            specialty=whole.specialty or specialty_for_code(whole.code),
            confirmed=context.confirmed,
            negated=False,
            historical=context.historical,
            score=whole.score,
        )
    mentions = _mentions(text)
    if mentions:
        picked = _pick(mentions)
        if picked is None or picked.code not in GENERIC_CODES:
            return picked
        sharper = retrieve(text)
        if sharper is None or sharper.code == picked.code:
            return picked
        return replace(
            picked,
            code=sharper.code,
            display=sharper.display,
            specialty=specialty_for_code(sharper.code),
            score=round(min(picked.score, sharper.score), 3),
        )
    found = retrieve(text)
    if found is None:
        return None
    return DiagnosisMatch(
        text=text,
        start=0,
        end=len(text),
        code=found.code,
        display=found.display,
        specialty=specialty_for_code(found.code),
        confirmed=None,
        negated=False,
        historical=False,
        score=round(0.8 * found.score, 3),
    )
