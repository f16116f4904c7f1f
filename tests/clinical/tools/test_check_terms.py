"""Checking condition names before they become curated terms (bot/clinical/tools/check_terms.py)."""
from __future__ import annotations

from pathlib import Path

import pytest

from bot.clinical.tools import check_terms


def test_a_name_already_read_right_needs_no_term() -> None:
    verdict = check_terms.check("breast cancer", "C50.9")
    assert verdict.billable == "C50.919" and verdict.title
    assert verdict.as_answer == "C50.919" and verdict.in_sentence == "C50.919"
    assert not verdict.needs_term


def test_a_name_read_as_another_category_needs_a_term() -> None:
    # A made-up name is read as nothing (or as something else), so it would need a term.
    verdict = check_terms.check("Quorvath-Blenkin fever", "Q87.89")
    assert verdict.billable == "Q87.89"
    assert verdict.title == "Other specified congenital malformation syndromes, not elsewhere classified"
    assert verdict.needs_term


def test_a_code_that_does_not_exist_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    names = tmp_path / "names.tsv"
    names.write_text("# checked names\nbreast cancer\tC50.9\n\nQuorvath-Blenkin fever\tQ99.99\n", encoding="utf-8")
    assert check_terms.main([str(names)]) == 1
    out = capsys.readouterr().out
    assert "NO SUCH CODE\tQuorvath-Blenkin fever\tQ99.99" in out
    assert "2 names: 0 need a term, 1 with a code that does not exist" in out


def test_lines_without_a_code_are_refused() -> None:
    with pytest.raises(ValueError, match="line 2"):
        check_terms.read_names(["breast cancer\tC50.9", "lupus"])
