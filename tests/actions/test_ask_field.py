"""The form's ask actions store the intake only when asking changes it."""
from __future__ import annotations

import asyncio
from typing import Any, AsyncIterator, Optional

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import services, slots
from actions.ask_field import ASK_ACTIONS
from bot.intake.fields import CONSENT, NARRATIVE
from bot.intake.state import IntakeState


@pytest.fixture
async def action_database(
    migrated_database_url: str, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[None]:
    """The actions' intake store on the migrated test database."""
    monkeypatch.setenv("DATABASE_URL", migrated_database_url)
    monkeypatch.setattr(services, "_store", None)
    monkeypatch.setattr(services, "_lock", asyncio.Lock())
    yield


def _tracker(intake: Optional[dict[str, Any]], stage: Optional[str]) -> Tracker:
    return Tracker(
        sender_id="ask-test",
        slots={slots.INTAKE: intake, slots.STAGE: stage, slots.REQUESTED: NARRATIVE},
        latest_message={},
        events=[],
        paused=False,
        followup_action=None,
        active_loop={"name": slots.FORM},
        latest_action_name=slots.FORM,
    )


async def _ask(key: str, tracker: Tracker) -> tuple[list, list]:
    action = next(cls() for cls in ASK_ACTIONS if cls().name() == f"action_ask_{key}")
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker, {})
    return events, dispatcher.messages


async def test_asking_what_the_state_already_asks_sets_no_slot(action_database: None) -> None:
    state = IntakeState(consent_at="2026-11-20T10:00:00+00:00", asking=NARRATIVE)
    events, messages = await _ask(NARRATIVE, _tracker(state.to_slot(), state.stage))
    assert events == []
    assert len(messages) == 1 and messages[0]["text"]


async def test_asking_something_new_stores_the_state(action_database: None) -> None:
    state = IntakeState(asking=CONSENT)
    events, messages = await _ask(NARRATIVE, _tracker(state.to_slot(), None))
    assert {event["name"] for event in events} == {slots.INTAKE, slots.STAGE}
    stored = next(event["value"] for event in events if event["name"] == slots.INTAKE)
    assert stored["asking"] == NARRATIVE
    assert messages
