"""Replacing one of Rasa's methods so that the replacement can be undone and applied twice."""
from __future__ import annotations

from typing import Any, Callable


def replace_method(owner: type, name: str, wrap: Callable[[Callable[..., Any]], Callable[..., Any]]) -> None:
    """Sets ``owner.name`` to ``wrap(Rasa's method)``.

    Rasa's method is kept as ``_rasa_original`` on the replacement, so that it can be
    restored; applying this again wraps Rasa's method, not the replacement.

    Args:
        owner: The Rasa class whose method is replaced.
        name: The method's name, defined on ``owner`` itself.
        wrap: Makes the replacement from Rasa's method.
    """
    current = owner.__dict__[name]
    original = getattr(current, "_rasa_original", current)
    replacement = wrap(original)
    replacement._rasa_original = original  # type: ignore[attr-defined]
    setattr(owner, name, replacement)
