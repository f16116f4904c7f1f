"""Spelling correction towards the term vocabulary, and its guards."""
from __future__ import annotations

import pytest

from bot.clinical.fuzzy import Corrector, english_words, max_edits
from bot.clinical.matcher import corrector


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("leukimia", "leukemia"),
        ("alzeimer", "alzheimer"),
        ("lymphona", "lymphoma"),
        ("sclerosys", "sclerosis"),
        ("fibrilation", "fibrillation"),
        ("melanomma", "melanoma"),
        ("glioblastomma", "glioblastoma"),
        ("psoriasys", "psoriasis"),
    ],
)
def test_misspellings_are_corrected(written: str, expected: str) -> None:
    assert expected in [c.canon for c in corrector().correct(written)]


@pytest.mark.parametrize("word", ["cancel", "strike", "canker", "lotus", "yesterday", "wonderful", "daughter"])
def test_ordinary_english_is_left_alone(word: str) -> None:
    assert corrector().correct(word) == ()


def test_short_and_known_words_are_left_alone() -> None:
    assert corrector().correct("gout") == ()
    assert corrector().correct("leukemia") == ()
    assert max_edits(4) == 0 and max_edits(6) == 1 and max_edits(9) == 2 and max_edits(12) == 3


def test_first_letter_must_match_and_ties_prefer_frequent_words() -> None:
    small = Corrector({"leukemia": 1, "lymphoma": 2}, weights={"leukemia": 5})
    assert small.correct("eukemia") == ()
    assert small.correct("leukemya")[0].canon == "leukemia"


def test_english_word_list_is_loaded() -> None:
    words = english_words()
    assert "cancel" in words and "daughter" in words
