"""Replacing a method so that it can be undone and applied twice (bot/rasa_server/method_replacement.py)."""
from __future__ import annotations

from typing import Any, Callable

from bot.rasa_server.method_replacement import replace_method


class Greeter:
    def greet(self, name: str) -> str:
        return f"hello {name}"


def _shouting(original: Callable[..., Any]) -> Callable[..., Any]:
    def greet(self: Greeter, name: str) -> str:
        return original(self, name).upper()

    return greet


def test_the_replacement_wraps_the_original_once_however_often_applied() -> None:
    original = Greeter.__dict__["greet"]
    try:
        replace_method(Greeter, "greet", _shouting)
        replace_method(Greeter, "greet", _shouting)

        assert Greeter().greet("ann") == "HELLO ANN"
        assert Greeter.greet._rasa_original is original
        Greeter.greet = Greeter.greet._rasa_original
        assert Greeter().greet("ann") == "hello ann"
    finally:
        Greeter.greet = original
