"""Treatments in a narrative: what is proposed, what the patient is on now, and the deadline.

A treatment phrase is only taken when it contains a known treatment word (surgery,
"-ectomy", chemo, a drug name, ...), after a cue that says whose plan it is: "they want
to do a mastectomy", "surgery is scheduled Dec 9", "I'm on tamoxifen".
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Optional

from bot.nlp.facts import Fact
from bot.nlp.narrative_text import Sentence
from bot.normalise.dates import find_dates

_I = re.IGNORECASE

_DRUGS = (
    "tamoxifen|letrozole|anastrozole|exemestane|arimidex|femara|herceptin|trastuzumab|pertuzumab|keytruda|"
    "pembrolizumab|opdivo|nivolumab|yervoy|ipilimumab|methotrexate|humira|adalimumab|enbrel|prednisone|"
    "steroids|insulin|metformin|lupron|leuprolide|zoladex|xtandi|enzalutamide|zytiga|abiraterone|ibrance|"
    "palbociclib|kisqali|verzenio|avastin|bevacizumab|rituximab|rituxan|revlimid|lenalidomide|velcade|"
    "bortezomib|gleevec|imatinib|tagrisso|osimertinib|folfox|folfirinox|carboplatin|cisplatin|taxol|"
    "paclitaxel|docetaxel|taxotere|cytoxan|adriamycin|doxorubicin|capecitabine|xeloda|temozolomide|temodar|"
    "gemcitabine|eliquis|warfarin|xarelto|gabapentin|lyrica|ocrevus|tecfidera|copaxone|entyvio|stelara|"
    "remicade|infliximab|darzalex|imbruvica|ibrutinib|lynparza|olaparib|tykerb|enhertu|trodelvy|"
    "antibiotics|painkillers|pain\\s+meds|blood\\s+thinners|beta\\s+blockers|statins"
)
#: Generic drug names by their standard stems (metoprolol, lisinopril, atorvastatin, apixaban,
#: omeprazole, spironolactone, levodopa, ...), so unlisted medicines are still recognised.
DRUG_STEMS = (
    r"[a-z]{2,}(?:olol|pril|sartan|statin|mab|tinib|ciclib|azole|prazole|tidine|mycin|cillin|cycline|floxacin|"
    r"ovir|dipine|formin|gliptin|glitazone|lactone|ulose|parin|xaban|gatran|triptan|setron|lukast|terol|olone|"
    r"isone|asone|afil|oxetine|azepam|zolam|dronate|thiazide|semide|glutide|profen|fenac|coxib|dopa|platin|"
    r"rubicin|taxel|trexate|uracil|vudine|limus|sporine|racetam|zepine|trigine|apine|idone|oxacin)"
)
SURGICAL = (
    r"surgery|surgeries|surgical\s+\w+|operation|\w+ectom(?:y|ies)|\w+otom(?:y|ies)|\w+ostom(?:y|ies)|"
    r"\w+plast(?:y|ies)|(?:spinal\s+|spine\s+|lumbar\s+|cervical\s+)?fusion|(?:hip|knee|shoulder|joint|valve|"
    r"disc|disk)\s+replacement|(?:\w+\s+)?transplant|resection|amputation|(?:heart\s+|gastric\s+|triple\s+)?bypass|"
    r"whipple(?:\s+procedure)?|cabg|tavr|microdiscectomy|craniotomy|"
    r"(?:remov(?:e|ing|al)|tak(?:e|ing)\s+out)\s+(?:of\s+)?(?:(?:the|my|her|his|their|a|an)\s+)?"
    r"(?:(?:whole|entire|left|right|half\s+of\s+(?:the|my|her|his|their)|part\s+of\s+(?:the|my|her|his|their))\s+)?"
    r"(?!it\b|them\b)[a-z]{3,}"
)
_NON_SURGICAL = (
    r"chemo(?:therapy)?|radiation(?:\s+therapy)?|radiotherapy|proton\s+(?:beam\s+)?therapy|immunotherapy|"
    r"hormone\s+therapy|hormonal\s+therapy|endocrine\s+therapy|targeted\s+therapy|physical\s+therapy|"
    r"physiotherapy|brachytherapy|cyberknife|gamma\s+knife|sbrt|car[\s-]?t(?:\s+cell\s+therapy)?|"
    r"(?:steroid\s+|epidural\s+|cortisone\s+)?injections?|infusions?|dialysis|ablation|stents?|stenting|"
    r"angioplasty|pacemaker|catheter\s+ablation|active\s+surveillance|watchful\s+waiting|"
    r"(?:cortisone\s+|steroid\s+|allergy\s+)?shots|medications?|meds|" + _DRUGS + "|" + DRUG_STEMS
)
TREATMENT = re.compile(rf"\b(?:{SURGICAL}|{_NON_SURGICAL})\b", _I)
_SURGICAL_ONLY = re.compile(rf"^(?:{SURGICAL})$", _I)
_PHRASE_STOP = re.compile(
    r"[,.;:!?()]|\s(?:and|but|before|after|then|on|in|at|by|for|next|which|that|because|so|since|to|with|"
    r"within|starting|scheduled|is|was|are|were|this|soon|asap|first|right|as|if|unless|or\s+not|"
    r"instead|immediately|tomorrow|today|yesterday|last|early|later)\b",
    _I,
)
_ARTICLE = re.compile(r"^(?:a|an|the|some|more|another|her|his|my|their)\s+", _I)
_MAX_MODIFIER_WORDS = 3
_NOT_MODIFIERS = {
    "i", "me", "she", "he", "we", "they", "you", "it", "need", "needs", "have", "has", "had", "get", "gets", "do",
    "does", "will", "would", "should", "must", "want", "wants", "is", "are", "was", "were", "be", "to", "that",
    "this", "said", "says", "not", "no", "any", "about", "think", "thinks",
}

_OBJ = r"(?:(?:me|her|him|them|us|mom|dad)\s+)?"
_PROPOSED_CUES = [
    re.compile(rf"\b(?:want(?:s|ed)?|would\s+like|plan(?:s|ning|ned)?|going|decided|need)\s+to\s+"
               rf"(?:do|perform|give|start|try|schedule|book|put\s+{_OBJ}on|have|add|begin|switch\s+(?:me\s+|her\s+|him\s+)?to)\s+{_OBJ}(?:on\s+)?", _I),
    re.compile(rf"\b(?:want(?:s|ed)?|need(?:s|ed)?|would\s+like|told|advised|asked|expect(?:s|ed)?)\s+{_OBJ}to\s+"
               r"(?:have|get|do|start|undergo|consider|go\s+(?:through|for)|begin)\s+", _I),
    re.compile(r"\b(?:recommend\w*|suggest\w*|propos\w*|advis\w*|push\w*(?:\s+for)?|talking\s+about|"
               r"offer\w*|mention\w*|discuss\w*|plan\s+is|says?|said)\s+"
               r"(?:(?:that\s+)?(?:I|she|he|we|they)\s+(?:have|get|do|start|undergo|needs?|should\s+(?:have|get)|"
               r"must\s+have)\s+)?", _I),
    re.compile(r"\b(?:I|she|he|we|they|mom|dad)\s*(?:will\s+|would\s+|might\s+)?"
               r"(?:needs?|requires?|am\s+supposed\s+to\s+have|is\s+supposed\s+to\s+have|should\s+have|"
               r"am\s+having|is\s+having|'?s\s+having|'?m\s+having|am\s+getting|is\s+getting|'?s\s+getting|"
               r"'?m\s+getting|am\s+scheduled\s+for|is\s+scheduled\s+for|'?s\s+scheduled\s+for|"
               r"'?m\s+scheduled\s+for|have\s+to\s+have|has\s+to\s+have|need\s+to\s+have)\s+", _I),
    re.compile(r"\b(?:want(?:s|ed)?|would\s+like|plan(?:s|ning|ned)?|going|decided|need(?:s|ed)?)\s+to\s+{0}"
               r"(?=remov|take\s+out)".format(_OBJ), _I),
    re.compile(r"\b(?:scheduled|referred|booked)\s+(?:me\s+|her\s+|him\s+)?(?:for|to\s+have)\s+", _I),
    re.compile(r"\b(?:needs?|requires?)\s+(?:to\s+(?:have|get|undergo)\s+)?", _I),
    re.compile(r"(?<!\bI\s)(?<!\bwe\s)\bwants?\s+(?:me\s+|her\s+|him\s+|us\s+)?(?:to\s+(?:have|do|get)\s+|on\s+)?", _I),
]
_SCHEDULED_AFTER = re.compile(
    r"^\s*(?:(?:is|was|has\s+been|had\s+been|'s)\s+(?:already\s+|now\s+|tentatively\s+)?"
    r"(?:scheduled|planned|booked|recommended|proposed|suggested|advised|set|on\s+the\s+calendar)|"
    r"(?:scheduled|planned|booked|recommended|proposed|suggested|advised)\s+(?:by|for|on|at|in)\b)",
    _I,
)
_OPERATE = re.compile(r"\b(?:want(?:s|ed)?\s+to|going\s+to|plan(?:s|ning)?\s+to|need\s+to|will)\s+operate\b", _I)
_CURRENT_CUES = [
    re.compile(r"\b(?:I'?m|I\s+am|she'?s|she\s+is|he'?s|he\s+is|we'?re|we\s+are|they'?re|mom'?s|dad'?s)\s+"
               r"(?:currently\s+|already\s+|still\s+|now\s+)?(?:on|taking|doing|getting|having|receiving|undergoing|in|"
               r"going\s+through|halfway\s+through)\s+", _I),
    re.compile(r"\b(?:I'?ve|I\s+have|she'?s|she\s+has|he'?s|he\s+has|we'?ve)\s+(?:been|had)\s+(?:on|taking|doing|"
               r"getting|receiving|having)\s+", _I),
    re.compile(r"\b(?:currently|presently|right\s+now)\s+(?:on|taking|doing|getting|receiving|undergoing|having|in)\s+", _I),
    re.compile(r"\b(?:I|she|he|we|they|mom|dad)\s+(?:currently\s+|still\s+|now\s+|also\s+|only\s+|already\s+)?"
               r"(?:take|takes|use|uses)\s+", _I),
    re.compile(r"\b(?:started|began|starting)\s+(?:on\s+)?", _I),
    re.compile(r"(?:^|[,;]\s*|\b(?:and|but|now|currently|still|already)\s+)on\s+", _I),
]
_DEADLINE_CUES = re.compile(
    r"\b(?:schedul\w*|booked|planned|set\s+for|decid\w*|decision|deadline|by|before|start(?:s|ing)?|begin\w*|"
    r"appointment|surgery|operation|procedure|due|need\s+to\s+know|have\s+to\s+(?:choose|answer|tell)|"
    r"respond|get\s+back\s+to|operat\w*)\b",
    _I,
)
_DIAGNOSIS_WORDS = re.compile(r"\b(?:diagnos\w*|found\s+out|born|biopsy\s+(?:was|showed))\b", _I)


_MEDICATION_CUE = re.compile(r"\b(?:on|take|takes|taking|start|started|starting|try|add|switch\s+(?:\w+\s+)?to|prescribed)\s+$", _I)
#: A medicine's brand name: one or two capitalised words ("Keppra", "CellCept", "Ofev").
_BRAND = re.compile(r"(?-i:[A-Z][a-z]*[A-Za-z][a-z]+)(?:\s+(?-i:[A-Z][a-z]+))?(?=\s|$|[,.;:!?)])")
_NOT_BRANDS = re.compile(
    r"^(?:I|My|Our|The|This|That|It|He|She|They|We|Dr|Doctor|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|"
    r"Sunday|January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Medicare|Medicaid|Christmas|Thanksgiving)\b"
)


def _brand(sentence: str, start: int) -> Optional[tuple[int, int]]:
    """Reads a medicine named by its brand right after a medication cue ("start CellCept")."""
    match = _BRAND.match(sentence, start)
    if not match or _NOT_BRANDS.match(match.group()):
        return None
    return match.start(), match.end()


def _phrase(sentence: str, start: int, *, medication_cue: bool = False) -> Optional[tuple[int, int]]:
    """Reads a treatment phrase starting at ``start``: up to a stop word, ending on a treatment word.

    Args:
        sentence: The sentence.
        start: Where the phrase may begin (just after its cue).
        medication_cue: Whether the cue introduces a medicine ("taking", "start", "on"):
            then a brand name that is no known treatment word is taken too.

    Returns:
        ``(start, end)`` of the phrase within ``sentence``, without a leading article.
    """
    rest = sentence[start:]
    article = _ARTICLE.match(rest)
    if article:
        start += article.end()
        rest = sentence[start:]
    stop = _PHRASE_STOP.search(rest)
    chunk = rest[: stop.start()] if stop else rest
    terms = list(TREATMENT.finditer(chunk))
    if not terms:
        return _brand(sentence, start) if medication_cue else None
    first = terms[0]
    modifiers = chunk[: first.start()].lower().split()
    if len(modifiers) > _MAX_MODIFIER_WORDS or any(word in _NOT_MODIFIERS for word in modifiers):
        return None
    end = terms[-1].end()
    trailer = re.match(r"\s+(?:surgery|therapy|treatment|procedure)\b", chunk[end:], _I)
    if trailer:
        end += trailer.end()
    return start, start + end


#: Treatments taken together: "Eliquis and metoprolol", "chemo, radiation and surgery".
_LIST_JOIN = re.compile(r"\s*(?:,\s*(?:and\s+|plus\s+)?|\s+(?:and|plus|with)\s+(?:also\s+)?)", _I)
#: Treatments given in combination: "radiation with temozolomide" (not "X and then Y", two steps).
_COMBINED = re.compile(r"\s+(?:with|plus)\s+", _I)


def _phrase_list(sentence: str, start: int, joins: re.Pattern = _LIST_JOIN) -> Optional[tuple[int, int]]:
    """Reads a treatment phrase and any further ones joined to it by ``joins``.

    Returns:
        ``(start, end)`` covering the whole list within ``sentence``.
    """
    medication_cue = bool(_MEDICATION_CUE.search(sentence[:start]))
    span = _phrase(sentence, start, medication_cue=medication_cue)
    if span is None:
        return None
    while True:
        join = joins.match(sentence, span[1])
        following = _phrase(sentence, join.end(), medication_cue=medication_cue) if join else None
        if following is None or following[0] != join.end():
            return span
        span = (span[0], following[1])


def _treatment_fact(path: str, sentence: Sentence, span: tuple[int, int], confidence: float) -> Fact:
    text = sentence.text[span[0]:span[1]]
    return Fact(path, text, text, confidence)


def proposed_treatment(sentences: list[Sentence]) -> Optional[Fact]:
    """Finds the treatment the doctors propose ("they want to do a mastectomy").

    Args:
        sentences: The narrative's sentences; questions are skipped (they ask, not tell).

    Returns:
        A ``treatment.proposed`` fact, or None.
    """
    for sentence in sentences:
        if sentence.is_question:
            continue
        for cue in _PROPOSED_CUES:
            for match in cue.finditer(sentence.text):
                span = _phrase_list(sentence.text, match.end(), _COMBINED)
                if span and _ongoing(match.group(), sentence.text, span):
                    continue
                if span and not _negated_before(sentence.text, match.start()):
                    return _treatment_fact("treatment.proposed", sentence, span, 0.85)
        for term in TREATMENT.finditer(sentence.text):
            if _SCHEDULED_AFTER.match(sentence.text[term.end():]):
                span = _phrase_ending_at(sentence.text, term)
                return _treatment_fact("treatment.proposed", sentence, span, 0.8)
        operate = _OPERATE.search(sentence.text)
        if operate:
            return Fact("treatment.proposed", "surgery", sentence.text[operate.start():operate.end()], 0.6)
    return None


_PROGRESSIVE_CUE = re.compile(r"\b(?:having|getting)\s+$", _I)
_FUTURE = re.compile(r"\b(?:next|scheduled|will|tomorrow|soon|planned|start(?:s|ing)?|going\s+to|"
                     r"in\s+(?:a|\w+)\s+(?:days?|weeks?|months?))\b", _I)
_SURGICAL_TERM = re.compile(rf"\b(?:{SURGICAL})\b", _I)


def _ongoing(cue: str, sentence: str, span: tuple[int, int]) -> bool:
    """Tells whether "I'm getting/having X" describes a treatment under way rather than a plan.

    "I'm getting chemo every two weeks" is current treatment; "I'm having surgery next
    week" and "I'm getting a knee replacement" (an operation is always ahead) are plans.
    """
    if not _PROGRESSIVE_CUE.search(cue):
        return False
    return not _SURGICAL_TERM.search(sentence[span[0]:span[1]]) and not _FUTURE.search(sentence)


def _phrase_ending_at(sentence: str, term: re.Match) -> tuple[int, int]:
    """Extends a treatment word leftwards over a few modifiers ("double mastectomy")."""
    before = sentence[: term.start()]
    words = list(re.finditer(r"[\w'-]+", before))
    start = term.start()
    for word in reversed(words[-2:]):
        if re.fullmatch(r"(?:a|an|the|and|but|so|then|her|his|my|their|is|was|we|they|i|she|he|it)", word.group(), _I):
            break
        if before[word.end():start].strip():
            break
        start = word.start()
    return start, term.end()


def _negated_before(sentence: str, start: int) -> bool:
    return bool(re.search(r"(?:\b(?:not|never|no\s+longer|nobody|no\s+one|none)|n't)\s+(?:\w+\s+){0,2}$",
                          sentence[:start], _I))


def current_treatment(sentences: list[Sentence]) -> Optional[Fact]:
    """Finds what the patient is being treated with now ("I'm on tamoxifen").

    Surgery is never "current": "I'm having surgery" is a plan, read by
    :func:`proposed_treatment`.

    Args:
        sentences: The narrative's sentences.

    Returns:
        A ``treatment.current`` fact, or None.
    """
    for sentence in sentences:
        if sentence.is_question:
            continue
        for cue in _CURRENT_CUES:
            for match in cue.finditer(sentence.text):
                span = _phrase_list(sentence.text, match.end())
                if not span:
                    continue
                text = sentence.text[span[0]:span[1]]
                if _SURGICAL_ONLY.match(text.split()[-1]) or _SURGICAL_ONLY.match(text):
                    continue
                if re.match(r"(?:started|began|starting)", match.group(), _I) and _is_past_stopped(sentence.text):
                    continue
                if _PROGRESSIVE_CUE.search(match.group()) and _FUTURE.search(sentence.text):
                    continue  # "I'm getting chemo starting next week": a plan, not yet a treatment
                return _treatment_fact("treatment.current", sentence, span, 0.8)
    for sentence in sentences:
        none = _NO_TREATMENT.search(sentence.text)
        if none and not sentence.is_question:
            return Fact("treatment.current", "none", none.group(), 0.75)
    return None


#: "I'm not on any treatment yet", "she hasn't started any treatment": current treatment is none.
_NO_TREATMENT = re.compile(
    r"\b(?:I'?m|I\s+am|she'?s|she\s+is|he'?s|he\s+is|we'?re|we\s+are)\s+not\s+(?:currently\s+|yet\s+)?"
    r"(?:on|taking|receiving|getting|having|doing)\s+any(?:thing|\s+(?:treatment|medications?|meds|therapy))\b|"
    r"\b(?:haven'?t|hasn'?t|have\s+not|has\s+not)\s+(?:yet\s+)?(?:started|had|begun|received|been\s+given)\s+any\s+"
    r"(?:treatment|medications?|therapy)\b|\bno\s+treatment\s+(?:yet|so\s+far)\b",
    _I,
)


def _is_past_stopped(sentence: str) -> bool:
    return bool(re.search(r"\b(?:stopped|finished|completed|ended|quit)\b", sentence, _I))


def decision_deadline(sentences: list[Sentence], today: dt.date) -> Optional[Fact]:
    """Finds when a treatment decision is due ("surgery is scheduled Dec 9", "decide by Jan 5").

    Args:
        sentences: The narrative's sentences.
        today: Reference date.

    Returns:
        A ``treatment.decision_deadline`` fact with a full ISO date today or later, or None.
    """
    for sentence in sentences:
        if not (_DEADLINE_CUES.search(sentence.text) or TREATMENT.search(sentence.text)):
            continue
        for mention in find_dates(sentence.text, today=today, prefer="future"):
            if mention.value.precision != "day" or mention.value.first_day < today:
                continue
            if _DIAGNOSIS_WORDS.search(sentence.text[max(0, mention.start - 40):mention.start]):
                continue
            return Fact("treatment.decision_deadline", mention.value.iso, mention.text, 0.85)
    return None
