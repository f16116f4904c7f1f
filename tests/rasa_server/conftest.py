"""Applying the Rasa server changes (bot/rasa_server) so that a test can undo them."""
from __future__ import annotations

import pytest
from rasa.core.agent import Agent
from rasa.core import run
from rasa.core.actions import action
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.nlu.classifiers.diet_classifier import DIETClassifier
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.utils import common
from rasa.utils import endpoints
from rasa.utils.tensorflow.models import RasaModel

from bot import launcher, rasa_server

#: Every (owner, attribute) that ``bot.rasa_server.install`` replaces.
PATCHED = [
    (action.RemoteAction, "_validate_action_result"),
    (common, "all_subclasses"),
    (DialogueStateTracker, "applied_events"),
    (action.RemoteAction, "_action_call_format"),
    (endpoints.EndpointConfig, "request"),
    (run, "close_resources"),
    (RasaModel, "_rasa_predict"),
    (DIETClassifier, "_predict"),
    (DaskGraphRunner, "run"),
]


def install_undoably(monkeypatch: pytest.MonkeyPatch) -> None:
    """Applies the changes so that they are undone after the test."""
    for owner, name in PATCHED:
        monkeypatch.setattr(owner, name, getattr(owner, name))
    rasa_server.install()


@pytest.fixture()
def installed(monkeypatch: pytest.MonkeyPatch) -> None:
    """The changes applied, and undone after the test."""
    install_undoably(monkeypatch)


@pytest.fixture(scope="package")
def agent() -> Agent:
    """The project's trained model, loaded once (trained first if it is not up to date)."""
    return Agent.load(str(launcher.train()))
