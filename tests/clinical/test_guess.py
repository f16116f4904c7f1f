"""Last resorts when no term matches: a guess by overlap, a named condition, external causes."""
from __future__ import annotations

from bot.clinical.guess import guess_diagnosis, is_external_cause, named_condition
from bot.clinical.match import DiagnosisMatch


def test_guess_by_overlap_with_a_title() -> None:
    guess = guess_diagnosis("Hello, the clinic said it was lipomatous benign neoplasm, what can be done about it")
    assert guess is not None and guess.code == "D17.9"


def test_no_guess_from_a_procedure_and_a_stage() -> None:
    assert guess_diagnosis("They suggested a stem cell transplant, stage 2.") is None


def test_named_condition_without_a_code() -> None:
    named = named_condition("We were told it is Quorvath-Blenkin syndrome.")
    assert named is not None and (named.text, named.code, named.specialty) == ("Quorvath-Blenkin syndrome", "", "other")


def test_external_causes() -> None:
    fall = DiagnosisMatch("fell", 0, 4, "W19.XXXA", "Unspecified fall", "other", None, False, False, 1.0)
    assert is_external_cause(fall)
    assert not is_external_cause(DiagnosisMatch("gout", 0, 4, "M10.9", "Gout", "rheumatology", True, False, False, 1.0))
