"""Measured values people quote: "my blood sugar was 495", "BP 190/120", "my PSA went up to 8.5".

A patient often tells the number they were given instead of the condition's name. A value
outside its reference range is a finding with a code of its own, and the matcher makes each
such reading a term hit. Readings are findings, not diagnoses: the hit is a symptom, so a
condition named in the same message ("... because of my kidney disease") is still the one
picked. A reading in the normal range has no code; it still names what was measured, so
"psa 0.1" is never read as psoriatic arthritis ("PsA").

Thresholds (adults, the usual laboratory units; a value outside a plausible range is not
a reading at all, so "sugar since 2019" or "2 sugars" read nothing):

* blood sugar / glucose, mg/dL (mmol/L when written, 18 mg/dL each): below 70 (3.9)
  -> E16.2 hypoglycaemia; 200 (11.1) or more -> R73.9 hyperglycaemia;
* A1c, %: 5.7 to 6.4 -> R73.03 prediabetes; 6.5 or more -> R73.09 abnormal glucose;
* blood pressure, systolic/diastolic: 140 or more, or a diastolic of 90 or more -> R03.0
  (an elevated reading, not a diagnosis of hypertension); a systolic below 90 -> R03.1;
* PSA, ng/mL: above 4, or said to be rising -> R97.20; rising after prostate-cancer
  treatment -> R97.21;
* total cholesterol 240 or more, LDL 160 or more -> E78.00; triglycerides 200 or more -> E78.1;
* potassium, mmol/L: below 3.5 -> E87.6, above 5.5 -> E87.5; sodium: below 135 -> E87.1,
  above 145 -> E87.0;
* haemoglobin, g/dL: below 11 -> D64.9 anaemia; platelets, thousands per microlitre
  ("45,000", "45k" and "45" are the same count): below 100 -> D69.6, above 450 -> D75.839.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Optional

from bot.clinical.text import SENTENCE, words

_I = re.IGNORECASE

#: The official titles of the codes a reading gives (checked against the code set by the tests,
#: so that reading a message never loads the tabular list).
TITLES = {
    "E16.2": "Hypoglycemia, unspecified",
    "R73.9": "Hyperglycemia, unspecified",
    "R73.03": "Prediabetes",
    "R73.09": "Other abnormal glucose",
    "R03.0": "Elevated blood-pressure reading, without diagnosis of hypertension",
    "R03.1": "Nonspecific low blood-pressure reading",
    "R97.20": "Elevated prostate specific antigen [PSA]",
    "R97.21": "Rising PSA following treatment for malignant neoplasm of prostate",
    "E78.00": "Pure hypercholesterolemia, unspecified",
    "E78.1": "Pure hyperglyceridemia",
    "E87.5": "Hyperkalemia",
    "E87.6": "Hypokalemia",
    "E87.1": "Hypo-osmolality and hyponatremia",
    "E87.0": "Hyperosmolality and hypernatremia",
    "D64.9": "Anemia, unspecified",
    "D69.6": "Thrombocytopenia, unspecified",
    "D75.839": "Thrombocytosis, unspecified",
}


@dataclass(frozen=True)
class Reading:
    """A measured value quoted in a text.

    Attributes:
        start: Character offset of the name of what was measured (or of the number before it).
        end: Character offset just past the value.
        code: Billable ICD-10-CM code of the finding; None for a value in the normal range.
        words: Words the reading covers.
    """

    start: int
    end: int
    code: Optional[str]
    words: int

    @property
    def display(self) -> str:
        """The code's official title ("" without a code)."""
        return TITLES.get(self.code or "", "")


@dataclass(frozen=True)
class _Measure:
    """What can be measured: its names, the values it can take and what a value means."""

    name: re.Pattern
    plausible: tuple[float, float]
    #: The code a value means, given the value and the sentence it was quoted in.
    meaning: Callable[[float, str], Optional[str]]
    #: The name may also follow the number ("a 495 blood sugar").
    after_number: bool = False
    #: What a value in mmol/L is multiplied by to be in the measure's own unit (0: no such unit).
    per_mmol: float = 0.0


def _glucose(value: float, sentence: str) -> Optional[str]:
    return "E16.2" if value < 70.0 else ("R73.9" if value >= 200.0 else None)


def _a1c(value: float, sentence: str) -> Optional[str]:
    return "R73.09" if value >= 6.5 else ("R73.03" if value >= 5.7 else None)


def _psa(value: float, sentence: str) -> Optional[str]:
    rising = bool(_RISING.search(sentence))
    if value <= 4.0 and not rising:
        return None
    return "R97.21" if rising and _AFTER_TREATMENT.search(sentence) else "R97.20"


def _above(threshold: float, code: str) -> Callable[[float, str], Optional[str]]:
    return lambda value, _sentence: code if value >= threshold else None


def _below(threshold: float, code: str) -> Callable[[float, str], Optional[str]]:
    return lambda value, _sentence: code if value < threshold else None


def _outside(low: float, low_code: str, high: float, high_code: str) -> Callable[[float, str], Optional[str]]:
    return lambda value, _sentence: low_code if value < low else (high_code if value > high else None)


def _platelets(value: float, sentence: str) -> Optional[str]:
    thousands = value / 1000 if value >= 1500 else value
    return "D69.6" if thousands < 100 else ("D75.839" if thousands > 450 else None)


_MEASURES: tuple[_Measure, ...] = (
    _Measure(
        re.compile(r"\b(?:blood\s+(?:sugar|glucose)|glucose|sugars?|bg|bgl|bsl)(?:\s+(?:levels?|readings?))?\b", _I),
        (20.0, 1500.0), _glucose, after_number=True, per_mmol=18.0,
    ),
    _Measure(re.compile(r"\b(?:(?:hb|hgb|hemoglobin|haemoglobin)\s*)?a1c\b|\bglycated\s+h[a]?emoglobin\b", _I), (3.0, 20.0), _a1c),
    _Measure(re.compile(r"\bpsa(?:\s+(?:levels?|tests?|readings?))?\b", _I), (0.0, 10000.0), _psa),
    _Measure(re.compile(r"\b(?:total\s+)?cholesterol\b(?:\s+levels?)?", _I), (50.0, 1500.0), _above(240.0, "E78.00")),
    _Measure(re.compile(r"\bldl(?:\s+cholesterol)?\b", _I), (20.0, 1000.0), _above(160.0, "E78.00")),
    _Measure(re.compile(r"\btriglycerides?\b", _I), (20.0, 10000.0), _above(200.0, "E78.1")),
    _Measure(re.compile(r"\bpotassium(?:\s+levels?)?\b", _I), (1.0, 10.0), _outside(3.5, "E87.6", 5.5, "E87.5")),
    _Measure(re.compile(r"\bsodium(?:\s+levels?)?\b", _I), (95.0, 190.0), _outside(135.0, "E87.1", 145.0, "E87.0")),
    _Measure(re.compile(r"\b(?:h[a]?emoglobin|hgb)\b(?!\s*a1)(?:\s+levels?)?", _I), (2.0, 25.0), _below(11.0, "D64.9")),
    _Measure(re.compile(r"\bplatelets?(?:\s+counts?)?\b|\bplatelet\s+levels?\b", _I), (1.0, 2_000_000.0), _platelets),
)

_BLOOD_PRESSURE = re.compile(r"\b(?:blood\s+pressures?|bp|b\.p\.)(?:\s+(?:readings?|levels?))?\b", _I)
#: A value: "495", "8.5", "45,000", "45k".
_NUMBER = r"(?<![\d.,])(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?P<k>k\b)?"
#: What may stand between the name and the value: "was", "went up to", "came back at", ":".
_FILLER = (
    r"(?:is|are|was|were|be|been|has|have|had|now|still|only|just|at|of|to|about|around|approximately|"
    r"almost|nearly|over|above|under|below|up|down|as|high|low|went|got|gone|shot|spiked|rose|risen|rising|"
    r"climbed|climbing|jumped|dropped|fell|fallen|dipped|increased|decreased|came|come|back|reading|read|reads|"
    r"level|levels|number|result|results|count|measured|tested|recorded|showed|shows|showing|like|runs|running|ran|"
    r"usually|always|sits|stays|stayed|averages|normal|fine|good|ok|okay|my|his|her|their|the|a|an)"
)
_AFTER_NAME = re.compile(rf"(?:\s*[:=,-]?\s*(?:{_FILLER}\b)){{0,6}}\s*[:=,-]?\s*{_NUMBER}(?:\s*(?P<unit>mmol(?:/l)?|mg/dl|%|percent|ng/ml))?", _I)
_PRESSURE_VALUE = re.compile(
    rf"(?:\s*[:=,-]?\s*(?:{_FILLER}\b)){{0,6}}\s*[:=,-]?\s*(?P<sys>\d{{2,3}})\s*(?:/|\s+over\s+)\s*(?P<dia>\d{{2,3}})\b", _I
)
_BEFORE_NAME = re.compile(rf"{_NUMBER}\s*(?:mg/dl\s*|(?P<unit>mmol(?:/l)?)\s*)?$", _I)
#: A value followed by "/80" is a blood pressure, never another measure's value.
_BLOOD_PRESSURE_NEXT = re.compile(r"\d{2,3}\s*/\s*\d{2,3}\b")
_RISING = re.compile(r"\b(?:ris(?:e|es|ing|en)|rose|went\s+up|gone\s+up|going\s+up|increas\w*|climb\w*|doubl\w*|jump\w*)\b", _I)
_AFTER_TREATMENT = re.compile(r"\b(?:after|since|following|post)\b.{0,40}?\b(?:prostatectomy|surgery|radiation|radiotherapy|treatment|seeds)\b", _I)


def readings(text: str) -> list[Reading]:
    """The measured values a text quotes.

    Args:
        text: A message.

    Returns:
        One reading per named measurement with a plausible value next to it, in text order.
    """
    if not text or not re.search(r"\d", text):
        return []
    found: list[Reading] = []
    for sentence in SENTENCE.finditer(text):
        lo, hi = sentence.start(), sentence.end()
        found += _pressures(text, lo, hi)
        for measure in _MEASURES:
            for name in measure.name.finditer(text, lo, hi):
                reading = _reading(text, measure, name, lo, hi)
                if reading is not None and not any(r.start < reading.end and reading.start < r.end for r in found):
                    found.append(reading)
    return sorted(found, key=lambda r: r.start)


def _pressures(text: str, lo: int, hi: int) -> list[Reading]:
    out = []
    for name in _BLOOD_PRESSURE.finditer(text, lo, hi):
        value = _PRESSURE_VALUE.match(text, name.end(), hi)
        if value is None:
            continue
        systolic, diastolic = int(value.group("sys")), int(value.group("dia"))
        if not (50 <= systolic <= 300 and 20 <= diastolic <= 200 and systolic > diastolic):
            continue
        code = "R03.0" if systolic >= 140 or diastolic >= 90 else ("R03.1" if systolic < 90 else None)
        out.append(_made(text, name.start(), value.end(), code))
    return out


def _reading(text: str, measure: _Measure, name: re.Match, lo: int, hi: int) -> Optional[Reading]:
    start, end = name.start(), name.end()
    value = _AFTER_NAME.match(text, end, hi)
    if value is not None and not _BLOOD_PRESSURE_NEXT.match(text, value.start("num")):
        end = value.end()
    else:
        value = _BEFORE_NAME.search(text, max(lo, start - 16), start) if measure.after_number else None
        if value is None:
            return None
        start = value.start()
    number = float(value.group("num").replace(",", "")) * (1000 if value.group("k") else 1)
    if measure.per_mmol and (value.groupdict().get("unit") or "").lower().startswith("mmol"):
        number *= measure.per_mmol
    if not measure.plausible[0] <= number <= measure.plausible[1]:
        return None
    return _made(text, start, end, measure.meaning(number, text[lo:hi]))


def _made(text: str, start: int, end: int, code: Optional[str]) -> Reading:
    return Reading(start, end, code, len(words(text[start:end])))
