"""One condition mention normalised to ICD-10-CM: the result type of :mod:`bot.clinical`."""
from __future__ import annotations

from dataclasses import dataclass


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
