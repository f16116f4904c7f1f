"""The website chat: ``setup(app)`` adds it to the web app (see ``bot.web.extensions``).

A hospital embeds it with one tag, ``<script src="https://<web app>/chat/widget.js"
defer></script>``; ``/chat`` is a page that does just that. The widget talks only to
this web app, which binds the browser to its conversation with a signed cookie and
passes messages to Rasa's trusted channel with channel metadata ``web``. Settings:
:mod:`bot.channels.web_chat_config`.
"""
from __future__ import annotations

import logging
from typing import AsyncIterator

import aiohttp
from aiohttp import web

from bot.channels.rasa_client import RasaClient, RasaConversations
from bot.channels.web_chat_config import ChatConfig
from bot.channels.web_chat_cookie import CookieSigner
from bot.channels.web_chat_keys import (
    CHAT_CONFIG_KEY,
    CHAT_CONVERSATIONS_KEY,
    CHAT_RASA_KEY,
    CHAT_SIGNER_KEY,
)
from bot.channels.web_chat_routes import setup_routes

logger = logging.getLogger(__name__)


async def _rasa(app: web.Application) -> AsyncIterator[None]:
    config = app[CHAT_CONFIG_KEY]
    async with aiohttp.ClientSession() as session:
        app[CHAT_RASA_KEY] = RasaClient(session, config.rasa_url, config.channel_token)
        app[CHAT_CONVERSATIONS_KEY] = RasaConversations(session, config.rasa_url, config.channel_token)
        yield


def setup(app: web.Application, config: ChatConfig | None = None) -> None:
    """Adds the chat page, widget and API to the web app.

    Args:
        app: The web app.
        config: Settings; read from the environment when not given.
    """
    config = config or ChatConfig.from_env()
    app[CHAT_CONFIG_KEY] = config
    if config.session_secret:
        app[CHAT_SIGNER_KEY] = CookieSigner(config.session_secret, config.cookie_max_age)
    else:
        logger.warning("WEB_SESSION_SECRET is not set: the web chat API answers 503")
    app.cleanup_ctx.append(_rasa)
    setup_routes(app)
