"""Typed keys of the review service's application state."""
from __future__ import annotations

from typing import TYPE_CHECKING

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncEngine

if TYPE_CHECKING:
    from bot.review_service.faults import FaultInjector
    from bot.review_service.settings import ReviewSettings
    from bot.review_service.validation import RecordValidator
    from bot.review_service.views import InFlightTracker

SETTINGS_KEY: "web.AppKey[ReviewSettings]" = web.AppKey("settings")
ENGINE_KEY: "web.AppKey[AsyncEngine]" = web.AppKey("engine")
FAULTS_KEY: "web.AppKey[FaultInjector]" = web.AppKey("faults")
VALIDATOR_KEY: "web.AppKey[RecordValidator]" = web.AppKey("validator")
IN_FLIGHT_KEY: "web.AppKey[InFlightTracker]" = web.AppKey("in_flight")
