"""A fast reader of the ICD-10-CM tabular list shipped inside ``simple-icd-10-cm``.

The library builds a rich object tree on import (about 3 s); building the term index only
needs each code's title, children, inclusion terms and notes, so this module reads the
same two data files (the tabular XML and the list of valid codes) directly, in well under
a second, following the library's rules:

* a leaf ``diag`` under a ``sevenChrDef`` (its own or the nearest ancestor's) gets one
  child per 7th character, padded with placeholder ``X`` to six characters, titled
  "<title>, <extension>", and only when the code is on the list of valid codes;
* billable codes are the leaves of the resulting tree.

``tests/clinical/test_tabular.py`` checks the result against the library itself.
"""
from __future__ import annotations

import importlib.util
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

_PACKAGE = "simple_icd_10_cm"
_XML_SUFFIX = ".xml"
_LIST_SUFFIX = ".txt"


@dataclass
class Code:
    """One category, subcategory or 7th-character code of the tabular list.

    Attributes:
        code: Dotted code (``S83.209A``).
        title: Official short description.
        parent: Dotted parent code (``""`` for a category).
        children: Dotted child codes in tabular order.
        inclusion: Inclusion terms.
        includes: "Includes" notes.
        excludes: Excludes1 and Excludes2 notes.
    """

    code: str
    title: str
    parent: str = ""
    children: list[str] = field(default_factory=list)
    inclusion: list[str] = field(default_factory=list)
    includes: list[str] = field(default_factory=list)
    excludes: list[str] = field(default_factory=list)

    @property
    def is_leaf(self) -> bool:
        """Whether the code is billable (has no children)."""
        return not self.children


def _data_dir() -> Path:
    """The library's data folder, found without importing the library (which loads it all)."""
    spec = importlib.util.find_spec(_PACKAGE)
    if spec is None or not spec.submodule_search_locations:  # pragma: no cover - a dependency
        raise FileNotFoundError(f"{_PACKAGE} is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _data_files() -> tuple[str, str]:
    """Text of the tabular XML and of the valid-code list."""
    xml_text = list_text = ""
    for entry in sorted(_data_dir().iterdir()):
        if entry.name.endswith(_XML_SUFFIX):
            xml_text = entry.read_text(encoding="utf-8")
        elif entry.name.endswith(_LIST_SUFFIX):
            list_text = entry.read_text(encoding="utf-8")
    if not xml_text or not list_text:  # pragma: no cover - the package ships both
        raise FileNotFoundError("ICD-10-CM data files not found in simple_icd_10_cm.data")
    return xml_text, list_text


def _notes(element: ET.Element | None) -> list[str]:
    if element is None:
        return []
    return [note.text for note in element.findall("note") if note.text]


def _seven_chr(element: ET.Element) -> dict[str, str]:
    """Extensions of a ``sevenChrDef`` element (char -> text)."""
    found: dict[str, str] = {}
    last = ""
    for child in element:
        if child.tag == "extension":
            last = child.attrib["char"]
            found[last] = child.text or ""
        elif child.tag == "note" and last and child.text:
            found[last] = f"{found[last]}/{child.text}"
    return found


class _Reader:
    """Walks the XML tree into :class:`Code` records."""

    def __init__(self, valid: set[str]) -> None:
        self.valid = valid
        self.codes: dict[str, Code] = {}

    def diag(self, element: ET.Element, parent: str, seven: dict[str, str]) -> None:
        name = element.findtext("name") or ""
        record = Code(
            code=name,
            title=element.findtext("desc") or "",
            parent=parent,
            inclusion=_notes(element.find("inclusionTerm")),
            includes=_notes(element.find("includes")),
            excludes=_notes(element.find("excludes1")) + _notes(element.find("excludes2")),
        )
        self.codes.setdefault(name, record)
        own = element.find("sevenChrDef")
        seven = _seven_chr(own) if own is not None else seven
        subs = element.findall("diag")
        for sub in subs:
            record.children.append(sub.findtext("name") or "")
            self.diag(sub, name, seven)
        if not subs and seven:
            self._extend(record, seven)

    def _extend(self, record: Code, seven: dict[str, str]) -> None:
        stem = record.code if len(record.code) > 3 else f"{record.code}."
        stem = stem.ljust(7, "X")
        for char, text in seven.items():
            code = stem + char
            if code.replace(".", "") not in self.valid:
                continue
            record.children.append(code)
            self.codes.setdefault(code, Code(code=code, title=f"{record.title}, {text}", parent=record.code))


@lru_cache(maxsize=1)
def codes() -> dict[str, Code]:
    """Every category, subcategory and 7th-character code, in tabular order.

    Returns:
        Dotted code -> record.
    """
    xml_text, list_text = _data_files()
    valid = {line.split(" ")[0].replace(".", "") for line in list_text.splitlines() if line.strip()}
    reader = _Reader(valid)
    root = ET.fromstring(xml_text)
    for chapter in root.iter("chapter"):
        for section in chapter.findall("section"):
            for element in section.findall("diag"):
                reader.diag(element, "", {})
    return reader.codes
