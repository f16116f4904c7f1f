"""The fast tabular reader agrees with the simple-icd-10-cm library on every code."""
from __future__ import annotations

import sys

import pytest

from bot.clinical import tabular


@pytest.fixture(scope="module")
def library():  # noqa: ANN201 - module object
    import simple_icd_10_cm  # pylint: disable=import-outside-toplevel

    return simple_icd_10_cm


def test_reader_does_not_import_the_library() -> None:
    if "simple_icd_10_cm" in sys.modules:
        pytest.skip("library already imported by another test")
    tabular.codes()
    assert "simple_icd_10_cm" not in sys.modules


def test_same_codes_titles_children_and_notes(library) -> None:  # noqa: ANN001
    table = tabular.codes()
    expected = [c for c in library.get_all_codes(True) if library.is_category_or_subcategory(c)]
    assert list(dict.fromkeys(expected)) == list(table)
    for code, record in table.items():
        assert record.title == library.get_description(code), code
        assert record.children == library.get_children(code), code
        assert record.inclusion == library.get_inclusion_term(code), code
        assert record.includes == library.get_includes(code), code
        assert record.excludes == library.get_excludes1(code) + library.get_excludes2(code), code


def test_billable_codes_are_the_leaves(library) -> None:  # noqa: ANN001
    leaves = {code for code, record in tabular.codes().items() if record.is_leaf}
    assert leaves == {c for c in library.get_all_codes(True) if library.is_leaf(c) and library.is_category_or_subcategory(c)}
    assert len(leaves) > 74_000


def test_seventh_character_codes() -> None:
    table = tabular.codes()
    assert table["S83.209A"].title == "Unspecified tear of unspecified meniscus, current injury, unspecified knee, initial encounter"
    assert table["S83.209A"].parent == "S83.209"
    assert "V81.6XXA" in table and table["V81.6XXA"].is_leaf
