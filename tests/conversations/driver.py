"""Talking to the running assistant as a patient would: REST channel in, intake API out."""
from __future__ import annotations

import json
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

@dataclass
class System:
    """A running assistant."""

    rasa_url: str
    web_url: str
    api_token: str
    database_url: str
    restart_rasa: Callable[[], None]
    review_url: str = ""
    review_token: str = ""
    twilio_token: str = ""
    session_secret: str = ""

    def received(self, reference: str) -> tuple[int, Any]:
        """What the review service received under a reference (status, body)."""
        return _http("GET", f"{self.review_url}/intakes/{reference}", token=self.review_token)


def _http(method: str, url: str, body: Optional[dict] = None, token: Optional[str] = None) -> tuple[int, Any]:
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


@dataclass
class Patient:
    """One simulated patient talking to the assistant through the REST channel."""

    system: System
    conversation_id: str = field(default_factory=lambda: f"test-{uuid.uuid4().hex[:12]}")
    transcript: list[tuple[str, str]] = field(default_factory=list)
    last: list[dict[str, Any]] = field(default_factory=list)

    def say(self, text: str) -> list[dict[str, Any]]:
        """Sends a message; returns the bot's replies."""
        status, replies = _http(
            "POST", f"{self.system.rasa_url}/webhooks/rest/webhook", {"sender": self.conversation_id, "message": text}
        )
        assert status == 200, f"REST channel answered {status}"
        self.transcript.append(("patient", text))
        for reply in replies:
            self.transcript.append(("bot", reply.get("text", "")))
        self.last = replies
        return replies

    @property
    def text(self) -> str:
        """All text of the latest replies, joined."""
        return "\n".join(reply.get("text", "") for reply in self.last)

    def intake(self) -> dict[str, Any]:
        """The intake as the intake API shows it."""
        status, body = _http("GET", f"{self.system.web_url}/api/intakes/{self.conversation_id}", token=self.system.api_token)
        assert status == 200, f"intake API answered {status}"
        return body

    def asking(self) -> Optional[str]:
        """What the bot's last message asked for."""
        return self.intake()["asking"]

    def answer(self, expected_asking: Optional[str], text: str) -> list[dict[str, Any]]:
        """Checks what the bot is asking, then answers."""
        asking = self.asking()
        assert asking == expected_asking, f"bot asks {asking!r}, expected {expected_asking!r}\n{self.dump()}"
        return self.say(text)

    def buttons(self) -> list[str]:
        """Payloads of the buttons in the latest replies."""
        return [b["payload"] for reply in self.last for b in reply.get("buttons") or []]

    def dump(self) -> str:
        """The transcript, for failure messages."""
        return "\n".join(f"{who:>7}: {text}" for who, text in self.transcript)


def drive(patient: Patient, answers: dict[str, str], *, confirm: bool = True, max_turns: int = 40) -> list[str]:
    """Answers whatever the assistant asks from ``answers`` (keyed by the API's ``asking``).

    Fails if the assistant asks for something not in ``answers``: a field the patient
    already gave must not be asked again. Stops at the summary (``confirmation``), which
    it accepts when ``confirm`` is true.

    Returns:
        The sequence of things asked.
    """
    asked: list[str] = []
    for _ in range(max_turns):
        asking = patient.asking()
        if asking == "confirmation":
            asked.append(asking)
            if confirm:
                patient.say("yes")
            return asked
        assert asking in answers, f"unexpected question {asking!r} (asked so far {asked})\n{patient.dump()}"
        asked.append(asking)
        patient.say(answers[asking])
    raise AssertionError(f"no summary after {max_turns} turns\n{patient.dump()}")


def start(patient: Patient) -> None:
    """Opens the chat and gives consent."""
    patient.say("hi")
    assert patient.asking() == "consent", patient.dump()
    patient.say("/affirm")
    assert patient.asking() == "diagnosis.text", patient.dump()
