"""Where one intake stands right now, as the intake page shows (and refreshes) it.

Combines the stored record (``IntakeStore.get``) with the conversation in Rasa (its
transcript, whether a navigator has taken over, which questions were skipped). When
Rasa cannot be reached the record is still shown, without a transcript.
"""
from __future__ import annotations

import json
import logging
from typing import Any, Optional

from bot.channels.rasa_client import RasaUnavailable
from bot.console import presenting
from bot.console.context import ConsoleContext
from bot.console.rasa import intake_state, is_paused
from bot.intake.state import IntakeState
from bot.storage.models import AWAITING_CONFIRMATION, HANDED_OFF_STATUSES, OPTED_OUT

logger = logging.getLogger(__name__)


async def live_intake(ctx: ConsoleContext, conversation_id: str) -> Optional[dict[str, Any]]:
    """The intake page's data, or None for an unknown conversation."""
    view = await ctx.intakes.get(conversation_id)
    if view is None:
        return None
    state: Optional[IntakeState] = None
    paused = False
    transcript: list[dict[str, Any]] = []
    available = True
    try:
        tracker = await ctx.rasa.tracker(conversation_id)
        state, paused = intake_state(tracker), is_paused(tracker)
        transcript = presenting.transcript_rows(await ctx.rasa.transcript(conversation_id))
    except RasaUnavailable as error:
        logger.warning("transcript unavailable (%s)", error)
        available = False
    open_ = view.status not in HANDED_OFF_STATUSES
    reachable = open_ and view.status != OPTED_OUT
    assisted = view.channel == "navigator"
    return {
        "conversation_id": view.conversation_id,
        "channel": view.channel,
        "status": view.status,
        "status_label": presenting.STATUS_LABELS.get(view.status, view.status),
        "asking": view.asking,
        "progress": {"answered": view.answered, "total": view.total},
        "reference": view.reference,
        "flags": list(view.flags),
        "assisted_by": view.assisted_by,
        "last_activity": presenting.iso(view.last_activity_at),
        "paused": paused,
        "can_take_over": reachable and not paused and not assisted and available,
        "can_reply": reachable and paused,
        "can_submit": open_ and assisted and not paused and view.status == AWAITING_CONFIRMATION,
        "read_out": presenting.to_read_out(transcript) if assisted and open_ else [],
        "transcript": transcript,
        "transcript_available": available,
        "fields": presenting.field_rows(view.record, state),
        "derived": presenting.derived_rows(view.record),
        "record_json": json.dumps(view.record, indent=2, ensure_ascii=False, sort_keys=True),
    }
