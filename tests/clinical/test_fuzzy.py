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


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("kronic", "chronic"),
        ("feochromocytoma", "pheochromocytoma"),
        ("astioporosis", "osteoporosis"),
        ("emorrhoid", "hemorrhoid"),
    ],
)
def test_a_start_written_by_its_sound_is_corrected(written: str, expected: str) -> None:
    assert [c.canon for c in corrector().correct(written)][:1] == [expected]


def test_sound_alike_starts_only_when_the_first_letter_finds_nothing() -> None:
    small = Corrector({"cystic": 1, "kystic": 1})
    assert [c.canon for c in small.correct("kystik")] == ["kystic"]
    assert [c.canon for c in Corrector({"cystic": 1}).correct("kystic")] == ["cystic"]


def test_a_wrong_first_letter_alone_needs_one_candidate() -> None:
    assert [c.canon for c in Corrector({"zoster": 1}).correct("voster")] == ["zoster"]
    assert Corrector({"zoster": 1, "boster": 1}).correct("voster") == ()
    assert Corrector({"zost": 1}).correct("vost") == ()
