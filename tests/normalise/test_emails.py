"""Tests for bot.normalise.emails: typed and spoken e-mail addresses."""
from __future__ import annotations

import pytest

from bot.normalise.emails import find_emails, normalise_email


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mary@example.org", "mary@example.org"),
        ("John.Smith@GMAIL.com.", "John.Smith@gmail.com"),
        ("it is mary@example.org, thanks", "mary@example.org"),
        ("(jane.doe+intake@Example.COM)", "jane.doe+intake@example.com"),
        ("email: o'brien@example.ie!", "o'brien@example.ie"),
        ("<bob-smith@sub.example.co.uk>", "bob-smith@sub.example.co.uk"),
        ("john dot smith at gmail dot com", "john.smith@gmail.com"),
        ("mary underscore jones at yahoo dot co dot uk", "mary_jones@yahoo.co.uk"),
        ("reach me at john dot smith at gmail dot com", "john.smith@gmail.com"),
        ("jsmith [at] example [dot] org", "jsmith@example.org"),
        ("  Pat.Lee@Example.Org  ", "Pat.Lee@example.org"),
    ],
)
def test_normalise_email(text: str, expected: str) -> None:
    assert normalise_email(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "not an email",
        "me at home",
        "bob@localhost",
        "a@b",
        "jsmith@gmail,com",
        "two@@example.com",
        "I'll be at the clinic dot",
        "john@.com",
    ],
)
def test_normalise_email_rejects(text: str) -> None:
    assert normalise_email(text) is None


def test_find_emails_spans() -> None:
    text = "Mine is ann@example.com and my son's is Tom.B@Example.net."
    found = find_emails(text)
    assert [value for _, _, value in found] == ["ann@example.com", "Tom.B@example.net"]
    assert text[found[1][0]:found[1][1]] == "Tom.B@Example.net"
