"""Turning stored intakes into what the console shows: rows, fields, transcripts.

Values are returned as plain strings; templates escape them and scripts insert them
with ``textContent``, so nothing a patient typed is ever interpreted as markup.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Iterable, Optional

from bot.intake.fields import FIELDS, applicable_fields
from bot.intake.state import LABELS, IntakeState
from bot.storage.intakes import IntakeView

#: Statuses in the order the list shows them first (then everything else by activity).
PRIORITY = {"emergency": 0, "needs_human": 1}

STATUS_LABELS = {
    "in_progress": "in progress",
    "needs_human": "needs a human",
    "emergency": "emergency",
    "awaiting_confirmation": "awaiting confirmation",
    "submitted": "submitted",
    "delivered": "delivered",
    "delivery_failed": "delivery failed",
    "opted_out": "opted out",
    "abandoned": "abandoned",
}

#: Values the record derives from answers; shown under the questions.
DERIVED = (
    ("diagnosis.code", "ICD-10-CM code"),
    ("diagnosis.specialty", "specialty"),
    ("diagnosis.confirmed", "diagnosis confirmed"),
    ("urgency", "urgency"),
)


def record_value(record: dict[str, Any], path: str) -> Any:
    """The value at a dotted field path of a record (None when absent)."""
    value: Any = record
    for part in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def display(value: Any) -> str:
    """A value as one line of text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict):
        if "code" in value:
            return " ".join(str(v) for v in (value.get("code"), value.get("display")) if v)
        return str(value.get("text") or "")
    if isinstance(value, list):
        return "; ".join(str(v).replace("_", " ") for v in value)
    return str(value)


def _present(value: Any) -> bool:
    return value not in (None, "", [], {})


def patient_name(view: IntakeView) -> str:
    """The patient's name as given, or an empty string."""
    return display(record_value(view.record, "patient.name"))


def sort_for_list(views: Iterable[IntakeView]) -> list[IntakeView]:
    """Emergencies first, then those needing a human, then by latest activity."""
    by_activity = sorted(views, key=lambda v: v.last_activity_at, reverse=True)
    return sorted(by_activity, key=lambda v: PRIORITY.get(v.status, 9))


def matches(view: IntakeView, query: str) -> bool:
    """Whether a search matches the reference, the conversation id or the patient name."""
    needle = query.strip().lower()
    if not needle:
        return True
    haystacks = (view.reference or "", view.conversation_id, patient_name(view))
    return any(needle in hay.lower() for hay in haystacks)


def list_row(view: IntakeView) -> dict[str, Any]:
    """One row of the intake list."""
    return {
        "conversation_id": view.conversation_id,
        "reference": view.reference or "",
        "patient": patient_name(view),
        "status": view.status,
        "status_label": STATUS_LABELS.get(view.status, view.status),
        "channel": view.channel,
        "last_activity": iso(view.last_activity_at),
        "answered": view.answered,
        "total": view.total,
        "flags": list(view.flags),
        "assisted_by": view.assisted_by or "",
    }


def iso(moment: Optional[dt.datetime]) -> str:
    """An aware datetime as ISO 8601 in UTC (seconds)."""
    if moment is None:
        return ""
    return moment.astimezone(dt.timezone.utc).isoformat(timespec="seconds")


def _values_from_record(record: dict[str, Any]) -> dict[str, Any]:
    """Field path -> value, as the intake state would hold them."""
    provenance = record.get("provenance") or {}
    values: dict[str, Any] = {}
    for field in FIELDS:
        value = record_value(record, field.path)
        # The record copies the patient's name to the requester (and may fill in a
        # role); those count only when the patient actually said them.
        if field.path.startswith("requester.") and field.path not in provenance:
            value = None
        values[field.path] = value
    values["diagnosis.specialty"] = record_value(record, "diagnosis.specialty")
    return values


def field_rows(record: dict[str, Any], state: Optional[IntakeState]) -> list[dict[str, Any]]:
    """Every question that applies (or has a value), with value, provenance and gaps.

    Args:
        record: The stored record.
        state: The intake state from the conversation, if it could be read (it
            knows which questions the patient chose to skip).
    """
    values = _values_from_record(record)
    provenance = record.get("provenance") or {}
    skipped = set(state.skipped) if state is not None else set()
    applicable = {f.path for f in applicable_fields(values)}
    rows = []
    for field in FIELDS:
        value = values.get(field.path)
        if field.path not in applicable and not _present(value):
            continue
        satisfied = any(_present(values.get(p)) for p in (field.path, *field.satisfied_by))
        rows.append(_row(field.path, LABELS.get(field.path, field.path), value, provenance) | {
            "required": field.required,
            "skipped": field.path in skipped and not _present(value),
            "missing": not satisfied and field.path not in skipped,
            "editable": True,
        })
    return rows


def derived_rows(record: dict[str, Any]) -> list[dict[str, Any]]:
    """The values the record derives (code, specialty, urgency), when known."""
    provenance = record.get("provenance") or {}
    rows = []
    for path, label in DERIVED:
        value = record_value(record, path)
        if _present(value):
            rows.append(_row(path, label, value, provenance) | {
                "required": False, "skipped": False, "missing": False, "editable": False,
            })
    return rows


def _row(path: str, label: str, value: Any, provenance: dict[str, Any]) -> dict[str, Any]:
    source = provenance.get(path) or {}
    confidence = source.get("confidence")
    return {
        "path": path,
        "label": label,
        "value": display(value),
        "method": source.get("method") or "",
        "turn": source.get("turn"),
        "source_text": source.get("source_text") or "",
        "confidence": round(float(confidence), 2) if isinstance(confidence, (int, float)) else None,
        "confirmed": bool(source.get("confirmed")),
    }


def transcript_rows(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Transcript messages for display; button payloads read as the choice they were."""
    rows = []
    for message in messages:
        text = str(message.get("text") or "")
        sender = message.get("from") or "bot"
        kind = "text"
        if sender == "patient" and text.startswith("/"):
            text, kind = text[1:].split("{", 1)[0], "payload"
        rows.append({
            "from": sender,
            "text": text,
            "kind": kind,
            "buttons": [str(b.get("title") or "") for b in message.get("buttons") or []],
            "timestamp": message.get("timestamp"),
        })
    return rows


def to_read_out(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The assistant's messages since the caller last spoke: what to say next."""
    pending: list[dict[str, Any]] = []
    for message in messages:
        if message["from"] == "patient":
            pending = []
        elif message["from"] == "bot":
            pending.append(message)
    return pending
