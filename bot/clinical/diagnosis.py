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

from bot.clinical.anatomy import body_parts, is_site_word
from bot.clinical.components import LABEL
from bot.clinical.context import analyse
from bot.clinical.fuzzy import english_words
from bot.clinical.matcher import TermHit, find_terms
from bot.clinical.pipeline import get_pipeline
from bot.clinical.retrieval import retrieve
from bot.clinical.specialty import specialty_for_code
from bot.clinical.text import Word, canonical, words


@dataclass(frozen=True)
class DiagnosisMatch:
    """One condition mention normalised to ICD-10-CM.

    Attributes:
        text: The mention as the patient wrote it.
        start: Character offset of the mention in the text.
        end: Character offset just past the mention.
        code: Billable ICD-10-CM code (dotted, e.g. ``C50.919``).
        display: Official description of the code.
        specialty: Routing specialty (``diagnosis.specialty`` enum of the intake record).
        confirmed: True when stated as a diagnosis, False when suspected or hedged, None
            when unclear (always None for a negated mention).
        negated: The patient says they do not have it ("ruled out MS").
        historical: A past condition ("I had a heart attack in 2019", "in remission").
        score: 0..1 confidence of the code.
    """

    text: str
    start: int
    end: int
    code: str
    display: str
    specialty: str
    confirmed: bool | None
    negated: bool
    historical: bool
    score: float


@dataclass(frozen=True)
class _Mention:
    match: DiagnosisMatch
    symptom: bool
    focus: float
    words: int


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
#: Free-worded guesses in running text: the least overlap, and what a condition's name
#: is not (external causes, circumstances).
_GUESS_MIN_SCORE = 0.6
#: External causes say how it happened, never what the patient has.
_EXTERNAL_CAUSES = ("V", "W", "X", "Y")
_GUESS_SKIP = (*_EXTERNAL_CAUSES, "Z")
_CLAUSES = re.compile(r"[^.!?\n,;:()]+")
_GENERIC_CODES = frozenset(
    {"C80.1", "D49.9", "C79.9", "D64.9", "M19.90", "I51.9", "N28.9", "K76.9", "C95.90", "C85.90"}
)


#: Spine levels patients name by the body part ("a bulging disc in my neck").
_SPINE_LEVELS = {"neck": "cervical", "lower back": "lumbar", "low back": "lumbar", "upper back": "thoracic",
                 "mid back": "thoracic", "middle back": "thoracic"}
_SPINE_PREFIXES = ("M47", "M48", "M50", "M51", "M53", "M54")
#: Words of a code's title that say which site it is unspecified about.
_UNSPECIFIED_SITE = re.compile(r",\s*(?:unspecified site|site unspecified)$", re.IGNORECASE)
_MIN_RESITE_SCORE = 0.6


#: A site the disease spread to is not where it is ("spread to the liver", "mets in the bones").
_SPREAD_TO = re.compile(
    r"\b(?:spread(?:ing)?|metastasi[sz]ed|metastases|metastasis|mets|moved|gone)\s+(?:\w+\s+){0,1}"
    r"(?:to|into|in)\s+(?:(?:the|his|her|my|their|both)\s+)?(?:\w+\s+)?$",
    re.IGNORECASE,
)


def _site_phrase(ws: list[Word], i: int) -> str:
    """A body part as written, with the word before it when that makes a spine level."""
    word = ws[i]
    if word.canon == "back" and i > 0 and f"{ws[i - 1].canon} back" in _SPINE_LEVELS:
        return f"{ws[i - 1].canon} back"
    return word.canon


def _sites(text: str, start: int, end: int, far: bool) -> list[str]:
    """Body parts named around a mention, nearest first.

    The rest of the mention's sentence comes first, then the sentence before the mention,
    then (when ``far``) the rest of the message after and before it.

    Args:
        text: The message.
        start: Start of the mention.
        end: End of the mention.
        far: Whether other sentences count.

    Returns:
        Distinct body parts ("knee", "lower back"), nearest first.
    """
    left, right = _sentence_bounds(text, start, end)
    ws = words(text)
    parts = body_parts()
    indexed = [(i, w) for i, w in enumerate(ws) if w.canon in parts and not _SPREAD_TO.search(text[: w.start])]
    after = [i for i, w in indexed if end <= w.start < right]
    before = [i for i, w in reversed(indexed) if left <= w.start and w.end <= start]
    order = after + before
    if far:
        order += [i for i, w in indexed if w.start >= right] + [i for i, w in reversed(indexed) if w.end <= left]
    seen: list[str] = []
    for i in order:
        phrase = _site_phrase(ws, i)
        if phrase not in seen:
            seen.append(phrase)
    return seen


def _title_without_site(display: str) -> str:
    """A code's title without its site, side and boilerplate words."""
    kept = [w.text for w in words(display) if not is_site_word(w.canon) and w.canon not in ("unspecified", "other")]
    return " ".join(kept)


def _resite_candidates(match: DiagnosisMatch, site: str) -> list[tuple[str, str, float]]:
    """Codes for the mention's condition at a body part: (code, display, score)."""
    site_canon = canonical(site.split()[-1])
    found = [
        (hit.code, hit.display, hit.score)
        for phrase in (f"{match.text} of the {site}", f"{site} {match.text}")
        for hit in find_terms(phrase)
        if hit.words >= len(words(match.text)) and site_canon in {w.canon for w in words(phrase[hit.start : hit.end])}
    ]
    clinical = _SPINE_LEVELS.get(site, site) if match.code.startswith(_SPINE_PREFIXES) else site
    retrieved = retrieve(f"{_title_without_site(match.display)} {clinical}", min_score=_MIN_RESITE_SCORE)
    if retrieved is not None and canonical(clinical.split()[-1]) in {w.canon for w in words(retrieved.display)}:
        found.append((retrieved.code, retrieved.display, retrieved.score))
    return found


_TYPE_QUALIFIER = re.compile(r"\btype[\s-]*(1|2|one|two|i|ii)\b", re.IGNORECASE)
_TYPE_NUMBER = {"1": "1", "one": "1", "i": "1", "2": "2", "two": "2", "ii": "2"}


def _retype(text: str, match: DiagnosisMatch) -> DiagnosisMatch:
    """Gives a generic mention the type the message states apart from it.

    "Type 1, diagnosed at 5 ... his diabetes": the type said elsewhere makes "diabetes"
    type 1 diabetes, when the message names one type only and the typed term is a code of
    the same category family.

    Args:
        text: The message.
        match: A mention found in it.

    Returns:
        The mention with the typed code, or unchanged.
    """
    if _TYPE_QUALIFIER.search(match.text) or match.negated:
        return match
    types = {_TYPE_NUMBER[m.group(1).lower()] for m in _TYPE_QUALIFIER.finditer(text)}
    if len(types) != 1:
        return match
    (number,) = types
    for hit in find_terms(f"type {number} {match.text}"):
        if hit.code != match.code and hit.code[:2] == match.code[:2] and hit.words > len(words(match.text)):
            return replace(match, code=hit.code, display=hit.display, specialty=specialty_for_code(hit.code))
    return match


def _resitable(match: DiagnosisMatch) -> tuple[bool, bool]:
    """Whether a mention's code may take a stated site: (near sites, sites anywhere)."""
    generic = match.code in _GENERIC_CODES or bool(_UNSPECIFIED_SITE.search(match.display))
    spine = match.code.startswith(_SPINE_PREFIXES)
    return generic or spine, generic


def _resite(text: str, match: DiagnosisMatch) -> DiagnosisMatch:
    """Gives a site-less or default-site code the body part the message names.

    "Osteoarthritis ... in both knees" becomes osteoarthritis of the knee, "a bulging disc
    in my neck" a cervical disc, "cancer ... it started in his colon" colon cancer. Only
    codes of the same chapter that name the stated site are taken.

    Args:
        text: The message.
        match: A mention found in it.

    Returns:
        The mention with the sharper code, or unchanged.
    """
    near, far = _resitable(match)
    if not near or match.negated:
        return match
    for site in _sites(text, match.start, match.end, far):
        if site in {w.canon for w in words(match.display)}:
            return match
        for code, display, score in _resite_candidates(match, site):
            if code != match.code and code[:1] == match.code[:1] and code not in _GENERIC_CODES:
                return replace(
                    match,
                    code=code,
                    display=display,
                    specialty=specialty_for_code(code),
                    score=round(min(match.score, score), 3),
                )
    return match


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    left = max(text.rfind(ch, 0, start) for ch in ".!?\n") + 1
    rights = [i for i in (text.find(ch, end) for ch in ".!?\n") if i != -1]
    return left, (min(rights) + 1 if rights else len(text))


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
        match = _retype(text, _resite(text, match))
        symptom = bool(ent._.is_symptom) or _symptom_like(match.code) or _unstated_injury(match.code, text)
        out.append(_Mention(match, symptom, _focus(left, sent.text), len(words(ent.text))))
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
        A bonus: strong cue 3, weak cue 1; plus 1 for a treatment in the sentence, 0.75 for
        a question, 0.5 for "now"; minus 1.5 for a background cue ("also has").
    """
    focus = 3.0 if _FOCUS_STRONG.search(left) else (1.0 if _FOCUS_WEAK.search(left) else 0.0)
    focus += 1.0 if _TREATMENT.search(sentence) else 0.0
    focus += 0.75 if sentence.rstrip().endswith("?") else 0.0
    focus += 0.5 if _NOW.search(left) else 0.0
    focus -= 1.5 if _BACKGROUND.search(left) else 0.0
    return focus


def _with_repeats(mentions: tuple[_Mention, ...]) -> tuple[_Mention, ...]:
    """Raises the focus of a condition named more than once (up to +1)."""
    counts: dict[str, int] = {}
    for mention in mentions:
        if not mention.match.negated:
            counts[mention.match.code] = counts.get(mention.match.code, 0) + 1
    return tuple(
        replace(m, focus=m.focus + min(1.0, 0.5 * (counts.get(m.match.code, 1) - 1))) for m in mentions
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
    value += -0.75 if match.code in _GENERIC_CODES else 0.0
    value += 0.25 * min(mention.words, 4)
    value += 0.5 if match.confirmed else 0.0
    return value


def is_external_cause(match: DiagnosisMatch) -> bool:
    """Whether a mention names how something happened (V-Y codes) rather than a condition.

    Args:
        match: A mention.

    Returns:
        True for external-cause codes ("fell off a ladder", "prolonged standing").
    """
    return match.code.startswith(_EXTERNAL_CAUSES)


def _pick(mentions: tuple[_Mention, ...] | list[_Mention]) -> DiagnosisMatch | None:
    current = [
        m for m in mentions if not (m.match.negated or m.match.historical or is_external_cause(m.match))
    ]
    if not current:
        return None
    ranked = sorted(enumerate(current), key=lambda im: (_priority(im[1]), -im[0]), reverse=True)
    best = ranked[0][1].match
    if best.code in _GENERIC_CODES:
        sharper = [
            m.match for _, m in ranked if m.match.code[:1] == best.code[:1] and m.match.code not in _GENERIC_CODES
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
        if picked is None or picked.code not in _GENERIC_CODES:
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


#: A condition named by a word before "syndrome", "disease", ...: "Kartagener's syndrome".
_NAMED_BEFORE = re.compile(
    r"\b([A-Za-z\u00c0-\u024f][\w\u00c0-\u024f]*(?:-[\w\u00c0-\u024f]+)*)(?:'s|\u2019s|s')?\s+"
    r"(?:syndrome|disease|disorder|anomaly|dystrophy|dysplasia|ataxia|palsy)\b",
    re.IGNORECASE,
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


def named_condition(text: str) -> DiagnosisMatch | None:
    """A condition the message names in words the code set does not have.

    Rare diseases are often named by a person's name ("Kartagener's syndrome") or by a
    clinical word no title uses. Such a mention is kept as the patient wrote it, with no
    code, so the intake records what was named and routes it as ``other``.

    Args:
        text: The patient's message.

    Returns:
        The named condition (no code, specialty ``other``), or None.
    """
    text = text or ""
    found = next((m for m in _NAMED_BEFORE.finditer(text) if _unknown_word(m.group(1))), None)
    if found is None:
        found = next(
            (m for m in _CLINICAL_WORD.finditer(text) if m.group()[0].islower() and _unknown_word(m.group())), None
        )
    if found is None:
        return None
    start, end = found.span()
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
