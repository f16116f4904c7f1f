"""The Rasa domain, the rules and the actions agree with each other."""
from __future__ import annotations

from pathlib import Path

import pytest
from rasa.shared.core.domain import Domain
from rasa_sdk.executor import ActionExecutor

from actions import slots
from bot.intake.fields import ASK_KEYS

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(str(ROOT / "bot" / "domain"))


@pytest.fixture(scope="module")
def registered() -> set[str]:
    executor = ActionExecutor()
    executor.register_package("actions")
    return set(executor.actions)


def test_no_question_has_an_ask_action_so_the_validation_action_asks_them_all(
    domain: Domain, registered: set[str]
) -> None:
    # Rasa's form would otherwise make a second action server call per turn to ask.
    asks = {f"action_ask_{key}" for key in ASK_KEYS} | {f"utter_ask_{key}" for key in ASK_KEYS}
    asks |= {f"action_ask_{slots.FORM}_{key}" for key in ASK_KEYS} | {f"utter_ask_{slots.FORM}_{key}" for key in ASK_KEYS}
    assert asks & set(domain.action_names_or_texts) == set()
    assert f"validate_{slots.FORM}" in registered


def test_every_custom_action_in_the_domain_is_served(domain: Domain, registered: set[str]) -> None:
    custom = {name for name in domain.user_actions if not name.startswith("utter_")}
    assert custom - registered == set()


def test_slots_named_by_the_actions_exist(domain: Domain) -> None:
    names = {slot.name for slot in domain.slots}
    assert {slots.INTAKE, slots.STAGE, slots.REQUESTED} <= names
    assert slots.FORM in domain.form_names


def test_rules_only_use_known_intents_and_actions(domain: Domain) -> None:
    from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader

    steps = YAMLStoryReader(domain).read_from_file(str(ROOT / "bot" / "dialogue" / "rules.yml"))
    assert steps, "no rules loaded"
    known = set(domain.action_names_or_texts) | {slots.FORM}
    for step in steps:
        for event in step.events:
            name = getattr(event, "action_name", None)
            if name:
                assert name in known, name
            intent = getattr(event, "intent_name", None)
            if intent:
                assert intent in domain.intents, intent
