"""Site words: where, not what."""
from __future__ import annotations

import pytest

from bot.clinical.anatomy import is_site_word
from bot.clinical.text import canonical


@pytest.mark.parametrize("word", ["back", "knees", "Left", "second", "shoulders"])
def test_sites_sides_and_positions(word: str) -> None:
    assert is_site_word(canonical(word))


@pytest.mark.parametrize("word", ["arthritis", "cancer", "burn", "fracture", "disc"])
def test_conditions_are_not_sites(word: str) -> None:
    assert not is_site_word(canonical(word))
