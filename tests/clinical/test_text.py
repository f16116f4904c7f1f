"""Word normalisation shared by the term index and the matcher."""
from __future__ import annotations

import pytest

from bot.clinical.text import bag_hash, bind, canon_seq, canonical, content_canons, ordered_hash, words


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("Crohn's", "crohn"),
        ("Crohn\u2019s", "crohn"),
        ("Parkinsons", "parkinson"),
        ("stones", "stone"),
        ("arteries", "artery"),
        ("stenosis", "stenosis"),
        ("lupus", "lupus"),
        ("leukaemia", "leukemia"),
        ("anaemia", "anemia"),
        ("oesophageal", "esophageal"),
        ("haemorrhage", "hemorrhage"),
        ("diarrhoea", "diarrhea"),
        ("tumour", "tumor"),
        ("coeliac", "celiac"),
        ("disk", "disc"),
        ("Sj\u00f6gren", "sjogren"),
        ("metastases", "metastasis"),
        ("MS", "ms"),
    ],
)
def test_canonical_forms(word: str, expected: str) -> None:
    assert canonical(word) == expected


def test_words_keep_offsets_and_split_hyphens() -> None:
    text = "I have a-fib."
    found = words(text)
    assert [w.canon for w in found] == ["i", "have", "a", "fib"]
    assert [text[w.start : w.end] for w in found] == ["I", "have", "a", "fib"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("type II diabetes", ["type", "2", "diabete"]),
        ("Type two diabetes", ["type", "2", "diabete"]),
        ("stage IV cancer", ["stage", "4", "cancer"]),
        ("vitamin A deficiency", ["vitamin", "letter_a", "deficiency"]),
    ],
)
def test_numbers_and_letters_after_type_and_stage(text: str, expected: list[str]) -> None:
    assert canon_seq(text) == expected


def test_content_words_drop_function_words_and_bind_without() -> None:
    assert content_canons("Migraine with aura, without status migrainosus") == [
        "migraine",
        "aura",
        "without_status",
        "migrainosus",
    ]
    assert bind(["a", "without", "b", "c"]) == ["a", "without_b", "c"]


def test_bag_hash_ignores_order_and_repetition() -> None:
    assert bag_hash(["breast", "cancer"]) == bag_hash(["cancer", "breast", "cancer"])
    assert bag_hash(["breast", "cancer"]) != bag_hash(["lung", "cancer"])
    assert ordered_hash(["a", "b"]) != ordered_hash(["b", "a"])
