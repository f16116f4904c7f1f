"""The web application's own routes.

Other features (patient chat page, navigator console, SMS webhook, FHIR
Questionnaire) register theirs through extensions; see ``bot.web.extensions``.
"""
from __future__ import annotations

from aiohttp import web

from bot.web.health import healthz
from bot.web.intake_api import get_intake, list_intakes


def setup_routes(app: web.Application) -> None:
    """Registers the health probe and the intake API on ``app``."""
    app.router.add_get("/healthz", healthz, name="healthz")
    app.router.add_get("/api/intakes", list_intakes, name="intakes")
    app.router.add_get(
        "/api/intakes/{conversation_id}", get_intake, name="intake"
    )
