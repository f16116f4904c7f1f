"""Patient-facing wording that depends on configuration (bot/intake/prompts.py)."""
from __future__ import annotations

from bot.intake import prompts


def test_patients_handed_to_a_navigator_are_told_the_configured_hours() -> None:
    text = prompts.navigator_follow_up({"NAVIGATOR_HOURS": "weekdays, 9 am to 5 pm Pacific"})

    assert "weekdays, 9 am to 5 pm Pacific" in text
    assert prompts.DEFAULT_NAVIGATOR_HOURS not in text
    assert "saved" in text  # and that nothing they said is lost


def test_without_configuration_the_default_hours_are_given() -> None:
    for environ in ({}, {"NAVIGATOR_HOURS": "   "}):
        assert prompts.DEFAULT_NAVIGATOR_HOURS in prompts.navigator_follow_up(environ)


def test_an_injury_told_as_a_verb_is_acknowledged_as_a_noun_phrase() -> None:
    assert prompts.noted_diagnosis("broke my wrist") == "Thank you. I've noted your broken wrist."
    assert prompts.noted_diagnosis("tore my ACL") == "Thank you. I've noted your torn ACL."
    assert prompts.noted_diagnosis("fractured her hip") == "Thank you. I've noted her fractured hip."
    assert prompts.noted_diagnosis("broke two ribs") == "Thank you. I've noted two broken ribs."
    assert prompts.noted_diagnosis("injured a knee") == "Thank you. I've noted an injured knee."
    assert prompts.noted_diagnosis("broke ribs") == "Thank you. I've noted broken ribs."


def test_a_diagnosis_named_as_a_noun_is_acknowledged_as_written() -> None:
    for text in ("fractured hip", "a-fib", "torn meniscus", "Hodgkin lymphoma", "hurt"):
        assert prompts.noted_diagnosis(text) == f"Thank you. I've noted {text}."


def test_a_countable_condition_gets_an_article_and_the_listeners_pronoun() -> None:
    assert prompts.noted_diagnosis("cyst on the right ovary") == "Thank you. I've noted a cyst on the right ovary."
    assert prompts.noted_diagnosis("lump in my breast") == "Thank you. I've noted a lump in your breast."
    assert prompts.noted_diagnosis("aneurysm") == "Thank you. I've noted an aneurysm."
    assert prompts.noted_diagnosis("cysts on both kidneys") == "Thank you. I've noted cysts on both kidneys."
    assert prompts.noted_diagnosis("pain in my left knee") == "Thank you. I've noted pain in your left knee."
