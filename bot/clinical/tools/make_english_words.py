"""Regenerates ``bot/clinical/data/english_words.txt`` from the system SCOWL word lists.

The list tells the fuzzy matcher which words are ordinary English (never "corrected"
into a medical term: "cancel" is not "cancer"). Words are stored in canonical form (see
:func:`bot.clinical.text.canonical`) so that loading needs no processing; rerun the tool
when the canonical rules change. Run on a machine with the Debian
``wamerican`` and ``wbritish`` packages installed::

    python -m bot.clinical.tools.make_english_words

Only lower-case, alphabetic words of four letters or more are kept.
"""
from __future__ import annotations

from pathlib import Path

from bot.clinical.text import canonical

SOURCES = (Path("/usr/share/dict/american-english"), Path("/usr/share/dict/british-english"))
TARGET = Path(__file__).resolve().parent.parent / "data" / "english_words.txt"
HEADER = (
    "# Ordinary English words (lower-case, 4+ letters, canonical form), derived from SCOWL word lists.\n"
    "# Copyright 2000-2011 by Kevin Atkinson; see english_words.NOTICE.\n"
)


def collect(sources: tuple[Path, ...] = SOURCES) -> list[str]:
    """Reads the word lists.

    Args:
        sources: Word list files, one word a line.

    Returns:
        Sorted distinct canonical forms of lower-case alphabetic words of four letters or more.
    """
    found: set[str] = set()
    for source in sources:
        with source.open(encoding="utf-8") as handle:
            for line in handle:
                word = line.strip()
                if len(word) >= 4 and word.isalpha() and word.isascii() and word.islower():
                    found.add(canonical(word))
    return sorted(found)


def main() -> None:
    """Writes the list next to the other clinical data files."""
    TARGET.write_text(HEADER + "\n".join(collect()) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
