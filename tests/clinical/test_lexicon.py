"""The term index: every billable code reachable, curated synonyms valid."""
from __future__ import annotations

import random

import pytest

from bot.clinical import icd
from bot.clinical.diagnosis import find_diagnoses, normalise_diagnosis
from bot.clinical.index_cache import get_index
from bot.clinical.lexicon import gene_symbol
from bot.clinical.synonyms import load_synonyms
from bot.clinical.text import bag_hash, canon_seq, content_canons, ordered_hash


def _exact_code(title: str) -> str | None:
    index = get_index()
    content = content_canons(title)
    key = bag_hash(content)
    if key in index.collided:
        entry = index.ordered.get(ordered_hash(canon_seq(title)))
        if entry is not None:
            return index.code(entry)
    entries = index.entries_for(key)
    return index.code(entries[0]) if entries else None


def test_every_billable_code_is_reachable_from_its_title() -> None:
    codes = icd.billable_codes()
    assert len(codes) > 70_000
    missing = [code for code in codes if _exact_code(icd.description(code)) != code]
    assert missing == []


SAMPLE = random.Random(20260401).sample(icd.billable_codes(), 500)


def test_random_sample_of_500_codes_found_from_their_title_text() -> None:
    wrong_answer = []
    wrong_text = []
    for code in SAMPLE:
        title = icd.description(code)
        match = normalise_diagnosis(title)
        if match is None or match.code != code:
            wrong_answer.append((code, match and match.code))
        if code not in [m.code for m in find_diagnoses(title)]:
            wrong_text.append(code)
    assert wrong_answer == []
    assert len(wrong_text) <= 5, wrong_text


def test_curated_synonyms_point_at_billable_codes() -> None:
    synonyms = load_synonyms()
    assert len(synonyms) >= 500
    assert [s.code for s in synonyms if not icd.is_billable(s.code)] == []


def test_each_word_of_a_two_condition_title_is_a_term() -> None:
    assert [m.code for m in find_diagnoses("The MRI suggests encephalitis.")] == ["G04.90"]
    assert [m.code for m in find_diagnoses("Labs showed hypernatremia.")] == ["E87.0"]
    assert [m.code for m in find_diagnoses("He has had anuria since Monday.")] == ["R34"]


def test_an_english_word_of_a_symptom_title_stays_unread() -> None:
    assert find_diagnoses("He has a lot of anger about the delay.") == []
    assert find_diagnoses("The tent is about to collapse.") == []


@pytest.mark.parametrize(
    ("title", "gene"),
    [
        ("CTNNB1 syndrome", "CTNNB1"),
        ("SCN2A-related neurodevelopmental disorder", "SCN2A"),
        ("ENPP1 deficiency causing generalized arterial calcification of infancy", "ENPP1"),
        ("Vitamin B12 deficiency anemia", ""),
        ("Megavitamin-B6 syndrome", ""),
        ("Other platelet-activating anti-PF4 disorders", ""),
        ("HELLP syndrome", ""),
        ("Marfan syndrome, unspecified", ""),
    ],
)
def test_the_gene_a_title_names_the_disorder_of(title: str, gene: str) -> None:
    assert gene_symbol(title) == gene


def test_every_gene_symbol_of_the_titles_names_a_code_of_that_gene() -> None:
    """Each symbol read alone, in any case, lands on a code of that gene (a term naming it, or its title)."""
    codes_of: dict[str, set[str]] = {}
    for term in icd.raw_terms():
        symbol = gene_symbol(term.text) if term.source != "excludes" else ""
        if symbol:
            codes_of.setdefault(symbol, set()).add(term.code)
    assert len(codes_of) >= 10
    for symbol, codes in sorted(codes_of.items()):
        for written in (symbol, symbol.lower()):
            found = [m for m in find_diagnoses(f"The test found a {written} mutation.")]
            assert [m.text for m in found] == [written], symbol
            assert found[0].code in codes or symbol in icd.description(found[0].code), symbol


def test_a_category_named_after_a_gene_reads_as_its_default_code() -> None:
    assert [m.code for m in find_diagnoses("She has a KCNQ2 variant.")] == ["G40.842"]
