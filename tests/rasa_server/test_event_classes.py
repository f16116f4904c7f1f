"""Stored events deserialise as in stock Rasa (bot/rasa_server/event_classes.py)."""
from __future__ import annotations

import pytest
from rasa.shared.core.events import ActionExecuted, Event, SlotSet, UserUttered
from rasa.shared.utils import common


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
