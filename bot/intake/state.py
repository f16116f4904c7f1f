"""Everything the assistant knows about one intake while it is being collected.

The state travels in a single Rasa slot (``intake``) as a plain dict, so it is stored by
Rasa's tracker store with the conversation and survives restarts of either server.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any, Optional

from bot.intake.fields import FIELDS, FIELDS_BY_PATH, Field, applicable_fields

SLOT = "intake"

#: Provenance methods, as named by the schema.
NLU = "nlu"
ANSWER = "patient_answer"
CORRECTION = "patient_correction"
NAVIGATOR_EDIT = "navigator_edit"


@dataclass
class IntakeState:
    """The intake as it stands.

    Attributes:
        values: Field path -> normalised value (only known values).
        provenance: Field path -> {turn, source_text, method, confidence, confirmed}.
        skipped: Paths the patient chose not to answer.
        failures: Path -> consecutive answers that could not be understood.
        asking: The ask key of the question the assistant asked last (None: nothing).
        stage: collecting | declined | submitted | emergency | needs_human.
        consent_at: ISO timestamp of consent, None before.
        channel: web | sms | navigator.
        flags: Record flags (red_flag_reported, human_requested, ...).
        offer: A pending offer after repeated failures ("skip" or "navigator").
        narrative_done: Whether the open question has been answered (or passed over).
        resumed: True when the patient came back after a break and was welcomed back.
        reference: The case reference once submitted.
        assisted_by: Care navigator user id when a navigator took part.
    """

    values: dict[str, Any] = field(default_factory=dict)
    provenance: dict[str, dict[str, Any]] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    failures: dict[str, int] = field(default_factory=dict)
    asking: Optional[str] = None
    stage: str = "collecting"
    consent_at: Optional[str] = None
    channel: str = "web"
    flags: list[str] = field(default_factory=list)
    offer: Optional[str] = None
    narrative_done: bool = False
    resumed: bool = False
    reference: Optional[str] = None
    assisted_by: Optional[str] = None

    @classmethod
    def from_slot(cls, raw: Optional[dict[str, Any]]) -> "IntakeState":
        """Rebuilds the state from the slot value (None for a new conversation)."""
        if not raw:
            return cls()
        known = {k: copy.deepcopy(v) for k, v in raw.items() if k in cls.__dataclass_fields__}
        return cls(**known)

    def to_slot(self) -> dict[str, Any]:
        """The JSON-serialisable slot value."""
        return copy.deepcopy(self.__dict__)

    # --- facts --------------------------------------------------------------------

    def set_value(
        self,
        path: str,
        value: Any,
        *,
        turn: int,
        source_text: str,
        method: str,
        confidence: float = 1.0,
    ) -> None:
        """Records a value with where it came from; un-skips the field."""
        self.values[path] = value
        self.provenance[path] = {
            "turn": turn,
            "source_text": source_text,
            "method": method,
            "confidence": round(float(confidence), 3),
            "confirmed": False,
        }
        if path in self.skipped:
            self.skipped.remove(path)
        self.failures.pop(path, None)

    def skip(self, path: str) -> None:
        """Marks a field as deliberately left unanswered."""
        if path not in self.skipped:
            self.skipped.append(path)
        self.failures.pop(path, None)

    def add_flag(self, flag: str) -> None:
        """Adds a record flag once."""
        if flag not in self.flags:
            self.flags.append(flag)

    def confirm_all(self, turn: int) -> None:
        """Marks every collected value as confirmed by the patient at the summary."""
        for entry in self.provenance.values():
            entry["confirmed"] = True
            entry["confirmed_turn"] = turn

    # --- progress -----------------------------------------------------------------

    @property
    def caregiver(self) -> bool:
        """Whether someone other than the patient is filling this in."""
        return self.values.get("requester.role") == "caregiver"

    def is_satisfied(self, f: Field) -> bool:
        """Whether the field has an answer (or an equivalent) or was skipped."""
        if f.path in self.skipped:
            return True
        return any(self._has(path) for path in (f.path, *f.satisfied_by))

    def _has(self, path: str) -> bool:
        value = self.values.get(path)
        return value not in (None, "", [])

    def next_field(self) -> Optional[Field]:
        """The next field to ask, in order, or None when everything is covered."""
        return next((f for f in applicable_fields(self.values) if not self.is_satisfied(f)), None)

    def progress(self) -> tuple[int, int]:
        """(answered, total) over the fields that apply, skipped ones counting as done."""
        fields = applicable_fields(self.values)
        done = sum(1 for f in fields if self.is_satisfied(f))
        return done, len(fields)

    def missing_required(self) -> list[Field]:
        """Required fields still without a value."""
        return [
            f
            for f in applicable_fields(self.values)
            if f.required and not any(self._has(p) for p in (f.path, *f.satisfied_by))
        ]

    def field_labels_missing(self) -> list[str]:
        """Short labels of the fields still to ask, for a welcome-back message."""
        return [LABELS.get(f.path, f.path) for f in applicable_fields(self.values) if not self.is_satisfied(f)]


#: Plain-language labels used in summaries and progress messages.
LABELS: dict[str, str] = {
    "requester.role": "who is filling this in",
    "requester.name": "your name",
    "requester.relationship": "your relationship to the patient",
    "patient.name": "name",
    "patient.birth_date": "date of birth",
    "patient.phone": "phone",
    "patient.email": "e-mail",
    "patient.region": "state",
    "diagnosis.text": "diagnosis",
    "diagnosis.diagnosed_on": "diagnosed",
    "diagnosis.stage": "stage",
    "care_team.physician": "doctor",
    "care_team.institution": "hospital or clinic",
    "treatment.current": "current treatment",
    "treatment.proposed": "proposed treatment",
    "treatment.decision_deadline": "decision needed by",
    "reason": "reason for the second opinion",
    "questions": "your questions",
    "records.available": "records you have",
    "coverage.type": "payment",
    "coverage.sponsor": "employer or insurer",
}

assert set(LABELS) == set(FIELDS_BY_PATH), "every field needs a label"
assert len(FIELDS) == len(FIELDS_BY_PATH)
