"""Errors the console's operations raise, each with a fixed, PHI-free message."""
from __future__ import annotations


class ConsoleError(Exception):
    """An operation cannot be done; ``str(error)`` is safe to show and to log."""

    status = 400


class NotFound(ConsoleError):
    """No such conversation."""

    status = 404


class Conflict(ConsoleError):
    """The conversation is not in a state that allows the operation."""

    status = 409


class Unprocessable(ConsoleError):
    """The navigator's input could not be used (e.g. an unreadable date)."""

    status = 422
