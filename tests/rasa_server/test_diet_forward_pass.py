"""DIET's intent scores from NumPy are Rasa's own (bot/rasa_server/diet_forward_pass.py).

The trained model is loaded once (the ``agent`` fixture in conftest.py). Each message is
parsed with Rasa's own ``DIETClassifier._predict``, which runs DIET in TensorFlow, and the
NumPy forward pass is then given the same featurized message.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import numpy as np
import pytest
import scipy.sparse
from rasa.core.agent import Agent
from rasa.nlu.classifiers.diet_classifier import DIETClassifier
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.loading import load_data
from rasa.shared.nlu.training_data.message import Message
from rasa.utils.tensorflow.constants import ENTITY_RECOGNITION, SENTENCE
from rasa.utils.tensorflow.models import RasaModel

from bot.rasa_server import diet_forward_pass
from bot.rasa_server.diet_forward_pass import IntentForwardPass, NotFeedForward

ROOT = Path(__file__).resolve().parents[2]

EDGE_CASES = [
    "",
    "   ",
    "?!...",
    "zzzxqv qqqwy",  # no word the featurizers know
    "MY KNEE HURTS",
    " ".join(["my back hurts and the pain goes down my left leg at night"] * 60),
]

Recorded = List[Tuple[DIETClassifier, Message, Optional[Dict[str, Any]]]]


@pytest.fixture(autouse=True)
def _rasas_predict_restored(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rasa's own ``_predict`` is put back after each test, whatever the test installed."""
    monkeypatch.setattr(DIETClassifier, "_predict", DIETClassifier._predict)


def _record_rasas_predictions(monkeypatch: pytest.MonkeyPatch) -> Recorded:
    """Makes Rasa's own ``_predict`` record each classifier, message and result."""
    seen: Recorded = []
    rasa_predict = DIETClassifier._predict

    def recorded(classifier: DIETClassifier, message: Message) -> Optional[Dict[str, Any]]:
        out = rasa_predict(classifier, message)
        seen.append((classifier, message, out))
        return out

    monkeypatch.setattr(DIETClassifier, "_predict", recorded)
    return seen


async def _rasas_predictions(agent: Agent, monkeypatch: pytest.MonkeyPatch, texts: List[str]) -> Recorded:
    rasa_predict = DIETClassifier._predict
    seen = _record_rasas_predictions(monkeypatch)
    for text in texts:
        await agent.parse_message(text)
    monkeypatch.setattr(DIETClassifier, "_predict", rasa_predict)
    assert len(seen) == len(texts), "DIET did not predict every message"
    return seen


@pytest.fixture(scope="module")
def training_texts() -> List[str]:
    data = load_data(str(ROOT / "nlu_data"))
    return sorted({example.get(TEXT) for example in data.intent_examples})


async def test_scores_match_tensorflow_on_every_training_example(
    agent: Agent, monkeypatch: pytest.MonkeyPatch, training_texts: List[str]
) -> None:
    assert len(training_texts) > 500
    seen = await _rasas_predictions(agent, monkeypatch, training_texts + EDGE_CASES)

    computed = 0
    for classifier, message, out in seen:
        scores = diet_forward_pass.forward_pass(classifier).scores(message)
        if out is None:
            assert scores is None, message.get(TEXT)
            continue
        computed += 1
        assert scores.shape == out["i_scores"].shape and scores.dtype == np.float32
        np.testing.assert_allclose(scores, out["i_scores"], atol=2e-6, err_msg=message.get(TEXT))
        assert scores.argmax() == out["i_scores"].argmax(), message.get(TEXT)
    assert computed >= len(training_texts)


async def test_parsing_uses_no_tensorflow_and_gives_rasas_intents(
    agent: Agent, monkeypatch: pytest.MonkeyPatch, training_texts: List[str]
) -> None:
    texts = training_texts[::25] + EDGE_CASES
    expected = [await agent.parse_message(text) for text in texts]
    rasa_predict = DIETClassifier._predict

    diet_forward_pass.predict_intents_with_numpy()
    diet_forward_pass.predict_intents_with_numpy()  # applying twice wraps Rasa's method once
    assert DIETClassifier._predict._rasa_original is rasa_predict
    tensorflow_calls = []
    tf_predict = RasaModel._rasa_predict
    monkeypatch.setattr(RasaModel, "_rasa_predict", lambda *a: tensorflow_calls.append(1) or tf_predict(*a))

    actual = [await agent.parse_message(text) for text in texts]

    assert not tensorflow_calls
    for before, after in zip(expected, actual, strict=True):
        assert after["intent"]["name"] == before["intent"]["name"], before["text"]
        confidences = {i["name"]: i["confidence"] for i in after["intent_ranking"]}
        for intent in before["intent_ranking"]:
            if intent["confidence"] > 1e-4:  # near-ties far down the ranking may swap
                assert confidences[intent["name"]] == pytest.approx(intent["confidence"], abs=2e-6)


async def test_diagnostic_runs_and_unusual_features_go_through_rasa(
    agent: Agent, monkeypatch: pytest.MonkeyPatch
) -> None:
    [(classifier, message, out)] = await _rasas_predictions(agent, monkeypatch, ["my knee hurts since 2019"])
    rasa_calls: List[Message] = []
    monkeypatch.setattr(
        DIETClassifier, "_predict", lambda self, m: rasa_calls.append(m) or {"i_scores": "rasa's"}
    )
    diet_forward_pass.predict_intents_with_numpy()
    patched = DIETClassifier._predict

    assert isinstance(patched(classifier, message)["i_scores"], np.ndarray)
    assert not rasa_calls

    monkeypatch.setattr(classifier._execution_context, "should_add_diagnostic_data", True)
    assert patched(classifier, message)["i_scores"] == "rasa's"
    monkeypatch.setattr(classifier._execution_context, "should_add_diagnostic_data", False)

    width = sum(f.features.shape[1] for f in message.features if f.type == SENTENCE and f.attribute == TEXT)
    unusual = {
        "dense": Features(np.ones((1, 3)), SENTENCE, TEXT, "a dense featurizer"),
        "wider": Features(scipy.sparse.coo_matrix(np.ones((1, 2))), SENTENCE, TEXT, "one more featurizer"),
    }
    for name, extra in unusual.items():
        other = Message(data=dict(message.data), features=[*message.features, extra])
        assert patched(classifier, other)["i_scores"] == "rasa's", name
    no_sentence = Message(data=dict(message.data), features=[f for f in message.features if f.type != SENTENCE])
    assert patched(classifier, no_sentence)["i_scores"] == "rasa's"
    assert len(rasa_calls) == 4
    assert width == diet_forward_pass.forward_pass(classifier)._to_dense[0].shape[0]


async def test_models_it_does_not_describe_are_refused(agent: Agent, monkeypatch: pytest.MonkeyPatch) -> None:
    [(classifier, _, _)] = await _rasas_predictions(agent, monkeypatch, ["hello"])
    IntentForwardPass(classifier)  # the project's model is described

    sequence_layer = classifier.model._tf_layers["sequence_layer.text"]
    with monkeypatch.context() as patch:
        patch.setattr(sequence_layer, "_has_transformer", True)
        with pytest.raises(NotFeedForward, match="transformer"):
            IntentForwardPass(classifier)
    with monkeypatch.context() as patch:
        patch.setitem(classifier.component_config, ENTITY_RECOGNITION, True)
        with pytest.raises(NotFeedForward, match="intent classification alone"):
            IntentForwardPass(classifier)
    with monkeypatch.context() as patch:
        patch.setattr(classifier.model._tf_layers["embed.text"]._dense, "activation", np.tanh)
        with pytest.raises(NotFeedForward, match="not linear"):
            IntentForwardPass(classifier)
