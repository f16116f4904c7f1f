"""Surface variants of ICD-10-CM titles."""
from __future__ import annotations

import pytest

from bot.clinical.variants import (
    Level,
    abbreviations,
    alternatives,
    bracket_eponym,
    bracket_synonyms,
    eponym,
    variants,
)


def _bags(term: str) -> dict[frozenset[str], Level]:
    return {v.bag: v.level for v in variants(term)}


def test_printed_title_is_a_full_variant() -> None:
    bags = _bags("Calculus of kidney")
    assert bags[frozenset({"calculus", "kidney"})] == Level.FULL
    assert bags[frozenset({"stone", "kidney"})] == Level.LAY


def test_parenthesised_words_are_optional() -> None:
    bags = _bags("Essential (primary) hypertension")
    assert bags[frozenset({"essential", "primary", "hypertension"})] == Level.FULL
    assert bags[frozenset({"essential", "hypertension"})] == Level.OPTIONAL
    assert frozenset({"high", "blood", "pressure"}) in bags


def test_boilerplate_is_reduced() -> None:
    bags = _bags("Crohn's disease, unspecified, without complications")
    assert bags[frozenset({"crohn", "disease"})] == Level.REDUCED
    bags = _bags("Unspecified fracture of shaft of right femur, initial encounter for closed fracture")
    assert frozenset({"fracture", "shaft", "right", "femur"}) in bags


def test_unspecified_site_and_except_clause_are_dropped() -> None:
    bags = _bags("Malignant neoplasm of left kidney, except renal pelvis")
    assert frozenset({"cancer", "left", "kidney"}) in bags
    bags = _bags("Acute serous otitis media, unspecified ear")
    assert frozenset({"acute", "serous", "otitis", "media"}) in bags


def test_exact_only_skips_reductions() -> None:
    levels = {v.level for v in variants("Crohn's disease, unspecified, without complications", exact_only=True)}
    assert levels == {Level.FULL}


def test_bracketed_abbreviations() -> None:
    assert abbreviations("Acute lymphoblastic leukemia [ALL]") == ["ALL"]
    assert abbreviations("Systemic lupus erythematosus (SLE)") == ["SLE"]
    assert abbreviations("Essential (primary) hypertension") == []


def test_eponym_of_disease_titles() -> None:
    assert eponym("Marfan syndrome, unspecified") == "Marfan"
    assert eponym("Crohn's disease, unspecified, without complications") == "Crohn"
    assert eponym("Malignant neoplasm of prostate") == ""
    assert eponym("Sturge-Weber (-Dimitri) syndrome") == "Sturge-Weber"


def test_sex_of_breast_is_dropped_in_reduced_variants() -> None:
    bags = _bags("Malignant neoplasm of unspecified site of left female breast")
    assert frozenset({"cancer", "left", "breast"}) in bags


def test_a_title_of_two_conditions_of_one_site_is_each_of_them_alone() -> None:
    bags = {v.bag for v in variants("Occlusion and stenosis of unspecified carotid artery")}
    assert frozenset({"occlusion", "carotid", "artery"}) in bags
    assert frozenset({"stenosis", "carotid", "artery"}) in bags
    # "and" inside a title joins what it names, not two readings
    assert frozenset({"hypertensive", "heart"}) not in {
        v.bag for v in variants("Hypertensive heart and chronic kidney disease with heart failure")
    }


def test_two_named_alternatives_are_each_a_reading() -> None:
    assert alternatives("Duchenne or Becker muscular dystrophy") == [
        "Duchenne muscular dystrophy",
        "Becker muscular dystrophy",
    ]


@pytest.mark.parametrize(
    "term",
    ["Escherichia coli with or without confirmation", "two or more contiguous sites", "Pain in right or left knee"],
)
def test_phrases_that_are_not_a_choice_of_names(term: str) -> None:
    assert alternatives(term) == []


def test_each_alternative_is_looked_up() -> None:
    bags = {v.bag for v in variants("Duchenne or Becker muscular dystrophy")}
    assert frozenset({"becker", "muscular", "dystrophy"}) in bags


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("Varicella [chickenpox]", ["chickenpox"]),
        ("Rubella [German measles]", ["German measles"]),
        ("Anogenital herpesviral [herpes simplex] infections", []),
        ("Syphilis [stage unspecified] of bursa", []),
        ("Acute lymphoblastic leukemia [ALL]", []),
    ],
)
def test_a_short_term_s_bracketed_synonym(term: str, expected: list[str]) -> None:
    assert bracket_synonyms(term) == expected


def test_the_synonym_is_looked_up() -> None:
    assert frozenset({"chickenpox"}) in {v.bag for v in variants("Varicella [chickenpox]")}


def test_a_status_sign_abbreviation_is_not_an_abbreviation() -> None:
    assert abbreviations("Estrogen receptor negative status [ER-]") == []


@pytest.mark.parametrize("term", ["Eosinophilic cellulitis [Wells]", "Congenital peritoneal adhesions [bands]"])
def test_names_and_longer_terms_give_no_bracket_synonym(term: str) -> None:
    assert bracket_synonyms(term) == []


@pytest.mark.parametrize(
    ("term", "name"),
    [
        ("Mucocutaneous lymph node syndrome [Kawasaki]", "Kawasaki"),
        ("Acrocephalosyndactyly [Apert]", "Apert"),
        ("Varicella [chickenpox]", ""),
        ("Acute lymphoblastic leukemia [ALL]", ""),
    ],
)
def test_a_bracketed_eponym_at_the_end(term: str, name: str) -> None:
    assert bracket_eponym(term) == name
