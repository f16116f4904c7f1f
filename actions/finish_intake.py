"""What happens when the intake form ends: submission, or a polite close."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import intake_state, state_events
from actions.services import intake_store
from actions.snapshot import save_snapshot
from bot import clock
from bot.handoff.fhir_bundle import build_fhir_bundle
from bot.intake import prompts
from bot.intake.record import build_record


def with_fhir(record: dict[str, Any]) -> dict[str, Any]:
    """The record with its FHIR transaction Bundle (built once the reference exists)."""
    return {**record, "fhir": build_fhir_bundle(record)}


class ActionFinishIntake(Action):
    """Submits a confirmed intake and gives the patient its reference."""

    def name(self) -> Text:
        return "action_finish_intake"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[Text, Any],
    ) -> List[EventType]:
        state = intake_state(tracker)
        if state.stage != "collecting" or state.missing_required():
            await save_snapshot(tracker, state, None)
            return state_events(state)
        record = build_record(
            state,
            conversation_id=tracker.sender_id,
            status="submitted",
            submitted_at=clock.now().isoformat(),
        )
        store = await intake_store()
        reference = await store.submit(tracker.sender_id, record, finalize=with_fhir)
        state.stage = "submitted"
        state.reference = reference
        state.asking = None
        dispatcher.utter_message(text=prompts.SUBMITTED.format(reference=reference))
        return state_events(state)
