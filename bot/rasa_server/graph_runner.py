"""Rasa's model graph run node by node in a fixed order, without planning it anew each run.

Rasa runs its model graph twice a turn (the NLU pipeline on the message, the policies on
the tracker) through ``DaskGraphRunner.run``: each run works out the graph's minimal
schema for the targets, builds a dask task graph from it, and lets dask's synchronous
scheduler order it (``dask.order``), queue its tasks and collect their results. The graph
and the targets are the same every turn, and the scheduling cost about a tenth of the
Rasa server's CPU per turn under load.

Here the plan (which nodes the targets need, in an order where every node comes after the
nodes it needs) is made once per set of targets, and each run calls the nodes in that order
and hands each node what dask would have handed it: the ``(name, output)`` of each node or
input it needs, or the bare name where there is none. The result is Rasa's (the targets'
outputs by name) and a failing node raises as it does under dask.
"""
from __future__ import annotations

import functools
from typing import Any, Callable, Dict, List, Optional, Tuple

#: A run's plan: each node to call, in order, with the names of what it needs.
Plan = Tuple[Tuple[str, Tuple[str, ...]], ...]

_PLANS = "_plans_by_targets"


def plan(schema: Any, targets: Tuple[str, ...]) -> Plan:
    """The nodes the targets need, each after the ones it needs.

    Args:
        schema: The runner's ``GraphSchema``.
        targets: The nodes whose outputs the run returns.

    Returns:
        ``(node name, names of its inputs)`` pairs in an order they can be called in.
    """
    minimal = schema.minimal_graph_schema(list(targets)).nodes
    ordered: List[Tuple[str, Tuple[str, ...]]] = []
    placed: set = set()

    def place(name: str) -> None:
        if name in placed or name not in minimal:
            return
        placed.add(name)
        needs = tuple(minimal[name].needs.values())
        for need in needs:
            place(need)
        ordered.append((name, needs))

    for name in minimal:
        place(name)
    return tuple(ordered)


def run_in_order(nodes: Dict[str, Callable[..., Any]], steps: Plan, inputs: Dict[str, Any],
                 targets: Tuple[str, ...]) -> Dict[str, Any]:
    """Calls the nodes in order and returns the targets' outputs by name.

    Args:
        nodes: The runner's instantiated graph nodes by name.
        steps: The plan.
        inputs: The run's inputs by name.
        targets: The nodes whose outputs are returned.
    """
    results: Dict[str, Any] = {name: (name, value) for name, value in inputs.items()}
    for name, needs in steps:
        results[name] = nodes[name](*[results.get(need, need) for need in needs])
    return dict(results[target] for target in targets)


def run_graphs_in_order() -> Callable[..., Dict[str, Any]]:
    """Makes ``DaskGraphRunner.run`` call the nodes in a plan made once per set of targets.

    Returns:
        Rasa's own ``DaskGraphRunner.run``.
    """
    from rasa.engine.exceptions import GraphRunError  # noqa: PLC0415
    from rasa.engine.runner.dask import DaskGraphRunner  # noqa: PLC0415

    stock = DaskGraphRunner.run

    @functools.wraps(stock)
    def run(self: Any, inputs: Optional[Dict[str, Any]] = None, targets: Optional[List[str]] = None) -> Dict[str, Any]:
        run_targets = tuple(targets if targets else self._graph_schema.target_names)
        if any(target not in self._graph_schema.nodes for target in run_targets):
            return stock(self, inputs, targets)  # an input placeholder as a target: as Rasa does
        plans = self.__dict__.setdefault(_PLANS, {})
        steps = plans.get(run_targets)
        if steps is None:
            steps = plans[run_targets] = plan(self._graph_schema, run_targets)
        inputs = inputs or {}
        self._add_inputs_to_graph(inputs, dict.fromkeys(name for name, _ in steps))
        try:
            return run_in_order(self._instantiated_nodes, steps, inputs, run_targets)
        except RuntimeError as error:
            raise GraphRunError("Error running runner.") from error

    DaskGraphRunner.run = run
    return stock
