"""Rasa's server as the project starts it (bot/rasa_server.py): same behaviour, less work per turn."""
from __future__ import annotations

import subprocess
import sys

import pytest
from jsonschema import ValidationError
from rasa.core.actions import action
from rasa.shared.core.events import ActionExecuted, Event, SlotSet, UserUttered
from rasa.shared.utils import common

from bot import rasa_server
from bot.processes import ROOT


def _install(monkeypatch: pytest.MonkeyPatch) -> None:
    """Applies the changes so that they are undone after the test."""
    monkeypatch.setattr(action.RemoteAction, "_validate_action_result", action.RemoteAction._validate_action_result)
    monkeypatch.setattr(common, "all_subclasses", common.all_subclasses)
    rasa_server.install()


@pytest.fixture()
def installed(monkeypatch: pytest.MonkeyPatch) -> None:
    """The changes applied, and undone after the test."""
    _install(monkeypatch)


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
    _install(monkeypatch)

    with pytest.raises(ValidationError) as ours:
        _remote_action()._validate_action_result(response)

    assert ours.value.message == stock.value.message
    assert list(ours.value.path) == list(stock.value.path)
    assert "Failed to validate Action server response" in ours.value.message


def test_stored_events_deserialise_as_before(installed: None) -> None:
    stored = [
        {"event": "user", "text": "hi", "parse_data": {"intent": {"name": "greet"}}, "timestamp": 1.0},
        {"event": "slot", "name": "intake", "value": None, "timestamp": 2.0},
        {"event": "action", "name": "action_listen", "timestamp": 3.0},
    ]
    events = [Event.from_parameters(e) for e in stored]

    assert [type(e) for e in events] == [UserUttered, SlotSet, ActionExecuted]
    assert events[1].key == "intake"
    with pytest.raises(ValueError):
        Event.resolve_by_type("no_such_event")


def test_other_class_trees_are_walked_as_before(installed: None) -> None:
    class Base:
        pass

    class Child(Base):
        pass

    assert common.all_subclasses(Base) == [Child]

    class Later(Base):
        pass

    assert common.all_subclasses(Base) == [Child, Later]


def test_the_entry_point_is_rasas_command_line() -> None:
    completed = subprocess.run([sys.executable, "-m", "bot.rasa_server", "run", "--help"], cwd=ROOT,
                               capture_output=True, text=True, timeout=120, env={"RASA_TELEMETRY_ENABLED": "false",
                                                                                 "PATH": "/usr/bin:/bin"})

    assert completed.returncode == 0, completed.stderr[-2000:]
    assert "--auth-token" in completed.stdout


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
    assert rasa_server._valid_by_event_type(schema, validator_class)(response) is True


@pytest.mark.parametrize("response", INVALID + MORE_INVALID)
def test_the_quick_check_never_passes_an_invalid_response(response: object) -> None:
    schema, validator_class = _schema_and_validator()
    assert not validator_class(schema).is_valid(response)
    assert rasa_server._valid_by_event_type(schema, validator_class)(response) is False
