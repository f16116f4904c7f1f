"""DIET predicts as in stock Rasa with its graph called directly (bot/rasa_server/diet_inference.py).

The trained model is loaded once (the ``agent`` fixture in conftest.py); each test parses with Rasa's own
``RasaModel._rasa_predict`` and then with the replacement, in the same process.
"""
from __future__ import annotations

from typing import Any, Dict, List, Tuple

import numpy as np
import pytest
from rasa.core.agent import Agent
from rasa.utils.tensorflow.models import RasaModel

from bot.rasa_server import diet_inference

MESSAGES = [
    "hi",
    "yes",
    "my knee has been swelling up every morning since I fell off my bike last spring",
    "I take 20mg of lisinopril twice a day and my blood pressure is 140/90",
    "born 03/04/1961, call me at 555 123 4567",
    "",
    "   ",
    "?!...",
    "can i talk to a real person please",
    # Far longer than any training example: the sequence axis is the signature's None.
    " ".join(["my back hurts and the pain goes down my left leg at night"] * 60),
]


class Calls:
    """Counts calls reaching the ``tf.function`` and the concrete functions' flat call."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, model: RasaModel) -> None:
        self.tf_function = 0
        self.flat = 0
        function_class = type(model._tf_predict_step)
        concrete_class = type(model._tf_predict_step.get_concrete_function())
        function_call = function_class.__call__
        flat_call = concrete_class._call_flat

        def counted_function_call(function: Any, *args: Any, **kwargs: Any) -> Any:
            self.tf_function += 1
            return function_call(function, *args, **kwargs)

        def counted_flat_call(concrete: Any, *args: Any, **kwargs: Any) -> Any:
            self.flat += 1
            return flat_call(concrete, *args, **kwargs)

        monkeypatch.setattr(function_class, "__call__", counted_function_call)
        monkeypatch.setattr(concrete_class, "_call_flat", counted_flat_call)


async def _parse_all(agent: Agent, messages: List[str]) -> List[Dict[str, Any]]:
    return [await agent.parse_message(text) for text in messages]


def _assert_same_ranking(expected: List[Dict[str, Any]], actual: List[Dict[str, Any]]) -> None:
    for before, after in zip(expected, actual, strict=True):
        assert after["text"] == before["text"]
        assert [i["name"] for i in after["intent_ranking"]] == [i["name"] for i in before["intent_ranking"]]
        np.testing.assert_allclose(
            [i["confidence"] for i in after["intent_ranking"]],
            [i["confidence"] for i in before["intent_ranking"]],
            rtol=1e-6,
            atol=1e-7,
        )
        assert after["intent"]["name"] == before["intent"]["name"]


def _recording(monkeypatch: pytest.MonkeyPatch) -> List[Tuple[RasaModel, Any]]:
    """Makes Rasa's own ``_rasa_predict`` record each (model, batch) it is given."""
    seen: List[Tuple[RasaModel, Any]] = []
    rasa_predict = RasaModel._rasa_predict

    def recorded(model: RasaModel, batch_in: Any) -> Any:
        seen.append((model, batch_in))
        return rasa_predict(model, batch_in)

    monkeypatch.setattr(RasaModel, "_rasa_predict", recorded)
    return seen


async def test_predictions_are_rasas_and_skip_the_tf_function(
    agent: Agent, monkeypatch: pytest.MonkeyPatch
) -> None:
    rasa_predict = RasaModel._rasa_predict
    seen = _recording(monkeypatch)
    expected = await _parse_all(agent, MESSAGES)
    assert seen, "DIET did not predict"
    model = seen[0][0]
    monkeypatch.setattr(RasaModel, "_rasa_predict", rasa_predict)

    diet_inference.call_prediction_graph_directly()
    diet_inference.call_prediction_graph_directly()  # applying twice wraps Rasa's method once

    assert RasaModel._rasa_predict is not rasa_predict
    assert RasaModel._rasa_predict._rasa_original is rasa_predict
    calls = Calls(monkeypatch, model)
    tracing = model._tf_predict_step.experimental_get_tracing_count()

    actual = await _parse_all(agent, MESSAGES)

    _assert_same_ranking(expected, actual)
    assert calls.tf_function == 0
    assert calls.flat == len(seen)
    assert model._tf_predict_step.experimental_get_tracing_count() == tracing


async def test_first_prediction_builds_the_tf_function_as_rasa_does(
    agent: Agent, monkeypatch: pytest.MonkeyPatch
) -> None:
    rasa_predict = RasaModel._rasa_predict
    seen = _recording(monkeypatch)
    expected = await _parse_all(agent, MESSAGES[:4])
    model = seen[0][0]
    loaded_signature = model._tf_predict_step.input_signature
    monkeypatch.setattr(RasaModel, "_rasa_predict", rasa_predict)
    monkeypatch.setattr(model, "_tf_predict_step", None)  # as a model that has not predicted yet
    diet_inference.call_prediction_graph_directly()

    actual = await _parse_all(agent, MESSAGES[:4])

    _assert_same_ranking(expected, actual)
    built = model._tf_predict_step
    assert built is not None and built.input_signature == loaded_signature
    assert built.experimental_get_tracing_count() == 1
    calls = Calls(monkeypatch, model)
    await _parse_all(agent, MESSAGES[4:6])
    assert calls.tf_function == 0 and calls.flat > 0


async def test_batches_that_do_not_fit_go_through_rasas_call(
    agent: Agent, monkeypatch: pytest.MonkeyPatch
) -> None:
    rasa_predict = RasaModel._rasa_predict
    seen = _recording(monkeypatch)
    await _parse_all(agent, ["my knee hurts since 2019"])
    model, batch = seen[0]
    monkeypatch.setattr(RasaModel, "_rasa_predict", rasa_predict)
    diet_inference.call_prediction_graph_directly()
    patched = RasaModel._rasa_predict
    calls = Calls(monkeypatch, model)

    as_list = list(batch)  # a list is the same structure to the tf.function
    _assert_same_outputs(rasa_predict(model, batch), patched(model, as_list))
    assert calls.tf_function == 1  # Rasa's own call above, not the patched one

    not_arrays = [*batch[:-1], batch[-1].tolist()]  # converted by the tf.function, not here
    _assert_same_outputs(rasa_predict(model, batch), patched(model, not_arrays))
    assert calls.tf_function == 3

    wrong_width = [
        np.zeros((*array.shape[:-1], array.shape[-1] + 1), array.dtype) if array.ndim > 1 else array
        for array in batch
    ]
    with pytest.raises(ValueError) as rasas:
        rasa_predict(model, wrong_width)
    with pytest.raises(ValueError) as ours:
        patched(model, wrong_width)
    assert str(ours.value) == str(rasas.value)
    assert calls.tf_function == 5


def _assert_same_outputs(expected: Dict[str, Any], actual: Dict[str, Any]) -> None:
    assert actual.keys() == expected.keys()
    for key, value in expected.items():
        if isinstance(value, dict):
            _assert_same_outputs(value, actual[key])
        elif value is None:
            assert actual[key] is None
        else:
            np.testing.assert_allclose(actual[key], value, rtol=1e-6, atol=1e-7)
