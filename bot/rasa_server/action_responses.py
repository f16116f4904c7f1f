"""Action server responses validated with a validator built (and schema-checked) once.

Rasa checks each action server response with ``jsonschema.validate``, which first checks
the (constant) response schema against the JSON Schema meta-schema, on every call. Here
the validator is built once and only the response is validated: the same schema, the
same error (with Rasa's explanation appended) for an invalid response.
Most of what is left is the events' ``oneOf`` over every event type: each event is
tried against all of them. An event names its type (``"event": "slot"``) and only the
alternatives with that name can match it, so each event is checked against those alone
first; whatever does not pass that way goes through the whole schema, which decides and
words the error as before.
"""
from __future__ import annotations

from typing import Any, Callable, Dict


def _valid_by_event_type(schema: Dict[str, Any], validator_class: Any) -> Callable[[Any], bool]:
    """A check that accepts exactly the responses ``schema`` accepts, or answers False.

    An event item must match exactly one of the ``oneOf`` alternatives; the alternatives
    differ in the constant their ``event`` property must have, and the item schema
    requires ``event``. So for an event of type ``t`` the alternatives for other types
    never match, and "exactly one of all" is "exactly one of those for ``t``".

    Args:
        schema: Rasa's action response schema.
        validator_class: The JSON Schema validator class for it.

    Returns:
        ``check(response)``: True when the response is valid. False means "not shown valid
        this way": the caller validates against the whole schema.
    """
    events = schema["properties"]["events"]
    item = events["items"]
    groups: Dict[Any, list] = {}
    for alternative in item["oneOf"]:
        groups.setdefault(alternative.get("properties", {}).get("event", {}).get("const"), []).append(alternative)
    if None in groups or "event" not in item.get("required", ()):
        return lambda response: False  # not shaped as expected: always the whole schema
    shared = {key: value for key, value in item.items() if key != "oneOf"}
    by_type = {name: validator_class({**shared, "oneOf": group}) for name, group in groups.items()}
    outside_events = validator_class({**schema, "properties": {**schema["properties"], "events": {**events, "items": {}}}})

    def check(response: Any) -> bool:
        if not outside_events.is_valid(response):
            return False
        for event in response.get("events") or ():
            name = event.get("event") if isinstance(event, dict) else None
            validator = by_type.get(name) if isinstance(name, str) else None
            if validator is None or not validator.is_valid(event):
                return False
        return True

    return check


def _validate_with(
    validator: Any, docs_url: str, quick_check: Callable[[Any], bool]
) -> Callable[[Any, Dict[str, Any]], bool]:
    """A replacement for ``RemoteAction._validate_action_result`` using a prebuilt validator.

    ``quick_check`` may accept a response first (see :func:`_valid_by_event_type`).
    """
    from jsonschema.exceptions import best_match  # noqa: PLC0415 - Rasa's dependency

    def validate_action_result(self: Any, result: Dict[str, Any]) -> bool:
        if quick_check(result):
            return True
        error = best_match(validator.iter_errors(result))
        if error is not None:
            error.message += (
                ". Failed to validate Action server response from API, make sure your response "
                f"from the Action endpoint is valid. For more information about the format visit "
                f"{docs_url}/custom-actions"
            )
            raise error
        return True

    return validate_action_result


def build_action_response_validator_once() -> None:
    """Validates action server responses with a validator built (and schema-checked) once."""
    from jsonschema.validators import validator_for  # noqa: PLC0415
    from rasa.core.actions import action  # noqa: PLC0415
    from rasa.shared.constants import DOCS_BASE_URL  # noqa: PLC0415

    schema = action.RemoteAction.action_response_format_spec()
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    action.RemoteAction._validate_action_result = _validate_with(
        validator_class(schema), DOCS_BASE_URL, _valid_by_event_type(schema, validator_class)
    )
