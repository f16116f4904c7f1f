"""The condition a message is about, from what the clinical NLU component found in it."""
from __future__ import annotations

import pytest

from bot.intake.message import Message, asks_for_a_person
from bot.nlu.clinical_entity_extractor import condition_entities


def _message(text: str) -> Message:
    return Message.from_parse_data({"text": text, "intent": {"name": "inform", "confidence": 0.9},
                                    "entities": condition_entities(text)})


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # The only condition named is a past one: it is still the one the patient writes about.
        ("I have a history of melanoma on my back, removed two years ago. Do I need more scans?", "C43.9"),
        ("I had breast cancer in 2015.", "C50.919"),
        # A current condition beside a past one is the one to review.
        ("I had breast cancer in 2015 and now I have a thyroid nodule.", "E04.1"),
        ("I'm a breast cancer survivor and was just diagnosed with lymphedema.", "I89.0"),
        ("I had prostate cancer treated with surgery in 2019 and now my PSA is rising again.", "C61"),
    ],
)
def test_the_main_condition_is_current_when_one_is_named_and_past_only_when_none_is(text: str, code: str) -> None:
    condition = _message(text).main_condition()
    assert condition is not None
    assert condition.code == code


def test_a_past_condition_really_is_marked_past_by_the_clinical_component() -> None:
    conditions = _message("I had breast cancer in 2015.").conditions
    assert [c.historical for c in conditions] == [True]


def test_a_negated_condition_is_never_the_main_one() -> None:
    message = _message("No sign of cancer in the nodes after my lumpectomy.")
    assert message.conditions and all(c.negated for c in message.conditions)
    assert message.main_condition() is None


def test_a_request_for_a_person_names_one() -> None:
    assert asks_for_a_person("Could a nurse phone me tomorrow?")
    assert asks_for_a_person("Is there anyone I can speak with?")
    assert not asks_for_a_person("Can someone get shingles twice?")
    assert not asks_for_a_person("How do people catch this from a hospital?")
