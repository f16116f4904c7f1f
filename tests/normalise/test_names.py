"""Tests for bot.normalise.names: person names typed into a chat."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.normalise.names import PersonName, parse_person_name


@pytest.mark.parametrize(
    ("text", "full", "given_name", "family"),
    [
        ("John Smith", "John Smith", "John", "Smith"),
        ("My name is John Smith", "John Smith", "John", "Smith"),
        ("my name's jane doe", "Jane Doe", "Jane", "Doe"),
        ("I'm John Smith", "John Smith", "John", "Smith"),
        ("im john smith", "John Smith", "John", "Smith"),
        ("it's Mary", "Mary", "Mary", None),
        ("this is Pat Lee", "Pat Lee", "Pat", "Lee"),
        ("name: Jane Doe", "Jane Doe", "Jane", "Doe"),
        ("Hi, I'm John Smith, thanks", "John Smith", "John", "Smith"),
        ("her name is Rose Tyler", "Rose Tyler", "Rose", "Tyler"),
        ("The patient's name is Ann Lee", "Ann Lee", "Ann", "Lee"),
        ("Smith, John", "John Smith", "John", "Smith"),
        ("O'Brien, Patrick", "Patrick O'Brien", "Patrick", "O'Brien"),
        ("Smith, John Jr.", "John Smith Jr.", "John", "Smith"),
        ("mary o'neil", "Mary O'Neil", "Mary", "O'Neil"),
        ("ronald mcdonald", "Ronald McDonald", "Ronald", "McDonald"),
        ("fiona macleod", "Fiona MacLeod", "Fiona", "MacLeod"),
        ("JOHN SMITH", "John Smith", "John", "Smith"),
        ("d'angelo russell", "D'Angelo Russell", "D'Angelo", "Russell"),
        ("ludwig van beethoven", "Ludwig van Beethoven", "Ludwig", "van Beethoven"),
        ("Juan de la Cruz", "Juan de la Cruz", "Juan", "de la Cruz"),
        ("john smith jr", "John Smith Jr.", "John", "Smith"),
        ("Martin Luther King Jr", "Martin Luther King Jr.", "Martin Luther", "King"),
        ("Mary-Jane Watson-Parker", "Mary-Jane Watson-Parker", "Mary-Jane", "Watson-Parker"),
        ("mary-jane watson-parker", "Mary-Jane Watson-Parker", "Mary-Jane", "Watson-Parker"),
        ("José Núñez", "José Núñez", "José", "Núñez"),
        ("DeShawn Jackson", "DeShawn Jackson", "DeShawn", "Jackson"),
        ("Dr. Ann Lee", "Ann Lee", "Ann", "Lee"),
        ("Mrs Lee", "Lee", None, "Lee"),
        ("J. R. R. Tolkien", "J. R. R. Tolkien", "J. R. R.", "Tolkien"),
        ("Will Smith", "Will Smith", "Will", "Smith"),
        ("Mary Ann Smith", "Mary Ann Smith", "Mary Ann", "Smith"),
        ('"Jane Doe"', "Jane Doe", "Jane", "Doe"),
        ("john smith.", "John Smith", "John", "Smith"),
        ("  Cher  ", "Cher", "Cher", None),
    ],
)
def test_parse_person_name(text: str, full: str, given_name: str | None, family: str | None) -> None:
    assert parse_person_name(text) == PersonName(full, given_name, family)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "I don't know",
        "idk",
        "skip",
        "n/a",
        "none",
        "prefer not to say",
        "no",
        "John123",
        "3/4/61",
        "john@example.com",
        "I have cancer",
        "my mother",
        "The patient is my mother",
        "a b c d e f g",
        "Why do you need it?",
        "x",
        "J. R.",
        "what is this",
        "Henry the eighth",
        "she was diagnosed last year",
    ],
)
def test_parse_person_name_rejects_non_names(text: str) -> None:
    assert parse_person_name(text) is None


_NAME_WORD = st.sampled_from(["anna", "li", "okafor", "brown", "garcia", "nguyen", "patel", "kowalski"])


@given(st.lists(_NAME_WORD, min_size=2, max_size=4))
def test_lowercase_names_come_back_capitalised(words: list[str]) -> None:
    parsed = parse_person_name(" ".join(words))
    assert parsed is not None
    assert parsed.text == " ".join(w.capitalize() for w in words)
    assert parsed.family == words[-1].capitalize()
    assert f"{parsed.given} {parsed.family}" == parsed.text


@given(_NAME_WORD, _NAME_WORD)
def test_comma_form_equals_natural_order(first: str, last: str) -> None:
    assert parse_person_name(f"{last}, {first}") == parse_person_name(f"{first} {last}")


@pytest.mark.parametrize("text", ["that's wrong", "wrong", "that's not correct", "typo"])
def test_a_complaint_about_an_answer_is_not_a_name(text: str) -> None:
    assert parse_person_name(text) is None
