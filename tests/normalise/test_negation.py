"""Whether a phrase is negated within its clause."""
from __future__ import annotations

import pytest

from bot.normalise.negation import is_negated


@pytest.mark.parametrize("text", ["nobody has recommended surgery", "no one suggested surgery", "I don't need surgery"])
def test_negated(text: str) -> None:
    assert is_negated(text, text.index("surgery"))


@pytest.mark.parametrize("text", ["they recommended surgery", "no pain, but they want surgery"])
def test_not_negated(text: str) -> None:
    assert not is_negated(text, text.index("surgery"))
