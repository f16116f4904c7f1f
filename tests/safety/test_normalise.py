"""Normalisation: contractions, texting shorthand, misspellings, offsets."""
from __future__ import annotations

from bot.safety.engine import default_engine


def _words(text: str) -> list[str]:
    return [t.text for t in default_engine().tokens(text)]


def test_contractions_and_shorthand_expand() -> None:
    assert _words("I can't breathe") == ["i", "can", "not", "breathe"]
    assert _words("cant breath") == ["can", "not", "breath"]
    assert _words("im gonna") == ["i", "am", "going", "to"]
    assert _words("don’t wanna live rn") == ["do", "not", "want", "to", "live", "right", "now"]
    assert _words("he's choking") == ["he", "is", "choking"]


def test_two_means_to_only_after_some_words() -> None:
    assert _words("want 2 die") == ["want", "to", "die"]
    assert _words("2 hours ago") == ["2", "hours", "ago"]


def test_known_and_one_edit_misspellings_are_fixed() -> None:
    assert _words("chest pian") == ["chest", "pain"]
    assert _words("chesst") == ["chest"]
    assert _words("stroek") == ["stroke"]
    assert _words("suicidel") == ["suicidal"]


def test_real_words_near_key_words_are_left_alone() -> None:
    assert _words("cooking strike breeding cheat") == ["cooking", "strike", "breeding", "cheat"]


def test_offsets_point_at_the_original_text() -> None:
    text = "Hi!  I can't\nbreathe"
    tokens = default_engine().tokens(text)
    assert [text[t.start : t.end] for t in tokens] == ["Hi", "!", "I", "can't", "can't", "\n", "breathe"]
    assert [t.text for t in tokens] == ["hi", "!", "i", "can", "not", ".", "breathe"]
