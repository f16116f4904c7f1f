"""Chat with the assistant in a terminal: ``./dev chat`` (the system must be up).

Messages go through the Rasa REST channel like any other client's. Buttons are shown as
numbered choices; typing the number sends the choice.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import urllib.request
import uuid
from typing import Any


def send(rasa_url: str, sender: str, text: str) -> list[dict[str, Any]]:
    """Sends one message and returns the bot's replies."""
    body = json.dumps({"sender": sender, "message": text}).encode()
    request = urllib.request.Request(
        f"{rasa_url}/webhooks/rest/webhook", data=body, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def show(replies: list[dict[str, Any]]) -> list[str]:
    """Prints replies; returns the payloads of the last message's buttons."""
    payloads: list[str] = []
    for reply in replies:
        if reply.get("text"):
            print(f"\033[36massistant>\033[0m {reply['text']}")
        buttons = reply.get("buttons") or []
        if buttons:
            payloads = [b["payload"] for b in buttons]
            for number, button in enumerate(buttons, 1):
                print(f"           {number}. {button['title']}")
    return payloads


def main() -> int:
    """Runs the chat loop until end of input or Ctrl-C."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rasa-url", default=os.environ.get("RASA_URL", "http://127.0.0.1:5005"))
    parser.add_argument("--conversation", default=None, help="resume this conversation id")
    args = parser.parse_args()
    sender = args.conversation or f"cli-{uuid.uuid4().hex[:12]}"
    print(f"Conversation {sender}. Type your messages; Ctrl-D to leave (you can resume with --conversation {sender}).")
    payloads: list[str] = []
    try:
        payloads = show(send(args.rasa_url, sender, "hello"))
        while True:
            text = input("\033[33myou>\033[0m ").strip()
            if not text:
                continue
            if text.isdigit() and 1 <= int(text) <= len(payloads):
                text = payloads[int(text) - 1]
            payloads = show(send(args.rasa_url, sender, text)) or []
    except (EOFError, KeyboardInterrupt):
        print()
        return 0
    except OSError as error:
        print(f"Cannot reach the assistant at {args.rasa_url} ({error.__class__.__name__}). Is './dev up' running?", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
