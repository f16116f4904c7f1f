"""The web chat's pages, assets and API.

=====================================  ==================================================
``GET /chat``                          The patient chat page (it only includes the widget).
``GET /chat/widget.js``                The widget: one script tag adds it to any page.
``GET /chat/widget.css``               Its styles (loaded by the script).
``GET /chat/api/messages``             ``{"messages": [...]}``: the whole conversation.
``POST /chat/api/messages``            ``{"text": ...}`` (or ``{"start": true}`` to open a
                                       new conversation) -> ``{"replies": [...]}``.
=====================================  ==================================================

Messages are ``{"from": "patient"|"bot"|"navigator", "text", "buttons": [{"title",
"payload"}]}``. The conversation is the one in the browser's signed cookie (see
:mod:`bot.channels.web_chat_binding`); ids never appear in URLs or bodies. When Rasa
cannot be reached the API answers 503 ``{"error": "unavailable"}`` and nothing is lost.
"""
from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from aiohttp import web

from bot.channels.patient_text import as_patient_text
from bot.channels.rasa_client import RasaUnavailable
from bot.channels.web_chat_binding import Binding, apply, bind
from bot.channels.web_chat_cookie import CookieSigner
from bot.channels.web_chat_guard import add_cors_headers, check_api_request, preflight
from bot.channels.web_chat_keys import (
    CHAT_CONFIG_KEY,
    CHAT_CONVERSATIONS_KEY,
    CHAT_RASA_KEY,
    CHAT_SIGNER_KEY,
)
from bot.channels.web_chat_transcript import START_PAYLOAD, bot_message, for_widget, offered_payloads
from bot.web.errors import json_error

logger = logging.getLogger(__name__)

STATIC = Path(__file__).with_name("static")
API_PATH = "/chat/api/messages"
#: Longest message a patient may send at once (the widget's input has the same limit).
MAX_TEXT = 2000
CHANNEL = "web"

_ASSET_TYPES = {".js": "text/javascript", ".css": "text/css", ".html": "text/html"}


def _asset(name: str, cache: str) -> web.Response:
    path = STATIC / name
    return web.Response(
        body=path.read_bytes(),
        content_type=_ASSET_TYPES[path.suffix],
        charset="utf-8",
        headers={"Cache-Control": cache, "Cross-Origin-Resource-Policy": "cross-origin"},
    )


async def chat_page(request: web.Request) -> web.Response:
    """``GET /chat``: the page that hosts the widget full-size."""
    return _asset("chat.html", "no-cache")


async def widget_script(request: web.Request) -> web.Response:
    """``GET /chat/widget.js``: the embeddable widget."""
    return _asset("widget.js", "public, max-age=300")


async def widget_styles(request: web.Request) -> web.Response:
    """``GET /chat/widget.css``: the widget's styles."""
    return _asset("widget.css", "public, max-age=300")


def _signer(request: web.Request) -> CookieSigner:
    signer = request.app.get(CHAT_SIGNER_KEY)
    if signer is None:
        raise json_error(web.HTTPServiceUnavailable, "not configured")
    return signer


def _respond(request: web.Request, binding: Binding, body: dict[str, Any], status: int = 200) -> web.Response:
    response = web.json_response(body, status=status)
    config = request.app[CHAT_CONFIG_KEY]
    apply(binding, request, response, request.app[CHAT_SIGNER_KEY], config)
    add_cors_headers(request, response, config)
    return response


def _unavailable(request: web.Request, binding: Binding, error: RasaUnavailable) -> web.Response:
    logger.warning("web chat: rasa unavailable (%s)", error)
    return _respond(request, binding, {"error": "unavailable"}, status=503)


async def get_messages(request: web.Request) -> web.Response:
    """``GET /chat/api/messages``: the browser's whole conversation."""
    check_api_request(request, request.app[CHAT_CONFIG_KEY])
    binding = bind(request, _signer(request))
    if binding.is_new:
        return _respond(request, binding, {"messages": []})
    try:
        messages = await request.app[CHAT_CONVERSATIONS_KEY].transcript(binding.conversation_id)
    except RasaUnavailable as error:
        return _unavailable(request, binding, error)
    return _respond(request, binding, {"messages": for_widget(messages)})


async def _read_text(request: web.Request) -> tuple[str, bool]:
    try:
        body = await request.json()
    except ValueError:
        raise json_error(web.HTTPBadRequest, "invalid json") from None
    if not isinstance(body, dict):
        raise json_error(web.HTTPBadRequest, "invalid json")
    if body.get("start") is True:
        return "", True
    text = body.get("text")
    if not isinstance(text, str) or not text.strip():
        raise json_error(web.HTTPBadRequest, "text required")
    if len(text) > MAX_TEXT:
        raise web.HTTPRequestEntityTooLarge(
            max_size=MAX_TEXT, actual_size=len(text), content_type="application/json",
            text=json.dumps({"error": "message too long", "max_length": MAX_TEXT}),
        )
    return text.strip(), False


async def post_message(request: web.Request) -> web.Response:
    """``POST /chat/api/messages``: the patient's message in, the assistant's replies out."""
    check_api_request(request, request.app[CHAT_CONFIG_KEY])
    signer = _signer(request)
    text, start = await _read_text(request)
    binding = bind(request, signer)
    try:
        if start or text.startswith("/"):
            history = [] if binding.is_new else await request.app[CHAT_CONVERSATIONS_KEY].transcript(
                binding.conversation_id
            )
            if start:
                if history:
                    return _respond(request, binding, {"replies": []})  # already open
                text = START_PAYLOAD
            else:
                text = as_patient_text(text, offered_payloads(history))
                if not text:
                    raise json_error(web.HTTPBadRequest, "text required")
        replies = await request.app[CHAT_RASA_KEY].send(binding.conversation_id, text, channel=CHANNEL)
    except RasaUnavailable as error:
        return _unavailable(request, binding, error)
    return _respond(request, binding, {"replies": [bot_message(reply) for reply in replies]})


async def api_preflight(request: web.Request) -> web.Response:
    """``OPTIONS /chat/api/messages``: CORS preflight for allowed embedding pages."""
    return preflight(request, request.app[CHAT_CONFIG_KEY])


def setup_routes(app: web.Application) -> None:
    """Registers the chat page, assets and API."""
    app.router.add_get("/chat", chat_page, name="chat")
    app.router.add_get("/chat/widget.js", widget_script, name="chat_widget_js")
    app.router.add_get("/chat/widget.css", widget_styles, name="chat_widget_css")
    app.router.add_get(API_PATH, get_messages, name="chat_messages")
    app.router.add_post(API_PATH, post_message)
    app.router.add_route("OPTIONS", API_PATH, api_preflight)
