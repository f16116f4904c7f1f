"""Condition entities of a message, as the NLU component gives them to the dialogue."""
from __future__ import annotations

import pytest

from bot.nlu.clinical_entity_extractor import condition_entities


def _main(text: str) -> dict:
    mains = [e["value"] for e in condition_entities(text) if e["value"]["main"]]
    assert len(mains) == 1, condition_entities(text)
    return mains[0]


def test_a_mention_in_running_text_is_the_main_one() -> None:
    assert _main("I was diagnosed with breast cancer last month and want another view.")["code"] == "C50.919"


def test_a_short_answer_is_normalised_as_a_whole() -> None:
    assert _main("a-fib")["code"] == "I48.91"


def test_a_long_message_without_a_term_gets_a_best_effort_guess() -> None:
    value = _main("Hello, the clinic said it was a herpes simplex virus infection, what can be done about it these days")
    assert value["code"].startswith("B00")


@pytest.mark.parametrize(
    "text",
    [
        "I would like a second opinion on my back, please, as soon as you can manage it.",
        "They suggested a stem cell transplant and radical surgery after the chemo next month.",
        "My appointment is on 10/19/2026 and the doctor says it is stage 2, what should I ask?",
    ],
)
def test_no_guess_from_sites_stages_or_procedures(text: str) -> None:
    assert condition_entities(text) == []


def test_external_causes_are_not_conditions() -> None:
    values = [e["value"]["code"] for e in condition_entities("I fell off a ladder and now I have a broken hip.")]
    assert values and not any(code.startswith(("V", "W", "X", "Y")) for code in values)


def test_a_condition_named_outside_the_code_set_has_no_code() -> None:
    value = _main("Hello, our son was diagnosed with Quorvath-Blenkin syndrome last spring, what should we expect now?")
    assert value["text"] == "Quorvath-Blenkin syndrome"
    assert (value["code"], value["specialty"]) == ("", "other")


def test_serving_loads_the_clinical_pipeline_before_the_first_message(monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.clinical import pipeline
    from bot.nlu.clinical_entity_extractor import ClinicalEntityExtractor

    monkeypatch.setattr(pipeline, "_NLP", None)
    ClinicalEntityExtractor.create({}, None, None, None)  # training: not needed
    assert pipeline._NLP is None
    ClinicalEntityExtractor.load({}, None, None, None)
    assert pipeline._NLP is not None


def test_a_relatives_condition_and_a_risk_are_given_as_negated_with_no_main_one() -> None:
    entities = condition_entities("My grandmother passed away from a stroke. What is my risk of a stroke now?")
    assert [e["value"]["text"] for e in entities] == ["stroke", "stroke"]
    assert all(e["value"]["negated"] and not e["value"]["main"] for e in entities)
