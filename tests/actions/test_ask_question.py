"""The form's validation action asks the next question itself and stores what it asked."""
from __future__ import annotations

import asyncio
from typing import Any, AsyncIterator, Optional

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import services, slots
from actions.validate_intake_form import ValidateIntakeForm
from bot.intake import prompts
from bot.intake.fields import CONSENT, NARRATIVE, asking_path
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


def _resumed_form(sender_id: str, intake: Optional[dict[str, Any]], events: Optional[list] = None) -> Tracker:
    """A conversation whose form runs again without a new message (e.g. after a digression)."""
    return Tracker(
        sender_id=sender_id,
        slots={slots.INTAKE: intake, slots.STAGE: None, slots.REQUESTED: None},
        latest_message={},
        events=events or [],
        paused=False,
        followup_action=None,
        active_loop={"name": slots.FORM},
        latest_action_name=slots.FORM,
    )


async def _validate(tracker: Tracker) -> tuple[list, list]:
    dispatcher = CollectingDispatcher()
    events = await ValidateIntakeForm().run(dispatcher, tracker, {})
    return events, dispatcher.messages


def _slot(events: list, name: str) -> Any:
    return next(event["value"] for event in events if event.get("event") == "slot" and event["name"] == name)


async def test_the_next_question_is_asked_requested_and_stored(action_database: None) -> None:
    state = IntakeState(consent_at="2026-11-20T10:00:00+00:00")
    events, messages = await _validate(_resumed_form("ask-1", state.to_slot()))
    assert [message["text"] for message in messages] == [prompts.NARRATIVE_QUESTION]
    assert _slot(events, slots.REQUESTED) == NARRATIVE
    assert _slot(events, slots.INTAKE)["asking"] == NARRATIVE
    stored = await (await services.intake_store()).get("ask-1")
    assert stored is not None and stored.asking == asking_path(NARRATIVE) and stored.status == "in_progress"


async def test_the_first_consent_question_comes_after_the_greeting_once(action_database: None) -> None:
    _, first = await _validate(_resumed_form("ask-2", None))
    assert [message["text"] for message in first] == [prompts.GREETING, prompts.CONSENT_QUESTION]
    assert [button["payload"] for button in first[1]["buttons"]] == [payload for _, payload in prompts.CONSENT_BUTTONS]
    greeted = [{"event": "bot", "text": prompts.GREETING}]
    _, again = await _validate(_resumed_form("ask-2", IntakeState(asking=CONSENT).to_slot(), greeted))
    assert [message["text"] for message in again] == [prompts.CONSENT_QUESTION]


async def test_a_pending_offer_is_not_followed_by_the_question_again(action_database: None) -> None:
    state = IntakeState(consent_at="2026-11-20T10:00:00+00:00", asking=NARRATIVE, offer="skip")
    events, messages = await _validate(_resumed_form("ask-3", state.to_slot()))
    assert messages == []
    assert _slot(events, slots.REQUESTED) == NARRATIVE


async def test_nothing_is_asked_once_the_intake_is_over(action_database: None) -> None:
    state = IntakeState(consent_at="2026-11-20T10:00:00+00:00", stage="declined")
    events, messages = await _validate(_resumed_form("ask-4", state.to_slot()))
    assert messages == []
    assert _slot(events, slots.REQUESTED) is None
    assert await (await services.intake_store()).get("ask-4") is None
