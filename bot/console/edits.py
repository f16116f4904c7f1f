"""A navigator's direct change to one intake field, applied to the intake state.

The navigator types the value as the caller gave it; it is understood by the same
parser as a patient's answer to that question (so dates, phone numbers and diagnoses
are normalised the same way) and recorded with provenance method ``navigator_edit``
and the record flag ``edited_by_navigator``.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from bot.intake.answers import PARSERS, PROBLEMS
from bot.intake.fields import FIELDS_BY_PATH, field_for
from bot.intake.message import Message
from bot.intake.state import NAVIGATOR_EDIT, IntakeState

EDITED_FLAG = "edited_by_navigator"

#: Derived diagnosis values that belong to the old diagnosis once its text changes.
_DIAGNOSIS_DERIVED = ("diagnosis.code", "diagnosis.specialty", "diagnosis.confirmed")

#: Fields a navigator may edit: every question of the intake.
EDITABLE_PATHS = tuple(FIELDS_BY_PATH)


class EditRejected(ValueError):
    """The value could not be used; ``str(error)`` says what is expected (no PHI)."""


def apply_edit(
    state: IntakeState,
    path: str,
    parse_data: dict[str, Any],
    *,
    turn: int,
    navigator_id: str,
    today: dt.date,
) -> list[str]:
    """Sets a field from a navigator's text.

    Args:
        state: The intake state; changed in place.
        path: The field path, one of :data:`EDITABLE_PATHS`.
        parse_data: Rasa's parse of the navigator's text (``text``, ``intent``,
            ``entities``), so that diagnoses get their codes.
        turn: The conversation's current user turn number.
        navigator_id: The navigator's user id, kept in the provenance.
        today: The date relative dates are computed from.

    Returns:
        The field paths that were set (an answer may settle more than one).

    Raises:
        EditRejected: Unknown path, or the text is not a usable value.
    """
    field = field_for(path)
    if field is None or path not in FIELDS_BY_PATH:
        raise EditRejected("that field cannot be edited")
    message = Message.from_parse_data(parse_data)
    parsed = PARSERS[path](message, today)
    if not parsed.ok:
        specific = PROBLEMS.get(parsed.problem or "")
        raise EditRejected(f"{specific} {field.expects}" if specific else field.expects)
    if "diagnosis.text" in parsed.values:
        for derived in _DIAGNOSIS_DERIVED:
            if derived not in parsed.values:
                state.values.pop(derived, None)
                state.provenance.pop(derived, None)
    if path == "patient.phone" and "patient.phone" not in parsed.values:
        state.values.pop("patient.phone", None)
        state.provenance.pop("patient.phone", None)
    for value_path, value in parsed.values.items():
        state.set_value(
            value_path,
            value,
            turn=turn,
            source_text=message.text,
            method=NAVIGATOR_EDIT,
            confidence=1.0,
        )
        state.provenance[value_path]["navigator"] = navigator_id
    state.add_flag(EDITED_FLAG)
    if state.assisted_by is None:
        state.assisted_by = navigator_id
    return list(parsed.values)

