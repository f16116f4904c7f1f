"""Access to the ICD-10-CM code set."""
from __future__ import annotations

from bot.clinical import icd


def test_billable_codes_and_descriptions() -> None:
    assert icd.is_billable("C50.919") and not icd.is_billable("C50")
    assert icd.description("I48.91") == "Unspecified atrial fibrillation"
    assert icd.description("C50") == "Malignant neoplasm of breast"
    assert icd.description("XYZ") == ""


def test_default_billable() -> None:
    assert icd.default_billable("C50") == "C50.919"
    assert icd.default_billable("G35") == "G35.D"
    assert icd.default_billable("C91.0") == "C91.00"
    assert icd.default_billable("S83.20") == "S83.209A"
    assert icd.default_billable("E11") == "E11.9"
    assert icd.default_billable("I48.91") == "I48.91"


def test_raw_terms_cover_titles_inclusions_and_excludes() -> None:
    sources = {}
    for term in icd.raw_terms():
        sources.setdefault(term.source, term)
        if len(sources) == 4:
            break
    assert set(sources) == {"desc", "parent", "inclusion", "excludes"}
    assert all(icd.is_billable(term.code) for term in sources.values())


def test_nos_is_stripped_from_inclusion_terms() -> None:
    terms = [t.text for t in icd.raw_terms() if t.node == "K50.90" and t.source == "inclusion"]
    assert "Crohn's disease" in terms


def test_code_set_version() -> None:
    assert icd.code_set_version().startswith("simple-icd-10-cm=")


def test_an_injury_inclusion_that_names_only_the_bone_gets_the_injury() -> None:
    # the tabular list has "Knee cap" under S82.0 "Fracture of patella": alone it is a body part
    inclusions = {t.text for t in icd.raw_terms() if t.source == "inclusion" and t.node.startswith("S82.0")}
    assert "Knee cap fracture" in inclusions and "Knee cap" not in inclusions


def test_coding_instructions_are_not_terms() -> None:
    # S04 lists "The selection of side should be based on ..." among its inclusion terms
    assert not [t for t in icd.raw_terms() if " should be " in t.text]
