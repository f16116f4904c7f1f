"""The console's view of Rasa: trackers, parsing, and the intake state inside them.

Extends the shared :class:`~bot.channels.rasa_client.RasaConversations` (transcripts,
pause, resume, navigator messages) with what the console needs besides: the raw tracker
(to read and change the ``intake`` slot) and Rasa's own NLU for a navigator's edits.
"""
from __future__ import annotations

from typing import Any, Optional

from bot.channels.rasa_client import RasaConversations
from bot.intake.state import SLOT, IntakeState

Tracker = dict[str, Any]

#: The Rasa form that collects the intake (actions/slots.py: FORM).
FORM = "intake_form"
#: Slots the actions keep (actions/slots.py).
STAGE_SLOT = "intake_stage"
REQUESTED_SLOT = "requested_slot"


class ConsoleRasa(RasaConversations):
    """Rasa's HTTP API as the console uses it."""

    async def tracker(self, conversation_id: str) -> Tracker:
        """The conversation's tracker (events since the last restart, slots, pause)."""
        return await self._request("GET", self._url(conversation_id, "tracker"))

    async def parse(self, text: str) -> dict[str, Any]:
        """What Rasa's NLU makes of a text (intent, entities), without a conversation."""
        return await self._request("POST", f"{self._base}/model/parse", {"text": text})


def intake_state(tracker: Tracker) -> IntakeState:
    """The intake state kept in the tracker's ``intake`` slot."""
    return IntakeState.from_slot((tracker.get("slots") or {}).get(SLOT))


def is_paused(tracker: Tracker) -> bool:
    """Whether the bot is paused (a navigator has taken over)."""
    return bool(tracker.get("paused"))


def form_active(tracker: Tracker) -> bool:
    """Whether the intake form is the active loop."""
    loop = tracker.get("active_loop") or {}
    return loop.get("name") == FORM


def user_turns(tracker: Tracker) -> int:
    """How many user messages the conversation has had (the actions' turn numbers)."""
    return sum(1 for event in tracker.get("events") or [] if event.get("event") == "user")


def slot_event(name: str, value: Any) -> dict[str, Any]:
    """A ``slot`` event for the tracker events API."""
    return {"event": "slot", "name": name, "value": value}


def bot_event(text: str, buttons: Optional[list[dict[str, str]]] = None) -> dict[str, Any]:
    """A ``bot`` utterance event, as the assistant itself would send it."""
    return {"event": "bot", "text": text, "data": {"buttons": buttons or []}}
