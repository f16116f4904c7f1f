"""Turning the assistant's replies into text messages, and numbered answers back into choices."""
from __future__ import annotations

import re
from typing import Any, Optional

MAX_LENGTH = 320

_MARKDOWN = (
    (re.compile(r"\*\*(.+?)\*\*"), r"\1"),
    (re.compile(r"(?<!\w)[*_](.+?)[*_](?!\w)"), r"\1"),
    (re.compile(r"^\s*#+\s*", re.MULTILINE), ""),
    (re.compile(r"^\s*[-*•]\s+", re.MULTILINE), ""),
    (re.compile(r"\[(.+?)\]\((.+?)\)"), r"\1 (\2)"),
    (re.compile(r"`"), ""),
)


def plain(text: str) -> str:
    """The text without markdown (bold, italics, headings, bullets, links, code marks)."""
    for pattern, replacement in _MARKDOWN:
        text = pattern.sub(replacement, text)
    return text.strip()


def choice_prompt(titles: list[str]) -> str:
    """"Reply 1 for Yes, 2 for No." for the offered buttons."""
    options = ", ".join(f"{number} for {title}" for number, title in enumerate(titles, 1))
    return f"Reply {options}."


def split(text: str, limit: int = MAX_LENGTH) -> list[str]:
    """Splits text into messages of at most ``limit`` characters at line, sentence or word ends."""
    parts: list[str] = []
    remaining = text.strip()
    while len(remaining) > limit:
        window = remaining[: limit + 1]
        cut = max(window.rfind("\n"), *(window.rfind(mark) + 1 for mark in (". ", "? ", "! ")))
        if cut < limit // 3:
            cut = window.rfind(" ")
        if cut <= 0:
            cut = limit
        parts.append(remaining[:cut].strip())
        remaining = remaining[cut:].strip()
    if remaining:
        parts.append(remaining)
    return parts


def to_messages(replies: list[dict[str, Any]]) -> tuple[list[str], list[str]]:
    """The text messages for Rasa's replies, and the payloads of the choices offered.

    Returns:
        (messages, payloads): each message at most 320 characters, no markdown; the
        payloads in the order they were numbered (empty when no choice is offered).
    """
    lines: list[str] = []
    payloads: list[str] = []
    for reply in replies:
        text = plain(reply.get("text") or "")
        buttons = reply.get("buttons") or []
        if buttons:
            payloads = [button["payload"] for button in buttons]
            text = f"{text}\n{choice_prompt([button['title'] for button in buttons])}".strip()
        if text:
            lines.append(text)
    messages: list[str] = []
    for line in lines:
        messages.extend(split(line))
    return messages, payloads


def chosen(text: str, payloads: Optional[list[str]]) -> Optional[str]:
    """The payload a numbered answer ("1", "2.") picks, if it picks one."""
    match = re.fullmatch(r"\s*(\d{1,2})\s*[.)]?\s*", text)
    if not match or not payloads:
        return None
    index = int(match.group(1)) - 1
    return payloads[index] if 0 <= index < len(payloads) else None
