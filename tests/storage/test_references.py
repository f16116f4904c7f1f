"""Case references are short, unambiguous and random."""
from __future__ import annotations

from bot.storage.references import REFERENCE_ALPHABET, is_reference, new_reference


def test_alphabet_has_no_ambiguous_characters() -> None:
    assert len(set(REFERENCE_ALPHABET)) == len(REFERENCE_ALPHABET) == 32
    assert not set("01OI") & set(REFERENCE_ALPHABET)


def test_new_references_are_well_formed_and_distinct() -> None:
    references = [new_reference() for _ in range(1000)]
    assert all(is_reference(reference) for reference in references)
    assert all(len(reference) == 9 and reference.startswith("SO-") for reference in references)
    assert len(set(references)) == 1000


def test_is_reference_rejects_ambiguous_characters() -> None:
    assert is_reference("SO-7K4Q2M")
    assert not is_reference("SO-7K4Q2O")
    assert not is_reference("SO-7K4Q21")
    assert not is_reference("SO-7K4Q2")
