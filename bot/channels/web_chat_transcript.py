"""The conversation as the chat widget shows it.

Rasa's tracker holds what was sent, so a pressed button appears as its payload
(``/affirm``); the widget shows the button's title instead, exactly as the patient saw
it when they pressed it. The widget's opening payload is not shown at all.
"""
from __future__ import annotations

from typing import Any

#: What the widget sends to open a new conversation (the greet intent).
START_PAYLOAD = "/greet"

Message = dict[str, Any]


def _buttons(raw: Any) -> list[dict[str, str]]:
    buttons = []
    for button in raw or []:
        if isinstance(button, dict) and button.get("payload"):
            buttons.append({"title": str(button.get("title") or button["payload"]), "payload": str(button["payload"])})
    return buttons


def bot_message(reply: dict[str, Any], sender: str = "bot") -> Message:
    """One of Rasa's replies in the widget's shape."""
    return {"from": sender, "text": str(reply.get("text") or ""), "buttons": _buttons(reply.get("buttons"))}


def for_widget(messages: list[dict[str, Any]]) -> list[Message]:
    """The transcript from :meth:`RasaConversations.transcript` in the widget's shape.

    Returns:
        ``[{"from": "patient"|"bot"|"navigator", "text", "buttons"}]``: payloads the
        patient sent by pressing a button read as the button's title, the opening
        payload left out.
    """
    shown: list[Message] = []
    offered: dict[str, str] = {}
    for message in messages:
        sender = message.get("from")
        if sender == "patient":
            text = str(message.get("text") or "")
            if text == START_PAYLOAD:
                continue
            shown.append({"from": "patient", "text": offered.get(text, text), "buttons": []})
            offered = {}
        elif sender in ("bot", "navigator"):
            shaped = bot_message(message, sender)
            if not shaped["text"] and not shaped["buttons"]:
                continue
            if shaped["buttons"]:
                offered.update({b["payload"]: b["title"] for b in shaped["buttons"]})
            shown.append(shaped)
    return shown


def offered_payloads(messages: list[dict[str, Any]]) -> list[str]:
    """The payloads of the buttons offered since the patient last spoke."""
    payloads: list[str] = []
    for message in messages:
        if message.get("from") == "patient":
            payloads = []
        else:
            payloads.extend(b["payload"] for b in _buttons(message.get("buttons")))
    return payloads

