"""The project's curated lay terms, abbreviations and misspellings.

``data/synonyms.tsv`` holds one term per line: ``term<TAB>code[<TAB>flags]`` where flags
is a comma-separated subset of:

* ``cs``: case-sensitive abbreviation: only matches when written exactly so ("MS", "ALL");
* ``sym``: a symptom or finding rather than a disease (ranked lower when choosing the
  main diagnosis);
* ``answer``: only used when the whole answer is the term (too ambiguous in running text);
* ``spec=<specialty>``: route to this specialty rather than the code's default (for
  conditions filed under a catch-all code, e.g. Erdheim-Chester disease under E88.89).

Blank lines and lines starting with ``#`` are ignored.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
SYNONYM_FILES: tuple[Path, ...] = (DATA_DIR / "synonyms.tsv", DATA_DIR / "rare_diseases.tsv")


@dataclass(frozen=True)
class Synonym:
    """One curated term.

    Attributes:
        term: The term as a patient writes it.
        code: Billable ICD-10-CM code it stands for.
        case_sensitive: Only matches when written exactly as ``term``.
        symptom: A symptom or finding rather than a disease.
        answer_only: Only used when the whole answer is this term.
        specialty: Routing specialty overriding the code's default ("" for none).
    """

    term: str
    code: str
    case_sensitive: bool = False
    symptom: bool = False
    answer_only: bool = False
    specialty: str = ""


def parse_line(line: str) -> Synonym | None:
    """Parses one line of a synonym file.

    Args:
        line: A raw line.

    Returns:
        The synonym, or None for blank and comment lines.

    Raises:
        ValueError: The line has fewer than two tab-separated fields.
    """
    stripped = line.rstrip("\n")
    if not stripped.strip() or stripped.lstrip().startswith("#"):
        return None
    fields = stripped.split("\t")
    if len(fields) < 2:
        raise ValueError(f"synonym line needs term<TAB>code: {stripped!r}")
    flags = {f.strip() for f in fields[2].split(",")} if len(fields) > 2 else set()
    specialty = next((f.split("=", 1)[1] for f in flags if f.startswith("spec=")), "")
    return Synonym(
        term=fields[0].strip(),
        code=fields[1].strip(),
        case_sensitive="cs" in flags,
        symptom="sym" in flags,
        answer_only="answer" in flags,
        specialty=specialty,
    )


def load_synonyms(paths: tuple[Path, ...] = SYNONYM_FILES) -> list[Synonym]:
    """Loads every curated synonym.

    Args:
        paths: Synonym files to read (missing files are skipped).

    Returns:
        Synonyms in file order.
    """
    out: list[Synonym] = []
    for path in paths:
        if not path.exists():
            continue
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                synonym = parse_line(line)
                if synonym is not None:
                    out.append(synonym)
    return out
