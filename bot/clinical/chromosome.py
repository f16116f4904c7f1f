"""Chromosome changes written as people write them: "part of chromosome 6 is missing", "5p-", "22q11.2 deletion".

The code titles name a few deletion syndromes ("Deletion of short arm of chromosome 5"),
but families write the change itself: a chromosome number, an arm or band, and what
happened to it. :func:`chromosome_changes` reads that; the matcher makes each a term hit, so it competes with
(and, being longer, usually beats) the words a term would otherwise cut out of it
("syndrome", "minus"). Sex chromosomes are left to the named syndromes (Turner,
Klinefelter, "XXX").

Codes:

* a deletion: 4p -> Q93.3 (Wolf-Hirschhorn), 5p -> Q93.4 (cri-du-chat), 22q11 -> Q93.81,
  22q13 -> Q93.52, 7q11 -> Q93.82; a microdeletion -> Q93.88; part of a chromosome (an
  arm, a band, "a small part") -> Q93.59; a whole autosome missing -> Q93.0;
* an extra copy: of chromosome 21, 18 or 13 -> Q90.9, Q91.3, Q91.7; of part of an
  autosome -> Q92.2 (partial trisomy); of another whole autosome -> Q92.9;
* a ring chromosome -> Q93.2;
* a translocation or inversion -> Q95.9 (balanced rearrangement: what carriers are told
  they have; an unbalanced one shows as a deletion or an extra copy).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from bot.clinical.text import SENTENCE, words

_I = re.IGNORECASE
#: "chromosome 6", "chromosome 15q", "chromosome #22".
_CHROMOSOME_NUMBER = re.compile(
    r"\bchromosom(?:e|es|al)\s*(?:#|number\s+|no\.?\s*)?"
    r"(?P<num>1\d|2[0-2]|[1-9])(?:(?P<arm>[pq])(?P<band>\d{1,2}(?:\.\d{1,3})?)?)?(?![\w])",
    _I,
)
#: "5p", "22q11.2", "1p36": an autosome, an arm and perhaps a band.
_BAND = re.compile(r"(?<![\w.])(?P<num>1\d|2[0-2]|[1-9])(?P<arm>[pq])(?P<band>\d{1,2}(?:\.\d{1,3})?)?(?![\w])", _I)
_CHROMOSOME_WORD = re.compile(r"\bchromosom(?:e|es|al)\b", _I)
_DELETION = re.compile(
    r"\b(?:(?P<micro>micro)?delet(?:ion|ions|ed|e)|minus|monosomy|del\s*\(|(?P<weak>missing|lost|loss\s+of|absent))", _I
)
_DUPLICATION = re.compile(
    r"\b(?:duplicat(?:ion|ions|ed)|(?:extra|additional)(?=\s+(?:copy|copies|chromosome|piece|part|material))|"
    r"partial\s+trisomy|triplicat\w*|gain\s+of|dup\s*\()",
    _I,
)
#: "Missing", "lost" and "absent" say what happened to a chromosome only close to it or to a part of it
#: ("chromosome 7 is missing"), not in "the report on chromosome 5 went missing last week".
_WEAK_REACH = 8
_RING = re.compile(r"\bring\s+(?:chromosome\s*)?$", _I)
_PART = re.compile(r"\b(?:part|piece|portion|section|segment|bit|arm|region|end|tip|band)s?\b", _I)
_AFTER = re.compile(
    r"-?(?:\s*chromosom(?:e|al)\b)?\s*(?:syndrome|disorder|abnormality|deletion|duplication)\b|-(?![\w])", _I
)
_REARRANGEMENT = re.compile(r"\b(?:translocat(?:ion|ions|ed)|inver(?:sion|ted)|rearrangement)", _I)
#: How far (characters) the change may be written from the chromosome it happened to.
_WINDOW = 60
_DELETIONS = {("4", "p"): "Q93.3", ("5", "p"): "Q93.4"}
_DELETED_BANDS = (("22", "q", "11"), "Q93.81"), (("22", "q", "13"), "Q93.52"), (("7", "q", "11"), "Q93.82")
_TRISOMIES = {"21": "Q90.9", "18": "Q91.3", "13": "Q91.7"}
#: The official titles of the codes read here (a test checks them against the code set), so
#: that reading a message never loads the whole tabular list into the serving process.
TITLES = {
    "Q90.9": "Down syndrome, unspecified",
    "Q91.3": "Trisomy 18, unspecified",
    "Q91.7": "Trisomy 13, unspecified",
    "Q92.2": "Partial trisomy",
    "Q92.9": "Trisomy and partial trisomy of autosomes, unspecified",
    "Q93.0": "Whole chromosome monosomy, nonmosaicism (meiotic nondisjunction)",
    "Q93.2": "Chromosome replaced with ring, dicentric or isochromosome",
    "Q93.3": "Deletion of short arm of chromosome 4",
    "Q93.4": "Deletion of short arm of chromosome 5",
    "Q93.52": "Phelan-McDermid syndrome",
    "Q93.59": "Other deletions of part of a chromosome",
    "Q93.81": "Velo-cardio-facial syndrome",
    "Q93.82": "Williams syndrome",
    "Q93.88": "Other microdeletions",
    "Q95.9": "Balanced rearrangement and structural marker, unspecified",
}


@dataclass(frozen=True)
class _Reference:
    start: int
    end: int
    number: str
    arm: str
    band: str


@dataclass(frozen=True)
class ChromosomeChange:
    """A chromosome change named in a text.

    Attributes:
        start: Character offset where the description starts.
        end: Character offset just past it.
        code: Billable ICD-10-CM code.
        words: Words the description covers.
    """

    start: int
    end: int
    code: str
    words: int

    @property
    def display(self) -> str:
        """The code's official title."""
        return TITLES[self.code]


def chromosome_changes(text: str) -> list[ChromosomeChange]:
    """The chromosome changes a text describes.

    Args:
        text: A message.

    Returns:
        One change per chromosome named with a change next to it, in text order.
    """
    if not text or not re.search(r"\d", text):
        return []
    changes = []
    for sentence in SENTENCE.finditer(text):
        for ref in _references(text, sentence.start(), sentence.end()):
            found = _reading(text, ref, sentence.start(), sentence.end())
            if found is None:
                continue
            code, start, end = found
            after = _AFTER.match(text, end)
            end = after.end() if after else end
            changes.append(ChromosomeChange(start, end, code, len(words(text[start:end]))))
    return changes


def _references(text: str, start: int, end: int) -> list[_Reference]:
    refs: list[_Reference] = []
    for pattern in (_CHROMOSOME_NUMBER, _BAND):
        for match in pattern.finditer(text, start, end):
            if any(r.start <= match.start("num") < r.end for r in refs):
                continue
            refs.append(
                _Reference(
                    match.start(),
                    match.end(),
                    match["num"],
                    (match["arm"] or "").lower(),
                    match["band"] or "",
                )
            )
    return sorted(refs, key=lambda r: r.start)


def _gap(match: re.Match, ref: _Reference) -> int:
    """Characters between a cue and the chromosome reference."""
    return match.start() - ref.end if match.start() >= ref.end else ref.start - match.end()


def _near(pattern: re.Pattern, text: str, ref: _Reference, lo: int, hi: int) -> Optional[re.Match]:
    """The match of ``pattern`` closest to the reference, within the window and the sentence."""
    window_start, window_end = max(lo, ref.start - _WINDOW), min(hi, ref.end + _WINDOW)
    found = [m for m in pattern.finditer(text, window_start, window_end) if m.end() <= ref.start or m.start() >= ref.end]
    return min(found, key=lambda m: _gap(m, ref), default=None)


def _minus_sign(text: str, ref: _Reference) -> bool:
    """ "5p-", "-5p", "del(5p)": the deletion written as a sign."""
    before = text[max(0, ref.start - 1) : ref.start]
    after = text[ref.end : ref.end + 2]
    return before == "-" or (after[:1] == "-" and not after[1:2].isalnum())


def _reading(text: str, ref: _Reference, lo: int, hi: int) -> Optional[tuple[str, int, int]]:
    """(code, start, end) of the change written next to a chromosome reference, or None."""
    deletion = _near(_DELETION, text, ref, lo, hi)
    duplication = _near(_DUPLICATION, text, ref, lo, hi)
    minus = _minus_sign(text, ref)
    if ref.arm and not ref.band and not minus and deletion is None and duplication is None:
        if not _CHROMOSOME_WORD.search(text, lo, hi):
            return None  # "at 5p" is a time; a bare arm needs a change or "chromosome" beside it
    ring = _RING.search(text, max(lo, ref.start - 25), ref.start)
    if ring is not None:
        return "Q93.2", ring.start(), ref.end
    part = bool(ref.arm or ref.band or _near(_PART, text, ref, lo, hi))
    if deletion is not None and deletion["weak"] and not part and _gap(deletion, ref) > _WEAK_REACH:
        deletion = None
    if deletion is not None or minus:
        part = part or (deletion is not None and "delet" in deletion.group().lower())  # "deletion on 15": a part
        sign = 1 if text[ref.start - 1 : ref.start] == "-" else 0
        start = min(ref.start - sign, deletion.start() if deletion else ref.start)
        end = max(ref.end, deletion.end() if deletion else ref.end)
        return _deletion_code(ref, part, bool(deletion and deletion["micro"])), start, end
    if duplication is not None:
        start, end = min(ref.start, duplication.start()), max(ref.end, duplication.end())
        if part:
            return "Q92.2", start, end
        return _TRISOMIES.get(ref.number, "Q92.9"), start, end
    rearrangement = _near(_REARRANGEMENT, text, ref, lo, hi)
    if rearrangement is not None:
        return "Q95.9", min(ref.start, rearrangement.start()), max(ref.end, rearrangement.end())
    return None


def _deletion_code(ref: _Reference, part: bool, micro: bool) -> str:
    for (number, arm, band), code in _DELETED_BANDS:
        if (ref.number, ref.arm) == (number, arm) and ref.band.startswith(band):
            return code
    if (ref.number, ref.arm) in _DELETIONS:
        return _DELETIONS[(ref.number, ref.arm)]
    if micro:
        return "Q93.88"
    return "Q93.59" if part else "Q93.0"
