"""Checks condition names against the recogniser before they become curated terms.

Write the names to check, one per line as ``name<TAB>code`` (a category or a full code,
with the dot), from clinical knowledge, never from evaluation texts. Then::

    python -m bot.clinical.tools.check_terms names.tsv

Each name is read twice: as the whole answer to "What is the diagnosis?" and inside a
sentence ("I was diagnosed with <name>."). A name read as the same ICD-10-CM category both
times needs no term. For the others a line is printed with the billable code the term
would use, that code's official title (to confirm the code fits the name) and what the
recogniser reads now (the better code, sometimes); codes that do not exist are reported.
Only confirmed lines go into ``bot/clinical/data``.
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional


@dataclass(frozen=True)
class Verdict:
    """What the recogniser makes of one name.

    Attributes:
        name: The condition's name.
        code: The code given for it, as written.
        billable: The billable code a term would use (None when the code does not exist).
        title: The billable code's official title.
        as_answer: The code read from the name as a whole answer (None: nothing).
        in_sentence: The code read from the name inside a sentence (None: nothing).
    """

    name: str
    code: str
    billable: Optional[str]
    title: str
    as_answer: Optional[str]
    in_sentence: Optional[str]

    @property
    def needs_term(self) -> bool:
        """Whether either reading misses the name's category."""
        category = self.code.replace(".", "")[:3]
        return any((read or "").replace(".", "")[:3] != category for read in (self.as_answer, self.in_sentence))


def read_names(lines: Iterable[str]) -> list[tuple[str, str]]:
    """The ``(name, code)`` pairs of a names file (blank lines and ``#`` comments skipped).

    Raises:
        ValueError: A line without a tab between name and code.
    """
    pairs = []
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.rstrip("\n").split("\t")
        if len(fields) < 2 or not fields[0].strip() or not fields[1].strip():
            raise ValueError(f"line {number}: expected name<TAB>code")
        pairs.append((fields[0].strip(), fields[1].strip()))
    return pairs


def check(name: str, code: str) -> Verdict:
    """Reads ``name`` as an answer and in a sentence, and resolves ``code``."""
    from bot.clinical import icd  # noqa: PLC0415 - loads the code set
    from bot.clinical.diagnosis import main_diagnosis, normalise_diagnosis  # noqa: PLC0415

    billable: Optional[str] = None
    title = ""
    if icd.description(code):
        billable = code if icd.is_billable(code) else icd.default_billable(code)
        title = icd.description(billable)
    answer = normalise_diagnosis(name)
    sentence = main_diagnosis(f"I was diagnosed with {name}.")
    return Verdict(
        name=name,
        code=code,
        billable=billable,
        title=title,
        as_answer=answer.code if answer else None,
        in_sentence=sentence.code if sentence else None,
    )


def main(argv: Optional[list[str]] = None) -> int:
    """Prints the names that need a term; exit status 1 if a code does not exist."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", type=Path, help="file of name<TAB>code lines")
    args = parser.parse_args(argv)
    invalid = needed = 0
    pairs = read_names(args.names.read_text(encoding="utf-8").splitlines())
    for name, code in pairs:
        verdict = check(name, code)
        if verdict.billable is None:
            invalid += 1
            print(f"NO SUCH CODE\t{name}\t{code}")
        elif verdict.needs_term:
            needed += 1
            print(
                f"NEEDS A TERM\t{name}\t{verdict.billable}\t{verdict.title}\t"
                f"| reads now: as answer {verdict.as_answer}, in a sentence {verdict.in_sentence}"
            )
    print(f"{len(pairs)} names: {needed} need a term, {invalid} with a code that does not exist")
    return 1 if invalid else 0


if __name__ == "__main__":
    sys.exit(main())
