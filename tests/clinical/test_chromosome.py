"""Chromosome changes described in words and in band notation."""
from __future__ import annotations

import pytest

from bot.clinical import icd, tabular
from bot.clinical.chromosome import TITLES, chromosome_changes
from bot.clinical.diagnosis import find_diagnoses, main_diagnosis
from bot.clinical.matcher import find_terms


def _codes(text: str) -> list[str]:
    return [change.code for change in chromosome_changes(text)]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("The geneticist said a piece of chromosome 2 is deleted.", "Q93.59"),
        ("Our daughter has a deletion on chromosome 15.", "Q93.59"),
        ("He was born with 1p36 deletion syndrome.", "Q93.59"),
        ("The array showed a microdeletion at 16p11.2.", "Q93.88"),
        ("Our baby is missing chromosome 7 in every cell tested.", "Q93.0"),
        ("She has 4p- syndrome.", "Q93.3"),
        ("Is 5p minus syndrome the same as cri du chat?", "Q93.4"),
        ("His karyotype shows del(5p).", "Q93.4"),
        ("My nephew has a 22q11.2 deletion.", "Q93.81"),
        ("Our son has 22q13 deletion syndrome.", "Q93.52"),
        ("Williams syndrome is a 7q11.23 deletion, is that right?", "Q93.82"),
        ("The test found a duplication of 15q11.", "Q92.2"),
        ("The amnio found an extra copy of chromosome 8.", "Q92.9"),
        ("They found an extra chromosome 18.", "Q91.3"),
        ("Our son has ring chromosome 20 and seizures.", "Q93.2"),
        ("My husband carries a translocation of chromosome 9.", "Q95.9"),
    ],
)
def test_a_described_change_gets_its_code(text: str, code: str) -> None:
    assert _codes(text) == [code]


@pytest.mark.parametrize(
    "text",
    [
        "Can you call me at 5p tomorrow about my knee?",
        "Chromosome 21 is the smallest one, my teacher said.",
        "I had 2 scans and 3 biopsies.",
        "The deletion of my account did not work.",
        "The lab report on chromosome 5 testing went missing last week.",
        "We need extra help reading the chromosome 13 results.",
    ],
)
def test_no_change_without_a_chromosome_and_a_change(text: str) -> None:
    assert chromosome_changes(text) == []


def test_the_whole_description_is_the_mention() -> None:
    text = "My son has 5p minus syndrome and a heart murmur."
    match = main_diagnosis(text)
    assert match is not None
    assert (match.code, match.text) == ("Q93.4", "5p minus syndrome")


def test_a_change_that_was_ruled_out_is_negated() -> None:
    (match,) = [m for m in find_diagnoses("There was no deletion of chromosome 22 on the test.") if m.code.startswith("Q")]
    assert match.negated


def test_a_named_syndrome_still_reads_as_itself() -> None:
    assert main_diagnosis("She has trisomy 21.").code == "Q90.9"
    assert main_diagnosis("She has a chromosomal disorder.").code == "Q99.9"


def test_the_titles_carried_are_the_code_sets_own() -> None:
    assert {code: icd.description(code) for code in TITLES} == TITLES
    assert all(icd.is_billable(code) for code in TITLES)


def test_reading_a_change_does_not_load_the_tabular_list(monkeypatch: pytest.MonkeyPatch) -> None:
    find_terms("warm up")

    def _refuse() -> None:
        raise AssertionError("the tabular list was loaded while reading a message")

    monkeypatch.setattr(tabular, "codes", _refuse)
    assert [h.display for h in find_terms("Our son has 22q11.2 deletion syndrome.")] == ["Velo-cardio-facial syndrome"]
