"""Curated synonym files."""
from __future__ import annotations

from pathlib import Path

import pytest

from bot.clinical.synonyms import SYNONYM_FILES, load_synonyms, parse_line
from bot.clinical.specialty import SPECIALTIES, specialty_for_code
from bot.clinical.text import content_canons, words


def test_parse_line() -> None:
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


def test_files_are_well_formed() -> None:
    synonyms = load_synonyms()
    assert len(synonyms) >= 700
    assert all(s.term and s.code for s in synonyms)
    assert all(s.specialty in SPECIALTIES for s in synonyms if s.specialty)
    for path in SYNONYM_FILES:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip() and not line.startswith("#"):
                assert line.count("\t") in (1, 2), f"{path.name}:{number}"


def test_missing_files_are_skipped(tmp_path: Path) -> None:
    assert load_synonyms((tmp_path / "absent.tsv",)) == []


def test_curated_terms_never_shadow_a_billable_title() -> None:
    from bot.clinical import icd  # pylint: disable=import-outside-toplevel
    from bot.clinical.text import content_canons  # pylint: disable=import-outside-toplevel

    titles: dict[frozenset[str], str] = {}
    for code in icd.billable_codes():
        titles.setdefault(frozenset(content_canons(icd.description(code))), code)
    shadows = [
        (s.term, s.code)
        for s in load_synonyms()
        if titles.get(frozenset(content_canons(s.term)), s.code) != s.code
    ]
    assert shadows == []


def test_no_curated_term_starts_with_a_function_word() -> None:
    # "Hers disease" (glycogen storage disease VI) read "... is hers, the disease ..." as
    # a diagnosis: a term whose first word is a pronoun or function word matches ordinary
    # sentences. Only the spellings of "a-fib" may start that way.
    starting = {s.term for s in load_synonyms() if (ws := words(s.term)) and ws[0].is_stop and not s.case_sensitive}
    assert starting <= {"a-fib", "a fib"}
    assert words("Hers disease")[0].is_stop  # the check sees the word that caused it


def test_no_curated_term_repeats_a_word() -> None:
    # terms are looked up as bags of words: "bone on bone" would be the bag {"bone"}, and
    # every "bones" in a message would have become osteoarthritis
    repeating = {s.term for s in load_synonyms() if len(c := content_canons(s.term)) != len(set(c))}
    assert repeating == set()
    assert len(set(content_canons("bone on bone"))) == 1  # the check sees the word that caused it


def test_no_term_is_curated_twice() -> None:
    # Two lines for one term leave the index to pick one: "Lambert-Eaton syndrome" had
    # been given G73.1 (its form in neoplastic disease) and later G70.80 (unspecified).
    terms = [s.term.lower() for s in load_synonyms()]
    assert sorted({t for t in terms if terms.count(t) > 1}) == []


def test_a_routing_flag_never_repeats_the_codes_own_routing() -> None:
    redundant = [(s.term, s.specialty) for s in load_synonyms() if s.specialty == specialty_for_code(s.code)]
    assert redundant == []
