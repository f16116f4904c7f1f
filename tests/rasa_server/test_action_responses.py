"""Action server responses are validated as Rasa validates them (bot/rasa_server/action_responses.py)."""
from __future__ import annotations


import pytest
from jsonschema import ValidationError
from rasa.core.actions import action

from bot.rasa_server import action_responses
from tests.rasa_server.conftest import install_undoably


def _remote_action() -> action.RemoteAction:
    return action.RemoteAction("action_anything", None)


VALID = {"events": [{"event": "slot", "name": "intake", "value": {"a": 1}}],
         "responses": [{"text": "Hello", "buttons": []}]}
INVALID = [
    {"events": [{"event": "no_such_event"}], "responses": []},
    {"events": [{"event": "slot"}], "responses": []},
    {"events": {}, "responses": []},
    {"events": [], "responses": ["not an object"]},
]


def test_valid_action_responses_still_pass(installed: None) -> None:
    assert _remote_action()._validate_action_result(VALID) is True


@pytest.mark.parametrize("response", INVALID)
def test_invalid_action_responses_fail_with_rasas_error(response: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same error as stock Rasa's validation, message and all."""
    with pytest.raises(ValidationError) as stock:
        _remote_action()._validate_action_result(response)
    install_undoably(monkeypatch)

    with pytest.raises(ValidationError) as ours:
        _remote_action()._validate_action_result(response)

    assert ours.value.message == stock.value.message
    assert list(ours.value.path) == list(stock.value.path)
    assert "Failed to validate Action server response" in ours.value.message


#: Responses of the kinds the project's actions send, each valid.
ACTION_RESPONSES = [
    VALID,
    {"events": [], "responses": []},
    {"events": [{"event": "slot", "name": "intake", "value": {"values": {"diagnosis.text": "lupus"}, "flags": []},
                 "timestamp": None},
                {"event": "slot", "name": "requested_slot", "value": "patient_name", "timestamp": None},
                {"event": "active_loop", "name": None, "timestamp": None},
                {"event": "bot", "text": "What is your name?", "data": {"buttons": []}, "metadata": {}}],
     "responses": [{"text": "Thanks.", "buttons": [{"title": "Yes", "payload": "/affirm"}]}]},
    {"events": [{"event": "followup", "name": "action_listen"}, {"event": "pause"}, {"event": "resume"},
                {"event": "restart"}, {"event": "session_started"}, {"event": "action_execution_rejected",
                                                                       "name": "validate_intake_form"}]},
]
#: Invalid in ways the quick check must not let through.
MORE_INVALID = [
    {"events": [{"event": "slot", "name": 3}]},
    {"events": [{"event": ["slot"], "name": "x"}]},
    {"events": [{"event": "bot", "timestamp": "yesterday"}]},
    {"events": ["slot"]},
    {"events": [{"name": "intake"}]},
    ["not", "an", "object"],
]


def _schema_and_validator() -> tuple[dict, type]:
    from jsonschema.validators import validator_for  # noqa: PLC0415

    schema = action.RemoteAction.action_response_format_spec()
    return schema, validator_for(schema)


@pytest.mark.parametrize("response", ACTION_RESPONSES)
def test_the_quick_check_passes_what_the_actions_send(response: dict) -> None:
    schema, validator_class = _schema_and_validator()
    assert validator_class(schema).is_valid(response)
    assert action_responses._valid_by_event_type(schema, validator_class)(response) is True


@pytest.mark.parametrize("response", INVALID + MORE_INVALID)
def test_the_quick_check_never_passes_an_invalid_response(response: object) -> None:
    schema, validator_class = _schema_and_validator()
    assert not validator_class(schema).is_valid(response)
    assert action_responses._valid_by_event_type(schema, validator_class)(response) is False
