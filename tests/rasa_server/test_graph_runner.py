"""The model graph run in a fixed order gives Rasa's results (bot/rasa_server/graph_runner.py)."""
from __future__ import annotations

from typing import Any, Dict, List

import pytest
from rasa.core.agent import Agent
from rasa.engine.exceptions import GraphComponentException, GraphRunError
from rasa.engine.graph import ExecutionContext, GraphComponent, GraphSchema, SchemaNode
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.rasa_server import graph_runner

MESSAGES = ["hi", "I was diagnosed with stage 2 breast cancer in March", "can I speak to a person", "", "yes"]


def _undoable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(DaskGraphRunner, "run", DaskGraphRunner.run)


async def _understood(agent: Agent) -> List[Dict[str, Any]]:
    return [await agent.parse_message(text) for text in MESSAGES]


def _predicted(agent: Agent, parse_data: Dict[str, Any]) -> Any:
    tracker = DialogueStateTracker.from_events(
        "graph-runner", [ActionExecuted("action_listen"), UserUttered(parse_data["text"], parse_data["intent"],
                                                                      parse_data["entities"], parse_data)],
        slots=agent.domain.slots,
    )
    prediction = agent.processor._predict_next_with_tracker(tracker)
    return prediction.max_confidence_index, prediction.probabilities, prediction.policy_name


async def test_the_project_model_understands_and_predicts_as_under_dask(agent: Agent,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    _undoable(monkeypatch)
    stock_parses = await _understood(agent)
    stock_predictions = [_predicted(agent, parse) for parse in stock_parses]

    graph_runner.run_graphs_in_order()
    parses = await _understood(agent)

    assert parses == stock_parses
    assert [_predicted(agent, parse) for parse in parses] == stock_predictions


async def test_the_plan_is_made_once_per_set_of_targets(agent: Agent, monkeypatch: pytest.MonkeyPatch) -> None:
    _undoable(monkeypatch)
    graph_runner.run_graphs_in_order()
    made: list = []
    plan = graph_runner.plan
    monkeypatch.setattr(graph_runner, "plan", lambda schema, targets: made.append(targets) or plan(schema, targets))
    runner = agent.processor.graph_runner
    runner.__dict__.pop(graph_runner._PLANS, None)

    for text in ("hi", "yes", "no"):
        await agent.parse_message(text)

    assert len(made) == 1


# --- a small graph of the project's own, run both ways ------------------------------------


class Add(GraphComponent):
    """Adds its config's ``amount`` to what it is given."""

    def __init__(self, amount: int) -> None:
        self.amount = amount

    @classmethod
    def create(cls, config: Dict[str, Any], model_storage: Any, resource: Any, execution_context: Any) -> "Add":
        return cls(config["amount"])

    def add(self, number: int) -> int:
        if number < 0:
            raise ValueError("negative")
        return number + self.amount

    def total(self, first: int, second: int) -> int:
        return first + second


def _runner(tmp_path: Any) -> DaskGraphRunner:
    def node(fn: str, needs: Dict[str, str], amount: int = 0, target: bool = False) -> SchemaNode:
        return SchemaNode(needs=needs, uses=Add, constructor_name="create", fn=fn, config={"amount": amount},
                          is_target=target)

    schema = GraphSchema({
        "total": node("total", {"first": "plus_one", "second": "plus_ten"}, target=True),
        "plus_ten": node("add", {"number": "plus_one"}, amount=10),
        "plus_one": node("add", {"number": "__number__"}, amount=1),
        "unused": node("add", {"number": "__number__"}, amount=100),
    })
    return DaskGraphRunner(schema, LocalModelStorage(tmp_path), ExecutionContext(schema, "m"))


def _outcome(runner: DaskGraphRunner, number: Any, targets: Any = None) -> Any:
    try:
        return runner.run(inputs={"__number__": number}, targets=targets)
    except Exception as error:  # noqa: BLE001 - compared, not handled
        return type(error), str(error)


@pytest.mark.parametrize("number, targets", [(1, None), (5, ["plus_ten"]), (2, ["total", "unused"]), (-1, None)])
def test_a_small_graph_gives_what_dask_gives(tmp_path: Any, monkeypatch: pytest.MonkeyPatch, number: int,
                                             targets: Any) -> None:
    _undoable(monkeypatch)
    stock = _outcome(_runner(tmp_path), number, targets)
    graph_runner.run_graphs_in_order()

    assert _outcome(_runner(tmp_path), number, targets) == stock


def test_a_failing_node_raises_as_under_dask(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    _undoable(monkeypatch)
    graph_runner.run_graphs_in_order()
    with pytest.raises(GraphComponentException):
        _runner(tmp_path).run(inputs={"__number__": -1})
    with pytest.raises(GraphRunError):  # an input named like a node
        _runner(tmp_path).run(inputs={"__number__": "plus_one", "plus_one": 1})


def test_nodes_come_after_what_they_need(tmp_path: Any) -> None:
    steps = graph_runner.plan(_runner(tmp_path)._graph_schema, ("total",))

    assert [name for name, _ in steps] == ["plus_one", "plus_ten", "total"]
