"""Typed keys for what the web chat keeps in ``app[...]``."""
from __future__ import annotations

from aiohttp import web

from bot.channels.rasa_client import RasaClient, RasaConversations
from bot.channels.web_chat_config import ChatConfig
from bot.channels.web_chat_cookie import CookieSigner

CHAT_CONFIG_KEY = web.AppKey("chat_config", ChatConfig)
#: Absent when ``WEB_SESSION_SECRET`` is not configured (the API then answers 503).
CHAT_SIGNER_KEY = web.AppKey("chat_signer", CookieSigner)
CHAT_RASA_KEY = web.AppKey("chat_rasa", RasaClient)
CHAT_CONVERSATIONS_KEY = web.AppKey("chat_conversations", RasaConversations)
