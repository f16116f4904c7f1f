"""``python -m bot.rasa_server run ...``: Rasa's command line with constant per-turn work removed.

The project starts its Rasa server through this package (see ``bot.processes.rasa_server``).
Each module changes one thing in Rasa and keeps its behaviour; profiling the server under
load showed each as a large share of its CPU time per turn:

* :mod:`bot.rasa_server.action_responses`: action server responses are validated with a
  validator built once, each event against its own type's schema.
* :mod:`bot.rasa_server.event_classes`: deserialising an event no longer walks the
  whole event class tree.
* :mod:`bot.rasa_server.action_calls`: the tracker sent to the action server leaves out
  slot values set again later, and requests reuse their connections.
* :mod:`bot.rasa_server.graph_runner`: the model graph is run in an order planned once,
  not scheduled anew by dask at every run.
* :mod:`bot.rasa_server.diet_forward_pass`: a DIET without a transformer gets its intent
  scores from NumPy, reading the message's features in place.
* :mod:`bot.rasa_server.diet_inference`: where DIET still runs in TensorFlow, its
  prediction graph is called directly, without TensorFlow's per-call dispatch.
* :mod:`bot.rasa_server.applied_events`: a tracker's applied events are carried forward
  from its last call instead of recomputed from the conversation's first event.
"""
from __future__ import annotations

from bot.rasa_server.action_calls import reuse_action_server_connections, send_trimmed_trackers
from bot.rasa_server.action_responses import build_action_response_validator_once
from bot.rasa_server.applied_events import carry_applied_events_forward
from bot.rasa_server.diet_forward_pass import predict_intents_with_numpy
from bot.rasa_server.diet_inference import call_prediction_graph_directly
from bot.rasa_server.event_classes import list_event_classes_once
from bot.rasa_server.graph_runner import run_graphs_in_order


def install() -> None:
    """Applies every change to the Rasa modules of this process."""
    build_action_response_validator_once()
    list_event_classes_once()
    carry_applied_events_forward()
    send_trimmed_trackers()
    reuse_action_server_connections()
    call_prediction_graph_directly()
    predict_intents_with_numpy()
    run_graphs_in_order()
