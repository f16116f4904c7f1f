"""The term index: every billable code reachable, curated synonyms valid."""
from __future__ import annotations

import random

import pytest

from bot.clinical import icd
from bot.clinical.diagnosis import find_diagnoses, normalise_diagnosis
from bot.clinical.index_cache import get_index
from bot.clinical.synonyms import load_synonyms, parse_line
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


def test_category_titles_map_to_their_default_billable_code() -> None:
    assert icd.default_billable("C50") == "C50.919"
    assert icd.default_billable("G35") == "G35.D"
    assert icd.default_billable("C91.0") == "C91.00"
    assert icd.default_billable("S83.20") == "S83.209A"
    assert icd.default_billable("I48.91") == "I48.91"


def test_curated_synonyms_point_at_billable_codes() -> None:
    synonyms = load_synonyms()
    assert len(synonyms) >= 500
    assert [s.code for s in synonyms if not icd.is_billable(s.code)] == []


def test_synonym_line_parsing() -> None:
    parsed = parse_line("ALL\tC91.00\tcs,answer,spec=hematology\n")
    assert parsed is not None
    assert (parsed.term, parsed.code, parsed.case_sensitive, parsed.answer_only, parsed.specialty) == (
        "ALL",
        "C91.00",
        True,
        True,
        "hematology",
    )
    assert parse_line("# comment") is None
    assert parse_line("   ") is None
    with pytest.raises(ValueError):
        parse_line("no tab here")
