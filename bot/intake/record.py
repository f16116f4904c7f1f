"""The intake record (``intake-record.schema.json``) built from the intake state."""
from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

from bot import clock
from bot.intake.state import IntakeState
from bot.normalise.choices import urgency_for_deadline

SCHEMA_VERSION = "1"
ICD10CM_SYSTEM = "http://hl7.org/fhir/sid/icd-10-cm"


def build_record(
    state: IntakeState,
    *,
    conversation_id: str,
    status: Optional[str] = None,
    reference: Optional[str] = None,
    submitted_at: Optional[str] = None,
    today: Optional[dt.date] = None,
) -> dict[str, Any]:
    """The record as it stands, in the schema's shape, with nulls where unknown.

    Args:
        state: The intake state.
        conversation_id: The conversation the record belongs to.
        status: The record status: None while collecting, ``submitted`` once handed off.
        reference: The case reference, once allocated.
        submitted_at: ISO timestamp of submission.
        today: The date urgency is computed from.
    """
    v = state.values
    today = today or clock.today()
    deadline = v.get("treatment.decision_deadline")
    name = v.get("patient.name")
    record: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "reference": reference or state.reference,
        "conversation_id": conversation_id,
        "channel": state.channel,
        "status": status,
        "assisted_by": state.assisted_by,
        "requester": {
            # Unknown while collecting; a submitted record needs one, and someone who never
            # said otherwise is taken to be the patient.
            "role": v.get("requester.role") or ("patient" if status else None),
            "name": v.get("requester.name") if v.get("requester.role") == "caregiver" else _name_text(name),
            "relationship": v.get("requester.relationship"),
        },
        "patient": {
            "name": name if isinstance(name, dict) else None,
            "birth_date": v.get("patient.birth_date"),
            "phone": v.get("patient.phone"),
            "email": v.get("patient.email"),
            "preferred_contact": _preferred_contact(state),
            "region": v.get("patient.region"),
            "language": "en",
        },
        "diagnosis": {
            "text": v.get("diagnosis.text"),
            "code": v.get("diagnosis.code"),
            "specialty": v.get("diagnosis.specialty") or ("other" if v.get("diagnosis.text") else None),
            "confirmed": v.get("diagnosis.confirmed"),
            "diagnosed_on": v.get("diagnosis.diagnosed_on"),
            "stage": v.get("diagnosis.stage"),
        },
        "care_team": {
            "physician": v.get("care_team.physician"),
            "institution": v.get("care_team.institution"),
        },
        "treatment": {
            "current": v.get("treatment.current"),
            "proposed": v.get("treatment.proposed"),
            "decision_deadline": deadline,
        },
        "reason": v.get("reason"),
        "questions": list(v.get("questions") or []),
        "records": {
            "available": list(v.get("records.available") or []),
            "notes": v.get("records.notes"),
        },
        "coverage": {
            "type": v.get("coverage.type"),
            "sponsor": v.get("coverage.sponsor"),
        },
        "urgency": urgency_for_deadline(deadline, today) if deadline else "routine",
        "consent": {
            "data_collection": state.consent_at is not None,
            "share_with_reviewers": state.consent_at is not None,
            "sms_opt_in": True if state.channel == "sms" else None,
            "at": state.consent_at,
        },
        "flags": list(state.flags),
        "provenance": dict(state.provenance),
        "submitted_at": submitted_at,
    }
    return record


def _name_text(name: Any) -> Optional[str]:
    return name.get("text") if isinstance(name, dict) else None


def _preferred_contact(state: IntakeState) -> Optional[str]:
    if state.channel == "sms":
        return "sms"
    if state.values.get("patient.phone"):
        return "phone"
    if state.values.get("patient.email"):
        return "email"
    return None


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    """The intake record JSON schema (the shared contract)."""
    return json.loads(schema_path().read_text())


def schema_path() -> Path:
    """Where the shared schema lives: ``INTAKE_SCHEMA_PATH`` or ``../shared/spec``."""
    import os

    configured = os.environ.get("INTAKE_SCHEMA_PATH")
    if configured:
        return Path(configured)
    repo = Path(__file__).resolve().parents[2]
    shared = repo.parent / "shared" / "spec" / "intake-record.schema.json"
    if shared.exists():
        return shared
    return repo / "bot" / "review_service" / "intake-record.schema.json"


def validation_errors(record: dict[str, Any]) -> list[str]:
    """Schema violations of a record (empty when valid). Messages name paths, not values."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(schema(), format_checker=jsonschema.FormatChecker())
    return [
        f"{'/'.join(str(p) for p in error.absolute_path) or '(root)'}: {error.validator}"
        for error in validator.iter_errors(record)
    ]
