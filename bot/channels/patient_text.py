"""What a public channel may pass to Rasa as the patient's words.

Rasa reads a message that starts with ``/`` as an intent, and one such as
``/inform{"patient_name": "x"}`` even sets entities. Patients may only "send" the
payloads of the buttons they were just offered (and a channel its own opening payload);
anything else that looks like a command is passed on as plain words.
"""
from __future__ import annotations

from typing import Iterable

COMMAND_PREFIX = "/"


def as_patient_text(text: str, allowed_payloads: Iterable[str] = ()) -> str:
    """The text to send to Rasa for what the patient typed or chose.

    Args:
        text: The patient's message, or the payload of a button they pressed.
        allowed_payloads: Payloads the patient may send as such (the choices offered).

    Returns:
        ``text`` unchanged when it is an allowed payload or does not look like a
        command; otherwise the text without its leading slashes.
    """
    stripped = text.strip()
    if not stripped.startswith(COMMAND_PREFIX) or stripped in set(allowed_payloads):
        return stripped
    return stripped.lstrip(COMMAND_PREFIX + " ").strip()
