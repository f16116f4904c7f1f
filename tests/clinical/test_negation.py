"""The patient-tuned NegEx term set."""
from __future__ import annotations

from negspacy.termsets import termset

from bot.clinical.negation import patient_termset


def test_keys_and_no_duplicates() -> None:
    terms = patient_termset()
    assert set(terms) == {"pseudo_negations", "preceding_negations", "following_negations", "termination"}
    for values in terms.values():
        assert len(values) == len(set(values))


def test_rule_out_is_not_a_negation_but_ruled_out_is() -> None:
    terms = patient_termset()
    assert "rule out" not in terms["preceding_negations"]
    assert "r/o" not in terms["preceding_negations"]
    assert "ruled out" in terms["preceding_negations"]
    assert "has been ruled out" in terms["following_negations"]


def test_bare_auxiliaries_are_replaced_by_explicit_forms() -> None:
    terms = patient_termset()
    for bare in ("don't", "didn't", "never", "without"):
        assert bare not in terms["preceding_negations"]
    for explicit in ("don't have", "never had", "no evidence of"):
        assert explicit in terms["preceding_negations"]


def test_library_term_set_is_not_modified() -> None:
    patient_termset()
    assert "rule out" in termset("en_clinical").get_patterns()["preceding_negations"]
