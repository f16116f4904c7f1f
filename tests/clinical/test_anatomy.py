"""Site words: where, not what."""
from __future__ import annotations

import pytest

from bot.clinical.anatomy import is_site_word, names_condition
from bot.clinical.text import canonical


@pytest.mark.parametrize("word", ["back", "knees", "Left", "second", "shoulders"])
def test_sites_sides_and_positions(word: str) -> None:
    assert is_site_word(canonical(word))


@pytest.mark.parametrize("word", ["arthritis", "cancer", "burn", "fracture", "disc"])
def test_conditions_are_not_sites(word: str) -> None:
    assert not is_site_word(canonical(word))


@pytest.mark.parametrize("word", ["stage", "2", "transplant", "biopsy", "marrow", "knee"])
def test_sites_stages_numbers_and_procedures_name_no_condition(word: str) -> None:
    assert not names_condition(canonical(word))


@pytest.mark.parametrize("word", ["dystrophy", "infection", "herpes", "fracture"])
def test_condition_words(word: str) -> None:
    assert names_condition(canonical(word))
