"""A fact understood from a patient's message, addressed by its intake-record field path."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Fact:
    """One value understood from a message.

    Attributes:
        path: Field path of ``intake-record.schema.json`` (e.g. ``patient.birth_date``).
        value: The normalised, JSON-serialisable value (ISO date string, E.164 phone, ...).
        source_text: The part of the message the value came from, as the patient wrote it.
        confidence: 0..1, how sure the extractor is.
    """

    path: str
    value: Any
    source_text: str
    confidence: float = 1.0
