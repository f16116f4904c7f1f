"""Runs the web app: ``python -m bot.web`` (host and port from the environment).

Applies pending database migrations first, then serves until interrupted.
"""
from __future__ import annotations

import logging

from aiohttp import web

from bot.config import Settings
from bot.storage.migrate import upgrade_to_head
from bot.web.access_log import RouteAccessLogger
from bot.web.app import create_app
from bot.web.extensions import DEFAULT_EXTENSIONS, load_extensions

logger = logging.getLogger("bot.web")


def main() -> None:
    """Migrates the database and serves the web app."""
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s"
    )
    settings = Settings.from_env()
    upgrade_to_head(settings.sync_database_url())
    if not settings.intake_api_token:
        logger.warning("INTAKE_API_TOKEN is not set: the intake API answers 503")
    app = create_app(settings, extensions=load_extensions(DEFAULT_EXTENSIONS))
    web.run_app(
        app,
        host=settings.web_host,
        port=settings.web_port,
        access_log_class=RouteAccessLogger,
        print=None,
    )


if __name__ == "__main__":
    main()
