"""Text messages from the assistant's replies: no markdown, numbered choices, 320 characters."""
from __future__ import annotations

from bot.channels.sms_text import MAX_LENGTH, chosen, plain, split, to_messages


def test_markdown_is_removed() -> None:
    assert plain("**Important**: see _this_\n- one\n- two\n# Heading") == "Important: see this\none\ntwo\nHeading"


def test_buttons_become_numbered_choices_and_numbers_pick_them() -> None:
    messages, payloads = to_messages([{"text": "Do you agree?", "buttons": [
        {"title": "Yes, I agree", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}]}])
    assert messages == ["Do you agree?\nReply 1 for Yes, I agree, 2 for No."]
    assert payloads == ["/affirm", "/deny"]
    assert chosen("1", payloads) == "/affirm"
    assert chosen(" 2. ", payloads) == "/deny"
    assert chosen("3", payloads) is None
    assert chosen("1961", payloads) is None
    assert chosen("1", []) is None


def test_long_replies_are_split_at_sentence_ends_under_the_limit() -> None:
    sentence = "This sentence is about forty-five characters. "
    text = sentence * 20
    parts = split(text)
    assert all(len(part) <= MAX_LENGTH for part in parts)
    assert all(part.endswith(".") for part in parts)
    assert " ".join(parts) == text.strip()


def test_a_word_longer_than_the_limit_is_still_cut() -> None:
    parts = split("x" * 700)
    assert [len(part) for part in parts] == [320, 320, 60]
