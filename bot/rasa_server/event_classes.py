"""``Event.resolve_by_type`` without a walk of the whole event class tree per event.

Rasa walks the whole ``Event`` class tree for every stored event it deserialises, so
loading a tracker costs events x classes. Rasa's event classes are all defined once Rasa
is imported; here the walk is done once per class and reused.
"""
from __future__ import annotations

import functools
from typing import Any


def list_event_classes_once() -> None:
    """Makes ``Event.resolve_by_type`` walk the event class tree once instead of per event."""
    from rasa.shared.core import events  # noqa: PLC0415
    from rasa.shared.utils import common  # noqa: PLC0415

    walk = common.all_subclasses

    @functools.lru_cache(maxsize=None)
    def event_classes(cls: type) -> tuple:
        return tuple(walk(cls))

    def all_subclasses(cls: Any) -> list:
        if isinstance(cls, type) and issubclass(cls, events.Event):
            return list(event_classes(cls))
        return walk(cls)

    common.all_subclasses = all_subclasses
