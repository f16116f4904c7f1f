"""``python -m bot.review_service``: run the reference review service."""
from __future__ import annotations

import logging

from aiohttp import web

from bot.review_service.app import create_app
from bot.review_service.settings import ReviewSettings


def main() -> None:
    """Reads settings from the environment and serves until interrupted."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    settings = ReviewSettings.from_env()
    web.run_app(create_app(settings), host=settings.host, port=settings.port,
                print=None, access_log_format='%a "%r" %s %b %Tf')


if __name__ == "__main__":
    main()
