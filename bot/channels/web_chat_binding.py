"""Binding a browser to its conversation through the signed cookie.

A request without a genuine, current cookie starts a new conversation; the cookie for
it (or a renewed one, once a day, so a returning patient keeps theirs for another
``CHAT_COOKIE_DAYS``) is set on the response. The cookie is HttpOnly, SameSite=Lax,
limited to ``/chat`` and Secure whenever the chat is served over https.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Optional

from aiohttp import web

from bot.channels.web_chat_config import ChatConfig
from bot.channels.web_chat_cookie import CookieSigner, new_conversation_id

logger = logging.getLogger(__name__)

COOKIE_NAME = "intake_chat"
COOKIE_PATH = "/chat"
#: A cookie older than this is re-issued (with a new issue time) on the next request.
RENEW_AFTER = 86400


@dataclass(frozen=True)
class Binding:
    """The conversation a request belongs to.

    Attributes:
        conversation_id: The browser's conversation.
        is_new: True when the request had no valid cookie (a new conversation).
        cookie: A cookie value to set on the response, or None to leave it.
    """

    conversation_id: str
    is_new: bool
    cookie: Optional[str]


def bind(request: web.Request, signer: CookieSigner) -> Binding:
    """The request's conversation: the cookie's if genuine, else a new one."""
    raw = request.cookies.get(COOKIE_NAME)
    ticket = signer.verify(raw)
    if ticket is None:
        if raw:
            logger.info("web chat cookie rejected; a new conversation starts")
        conversation_id = new_conversation_id()
        return Binding(conversation_id, True, signer.sign(conversation_id))
    renewed = signer.sign(ticket.conversation_id) if signer.age(ticket) >= RENEW_AFTER else None
    return Binding(ticket.conversation_id, False, renewed)


def apply(binding: Binding, request: web.Request, response: web.StreamResponse,
          signer: CookieSigner, config: ChatConfig) -> None:
    """Sets the binding's cookie on the response, if it has one to set."""
    if binding.cookie is None:
        return
    response.set_cookie(
        COOKIE_NAME,
        binding.cookie,
        max_age=signer.max_age,
        path=COOKIE_PATH,
        httponly=True,
        samesite="Lax",
        secure=request.secure or config.public_is_https,
    )
