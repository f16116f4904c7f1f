"""Health insurers patients name, with the display name the intake record keeps as sponsor."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

# lower-case alias -> display name
INSURERS: dict[str, str] = {
    "blue cross blue shield": "Blue Cross Blue Shield", "blue cross and blue shield": "Blue Cross Blue Shield",
    "blue cross/blue shield": "Blue Cross Blue Shield", "bcbs": "Blue Cross Blue Shield",
    "blue cross": "Blue Cross", "bluecross": "Blue Cross", "blue shield": "Blue Shield",
    "anthem": "Anthem", "aetna": "Aetna", "cigna": "Cigna",
    "unitedhealthcare": "UnitedHealthcare", "united healthcare": "UnitedHealthcare",
    "united health care": "UnitedHealthcare", "united health": "UnitedHealthcare", "uhc": "UnitedHealthcare",
    "humana": "Humana", "kaiser permanente": "Kaiser Permanente", "kaiser": "Kaiser Permanente",
    "medicare advantage": "Medicare Advantage", "medicare": "Medicare", "medicaid": "Medicaid",
    "medi-cal": "Medi-Cal", "masshealth": "MassHealth", "tricare": "Tricare",
    "harvard pilgrim": "Harvard Pilgrim", "tufts health plan": "Tufts Health Plan", "molina": "Molina",
    "ambetter": "Ambetter", "highmark": "Highmark", "empire blue cross": "Empire BlueCross",
    "regence": "Regence", "premera": "Premera", "geisinger health plan": "Geisinger Health Plan",
    "healthpartners": "HealthPartners", "emblemhealth": "EmblemHealth", "emblem health": "EmblemHealth",
    "wellcare": "WellCare", "carefirst": "CareFirst", "florida blue": "Florida Blue",
    "independence blue cross": "Independence Blue Cross", "oscar health": "Oscar Health",
    "point32health": "Point32Health", "priority health": "Priority Health", "centene": "Centene",
    "health net": "Health Net", "wellmark": "Wellmark", "excellus": "Excellus",
}


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern:
    aliases = sorted(INSURERS, key=len, reverse=True)
    body = "|".join(re.escape(a).replace(r"\ ", r"\s+").replace(" ", r"\s+") for a in aliases)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)


def find_insurer(text: str) -> Optional[tuple[int, int, str]]:
    """Finds the first named health insurer.

    Args:
        text: Any text.

    Returns:
        ``(start, end, display_name)`` or None.
    """
    match = _pattern().search(text)
    if not match:
        return None
    key = re.sub(r"\s+", " ", match.group().lower())
    return match.start(), match.end(), INSURERS[key]
