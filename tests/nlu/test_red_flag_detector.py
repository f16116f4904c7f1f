"""RedFlagDetector Rasa component: real detector on real rasa Messages, no mocks."""
from __future__ import annotations

from pathlib import Path

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.red_flag_detector import RedFlagDetector


@pytest.fixture(scope="module")
def component(tmp_path_factory: pytest.TempPathFactory) -> RedFlagDetector:
    storage = LocalModelStorage(Path(tmp_path_factory.mktemp("models")))
    return RedFlagDetector.create(
        RedFlagDetector.get_default_config(), storage, Resource("red_flag_detector"), ExecutionContext(GraphSchema({}))
    )


def _classified(text: str, intent: str = "inform", confidence: float = 0.91) -> Message:
    message = Message.build(text=text)
    message.set(INTENT, {"name": intent, "confidence": confidence}, add_to_output=True)
    message.set(
        INTENT_RANKING_KEY,
        [{"name": intent, "confidence": confidence}, {"name": "greet", "confidence": 1 - confidence}],
        add_to_output=True,
    )
    message.set(ENTITIES, [{"entity": "condition", "value": "I21.9", "start": 0, "end": 1, "extractor": "X"}], add_to_output=True)
    return message


def test_emergency_overrides_the_classified_intent(component: RedFlagDetector) -> None:
    text = "my birthday is 3/4/61 and btw my chest is really tight right now"
    [message] = component.process([_classified(text)])
    assert message.get(INTENT) == {"name": "emergency", "confidence": 1.0}
    ranking = message.get(INTENT_RANKING_KEY)
    assert ranking[0] == {"name": "emergency", "confidence": 1.0}
    assert [r["name"] for r in ranking[1:]] == ["inform", "greet"]
    red = [e for e in message.get(ENTITIES) if e["entity"] == "red_flag"]
    assert red == [{
        "entity": "red_flag", "value": "cardiac", "start": red[0]["start"], "end": red[0]["end"],
        "extractor": "RedFlagDetector", "confidence_entity": 1.0,
    }]
    assert "chest" in text[red[0]["start"] : red[0]["end"]]
    assert any(e["entity"] == "condition" for e in message.get(ENTITIES))  # other entities kept


def test_mental_health_crisis_is_an_emergency_too(component: RedFlagDetector) -> None:
    [message] = component.process([_classified("I don't want to live anymore")])
    assert message.get(INTENT)["name"] == "emergency"
    assert [e["value"] for e in message.get(ENTITIES) if e["entity"] == "red_flag"] == ["suicide"]


def test_ordinary_and_negated_messages_are_left_alone(component: RedFlagDetector) -> None:
    messages = [_classified("no chest pain"), _classified("I had a heart attack in 2019", intent="inform_history")]
    component.process(messages)
    assert messages[0].get(INTENT) == {"name": "inform", "confidence": 0.91}
    assert messages[1].get(INTENT)["name"] == "inform_history"
    assert all(e["entity"] != "red_flag" for m in messages for e in m.get(ENTITIES))


def test_message_without_classification_gets_emergency(component: RedFlagDetector) -> None:
    message = Message.build(text="I can't breathe")
    component.process([message])
    assert message.get(INTENT)["name"] == "emergency"
    assert message.get(INTENT_RANKING_KEY) == [{"name": "emergency", "confidence": 1.0}]


def test_button_payloads_and_empty_text_are_skipped(component: RedFlagDetector) -> None:
    messages = [Message.build(text="/affirm"), Message(data={TEXT: ""})]
    component.process(messages)
    assert messages[0].get(INTENT) is None


def test_output_properties_reach_the_parse_result(component: RedFlagDetector) -> None:
    [message] = component.process([_classified("my son is having a seizure")])
    output = message.as_dict_nlu() if hasattr(message, "as_dict_nlu") else message.as_dict(only_output_properties=True)
    assert output[INTENT]["name"] == "emergency"
    assert output[ENTITIES][-1]["value"] == "seizure"


def test_component_runs_in_a_trained_rasa_pipeline(tmp_path: Path) -> None:
    """Graph validation, training and parsing with the component after a classifier."""
    import asyncio

    from rasa.core.agent import Agent
    from rasa.model_training import train_nlu

    (tmp_path / "config.yml").write_text(
        "recipe: default.v1\nlanguage: en\nassistant_id: red-flag-test\npipeline:\n"
        "  - name: WhitespaceTokenizer\n  - name: KeywordIntentClassifier\n"
        "  - name: bot.nlu.red_flag_detector.RedFlagDetector\npolicies: []\n"
    )
    (tmp_path / "nlu.yml").write_text(
        'version: "3.1"\nnlu:\n- intent: greet\n  examples: |\n    - hello\n    - hi there\n'
        "- intent: inform\n  examples: |\n    - my birthday is 3/4/61\n    - my insurance is aetna\n"
    )
    (tmp_path / "domain.yml").write_text('version: "3.1"\nintents: [greet, inform, emergency]\n')
    model = train_nlu(
        str(tmp_path / "config.yml"), str(tmp_path / "nlu.yml"), output=str(tmp_path / "models"),
        domain=str(tmp_path / "domain.yml"),
    )
    agent = Agent.load(model)
    emergency = asyncio.run(agent.parse_message("my insurance is aetna and I can't breathe right now"))
    ordinary = asyncio.run(agent.parse_message("my insurance is aetna"))
    assert emergency["intent"] == {"name": "emergency", "confidence": 1.0}
    assert [e["value"] for e in emergency["entities"] if e["entity"] == "red_flag"] == ["breathing"]
    assert ordinary["intent"]["name"] == "inform"
