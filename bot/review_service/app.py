"""Application factory of the reference review service."""
from __future__ import annotations

from aiohttp import web

from bot.review_service.db import db_context
from bot.review_service.faults import FaultInjector
from bot.review_service.keys import FAULTS_KEY, IN_FLIGHT_KEY, SETTINGS_KEY, VALIDATOR_KEY
from bot.review_service.middlewares import setup_middlewares
from bot.review_service.routes import setup_routes
from bot.review_service.settings import ReviewSettings
from bot.review_service.validation import RecordValidator
from bot.review_service.views import InFlightTracker

MAX_BODY_BYTES = 5 * 1024 * 1024


def create_app(settings: ReviewSettings) -> web.Application:
    """Builds the review service application.

    The database engine is opened by a cleanup context when the app starts, not here.

    Args:
        settings: The service's settings.

    Returns:
        The application, ready for ``web.run_app`` or a test server.
    """
    app = web.Application(client_max_size=MAX_BODY_BYTES)
    app[SETTINGS_KEY] = settings
    app[FAULTS_KEY] = FaultInjector(settings.fault)
    app[VALIDATOR_KEY] = RecordValidator(settings.schema_path)
    app[IN_FLIGHT_KEY] = InFlightTracker()
    app.cleanup_ctx.append(db_context)
    setup_middlewares(app)
    setup_routes(app)
    return app
