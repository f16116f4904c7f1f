"""Surface variants of an ICD-10-CM title or inclusion term.

A patient rarely writes "Malignant neoplasm of unspecified site of unspecified female
breast"; they write "breast cancer" or "malignant neoplasm of the breast". From each
official term this module derives bags of canonical words at four levels:

* ``FULL``: the term as printed (words in parentheses and brackets kept);
* ``OPTIONAL``: parenthesised / bracketed words dropped ("Essential hypertension");
* ``REDUCED``: coding boilerplate dropped ("unspecified", "other", "initial encounter",
  "not elsewhere classified", "without complications", "unspecified ear", ...), and each
  of two named alternatives alone ("Duchenne or Becker muscular dystrophy" ->
  "Duchenne muscular dystrophy"), and bracketed synonyms in place of what they name
  ("Varicella [chickenpox]" -> "chickenpox");
* ``LAY``: clinical phrases swapped for lay ones ("malignant neoplasm" -> "cancer",
  "calculus" -> "stone", "myocardial infarction" -> "heart attack").

Upper-case abbreviations printed in parentheses or brackets ("[ALL]", "(SLE)") are
returned separately: they may only match when written in capitals.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from enum import IntEnum
from functools import lru_cache

from bot.clinical.text import STOPWORDS, bind, canon_seq, canonical


class Level(IntEnum):
    """How far a variant is from the printed term (lower is closer)."""

    FULL = 0
    OPTIONAL = 1
    REDUCED = 2
    LAY = 3


@dataclass(frozen=True)
class Variant:
    """One bag of canonical content words derived from a term.

    Attributes:
        bag: Distinct canonical content words.
        level: How the bag was derived.
    """

    bag: frozenset[str]
    level: Level


_GROUP_RE = re.compile(r"\s*[\(\[]([^\)\]]*)[\)\]]")
_ABBREV_RE = re.compile(r"^[A-Z][A-Za-z0-9-]{1,7}$")

_BOILERPLATE = re.compile(
    "|".join(
        (
            r"\bnot elsewhere classified\b",
            r"\bnot having achieved remission\b",
            r"\bwithout (?:mention of )?complications?\b",
            r"\bnot intractable\b",
            r"\bwithout status (?:epilepticus|migrainosus)\b",
            r"\binitial encounter(?: for closed fracture)?\b",
            r"\bnot specified as (?:traumatic|primary or secondary)\b",
            r"\bcurrent injury\b",
            r"\bnontraumatic\b",  # nobody says it; an injury is coded apart, with "traumatic"
            r"\bunspecified (?:site|sites|part|parts|side|region|ear|eye|eyes|type|sex|trimester|"
            r"location|laterality|organ|level|degree|severity|lobe|bronchus or lung)\b",
            r"\bsite unspecified\b",
            r"\b(?:other|unspecified|specified|nec|nos|region)\b",
        )
    )
)
_SEX_OF_BREAST = re.compile(r"\b(?:female|male) breast\b")
_EPONYM = re.compile(r"^((?:[A-Z][a-z\u00e0-\u00ff]+)(?:[- ][A-Z][a-z\u00e0-\u00ff]+)*)(?:'s|\u2019s|s')? (?:disease|syndrome)\b")
_WITHOUT_CLAUSE = re.compile(r",\s*without\b[^,]*$|,?\s*except\b.*$")

_LAY: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("secondary", "malignant", "neoplasm"), ("metastatic", "cancer")),
    (("malignant", "neoplasm"), ("cancer",)),
    (("malignant", "neoplasm"), ("carcinoma",)),
    (("malignant", "melanoma"), ("melanoma",)),
    (("benign", "neoplasm"), ("benign", "tumor")),
    (("neoplasm",), ("tumor",)),
    (("stenosis",), ("narrowing",)),
    (("obstruction",), ("blockage",)),
    (("hemorrhage",), ("bleed",)),
    (("hemorrhage",), ("bleeding",)),
    (("occlusion",), ("blockage",)),
    (("perforation",), ("hole",)),
    (("tympanic", "membrane"), ("eardrum",)),
    (("disorder",), ("problem",)),
    (("disease",), ("problem",)),
    (("calculus",), ("stone",)),
    (("acute", "myocardial", "infarction"), ("heart", "attack")),
    (("myocardial", "infarction"), ("heart", "attack")),
    (("cerebral", "infarction"), ("stroke",)),
    (("intervertebral", "disc", "displacement"), ("herniated", "disc")),
    (("intervertebral", "disc", "degeneration"), ("degenerative", "disc", "disease")),
    (("diabetes", "mellitus"), ("diabetes",)),
    (("osteoarthritis",), ("arthritis",)),
    (("essential", "primary", "hypertension"), ("high", "blood", "pressure")),
    (("atrial", "fibrillation"), ("afib",)),
    (("leiomyoma", "uterus"), ("fibroid",)),
    (("renal",), ("kidney",)),
    (("hepatic",), ("liver",)),
    (("cardiac",), ("heart",)),
    (("pulmonary",), ("lung",)),
    (("cerebral",), ("brain",)),
    # organ nouns -> the adjectives patients use ("ovarian cancer", "renal cyst")
    (("kidney",), ("renal",)),
    (("ovary",), ("ovarian",)),
    (("uterus",), ("uterine",)),
    (("vagina",), ("vaginal",)),
    (("vulva",), ("vulvar",)),
    (("cervix", "uteri"), ("cervical",)),
    (("testis",), ("testicular",)),
    (("penis",), ("penile",)),
    (("pancreas",), ("pancreatic",)),
    (("stomach",), ("gastric",)),
    (("esophagus",), ("esophageal",)),
    (("larynx",), ("laryngeal",)),
    (("pharynx",), ("pharyngeal",)),
    (("rectum",), ("rectal",)),
    (("anus",), ("anal",)),
    (("duodenum",), ("duodenal",)),
    (("pleura",), ("pleural",)),
    (("peritoneum",), ("peritoneal",)),
    (("spleen",), ("splenic",)),
    (("appendix",), ("appendiceal",)),
    (("small", "intestine"), ("small", "bowel")),
    (("eye",), ("ocular",)),
    (("thyroid", "gland"), ("thyroid",)),
    (("adrenal", "gland"), ("adrenal",)),
)


_ALTERNATIVE = re.compile(r"\b([A-Za-z][\w'-]*) or ([A-Za-z][\w'-]*)\b")
#: "with or without", "two or more", "primary or secondary": not a choice between names.
_NOT_ALTERNATIVES = frozenset(
    {"with", "without", "one", "two", "three", "more", "primary", "secondary", "early", "late", "right", "left",
     "acute", "chronic", "and"}
)


#: A title that opens with two conditions of one site ("Embolism and thrombosis of ...",
#: "Occlusion and stenosis of ..."): the code covers each of them alone.
_BOTH_OF = re.compile(r"^([A-Za-z]+) and ([A-Za-z]+) of ")


def alternatives(text: str) -> list[str]:
    """The readings of a term that offers two single-word alternatives.

    "Duchenne or Becker muscular dystrophy" is also "Duchenne muscular dystrophy" and
    "Becker muscular dystrophy", the way a patient names it.

    Args:
        text: An official term (or its reduced form).

    Returns:
        One text per alternative kept, for each "A or B" of the term and for a title that opens
        with "A and B of"; empty when there is none.
    """
    out: list[str] = []
    for match in _ALTERNATIVE.finditer(text):
        first, second = match.group(1), match.group(2)
        if first.lower() in _NOT_ALTERNATIVES or second.lower() in _NOT_ALTERNATIVES:
            continue
        head, tail = text[: match.start()], text[match.end() :]
        out += [f"{head}{first}{tail}", f"{head}{second}{tail}"]
    both = _BOTH_OF.match(text)
    if both:  # "Occlusion and stenosis of carotid artery": the code is for either alone
        tail = text[both.end() :]
        out += [f"{both.group(1)} of {tail}", f"{both.group(2)} of {tail}"]
    return out


_BRACKET_SYNONYM = re.compile(r"([\w'-]+) \[([a-z][a-z' -]*|[A-Z][a-z'-]+(?: [a-z'-]+)+)\]")
_NOT_SYNONYM = re.compile(r"\b(?:unspecified|any|nos|nec|stage|type|site)\b", re.IGNORECASE)


def _keep_brackets(match: re.Match[str]) -> str:
    """Drops a parenthesised group, keeps a bracketed one."""
    whole = match.group(0)
    return whole if whole.strip().startswith("[") else ""


def bracket_synonyms(text: str) -> list[str]:
    """The synonym a short term gives in square brackets at its end.

    The tabular list puts synonyms in square brackets: "Varicella [chickenpox]",
    "Rubella [German measles]", "Leprosy [Hansen's disease]". A patient writes the
    synonym. Only a bracket that ends a term of at most two words counts (inside longer
    terms brackets qualify a part of the term rather than name the whole), and a lone
    capitalised word is a person's name ("[Wells]"), not a synonym.

    Args:
        text: An official term.

    Returns:
        The synonym (empty when the term has none).
    """
    match = _BRACKET_SYNONYM.search(text)
    if match is None or text[match.end() :].strip() or len(text[: match.start()].split()) > 1:
        return []
    synonym = match.group(2).strip()
    return [] if _NOT_SYNONYM.search(synonym) else [synonym]


@lru_cache(maxsize=1)
def _lay_rules() -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    """The lay rewrite rules in canonical spelling."""
    return tuple(
        (tuple(canonical(w) for w in old), tuple(canonical(w) for w in new)) for old, new in _LAY
    )


@lru_cache(maxsize=1)
def _lay_triggers() -> frozenset[str]:
    """First words of the lay rules (a sequence without any of them has no rewrite)."""
    return frozenset(old[0] for old, _new in _lay_rules())


def _bag(seq: list[str]) -> frozenset[str]:
    return frozenset(bind([tok for tok in seq if tok not in STOPWORDS]))


def _reduce(text: str) -> str:
    reduced = _BOILERPLATE.sub(" ", text.lower())
    return _SEX_OF_BREAST.sub("breast", reduced) if "breast" in reduced else reduced


_BRACKET_EPONYM = re.compile(
    r"\[((?:[A-Z][a-z\u00e0-\u00ff]+)(?:[- ][A-Z][a-z\u00e0-\u00ff]+)*)(?:'s|\u2019s)?\]\s*$"
)


def bracket_eponym(term: str) -> str:
    """The eponym a term names in square brackets at its end.

    "Mucocutaneous lymph node syndrome [Kawasaki]" is what patients call Kawasaki disease.

    Args:
        term: An official term.

    Returns:
        The name (``"Kawasaki"``), or ``""`` when the term ends with no bracketed name.
    """
    match = _BRACKET_EPONYM.search(term)
    return match.group(1) if match else ""


def eponym(term: str) -> str:
    """The eponym of a "Name's disease" / "Name syndrome" title.

    Args:
        term: An official term, e.g. ``"Marfan syndrome, unspecified"``.

    Returns:
        The name alone (``"Marfan"``), or ``""`` when the term is not of that form. A
        parenthesised part is skipped: ``"Sturge-Weber (-Dimitri) syndrome"`` gives
        ``"Sturge-Weber"``.
    """
    match = _EPONYM.match(term) or _EPONYM.match(_GROUP_RE.sub("", term))
    return match.group(1) if match else ""


def _replace(seq: list[str], old: tuple[str, ...], new: tuple[str, ...]) -> list[str]:
    """Replaces every occurrence of the word sequence ``old`` by ``new``."""
    n = len(old)
    result: list[str] = []
    i = 0
    while i < len(seq):
        if seq[i] == old[0] and tuple(seq[i : i + n]) == old:
            result.extend(new)
            i += n
        else:
            result.append(seq[i])
            i += 1
    return result


def _lay(seq: list[str]) -> list[list[str]]:
    """Lay rewrites of a canonical sequence: each applicable rule alone, then all chained."""
    present = set(seq)
    if present.isdisjoint(_lay_triggers()):
        return []
    rules = [(old, new) for old, new in _lay_rules() if old[0] in present and set(old) <= present]
    out: list[list[str]] = []
    chained = seq
    for old, new in rules:
        single = _replace(seq, old, new)
        if single != seq:
            out.append(single)
        chained = _replace(chained, old, new)
    if len(out) > 1:
        out.append(chained)
    return out


def abbreviations(term: str) -> list[str]:
    """Upper-case abbreviations printed in parentheses or brackets of a term.

    Args:
        term: An official term, e.g. ``"Acute lymphoblastic leukemia [ALL]"``.

    Returns:
        Abbreviations as printed, e.g. ``["ALL"]``.
    """
    found = []
    for group in _GROUP_RE.findall(term):
        group = group.strip()
        if group.endswith(("+", "-")):
            continue  # "[ER-]": the sign is the meaning, and running text loses it
        letters = [c for c in group if c.isalpha()]
        if _ABBREV_RE.match(group) and sum(c.isupper() for c in letters) >= 2:
            found.append(group)
    return found


def variants(term: str, exact_only: bool = False) -> list[Variant]:
    """Bags of canonical words under which a term can be looked up.

    Args:
        term: An official term (title, inclusion term, ...).
        exact_only: Only the printed form (FULL and OPTIONAL levels).

    Returns:
        Distinct non-empty bags, each at the closest level it was reached.
    """
    best: dict[frozenset[str], Level] = {}

    def add(seq: list[str], level: Level) -> None:
        bag = _bag(seq)
        if bag and (bag not in best or best[bag] > level):
            best[bag] = level

    full_text = term.replace("[", "(").replace("]", ")")
    optional_text = _GROUP_RE.sub(" ", term) if "(" in full_text else term

    seqs: list[tuple[list[str], Level]] = [(canon_seq(full_text), Level.FULL)]
    if optional_text != term:
        seqs.append((canon_seq(optional_text), Level.OPTIONAL))
    if exact_only:
        for seq, level in seqs:
            add(seq, level)
        return [Variant(bag, level) for bag, level in best.items()]
    reduced_texts = {_reduce(full_text), _reduce(optional_text)}
    lowered = full_text.lower()
    if "without" in lowered or "except" in lowered:
        reduced_texts |= {_WITHOUT_CLAUSE.sub("", t) for t in list(reduced_texts)}
        reduced_texts |= {_reduce(_WITHOUT_CLAUSE.sub("", optional_text))}
    if "[" in term:
        reduced_texts |= {_reduce(t) for t in bracket_synonyms(_GROUP_RE.sub(_keep_brackets, term))}
    if " or " in lowered or _BOTH_OF.match(lowered):
        reduced_texts |= {alt for t in (optional_text, *reduced_texts) for alt in alternatives(t)}
    seqs += [(canon_seq(t), Level.REDUCED) for t in sorted(reduced_texts - {full_text.lower()})]
    for seq, level in seqs:
        add(seq, level)
    for seq, _level in seqs:
        for lay in _lay(seq):
            add(lay, Level.LAY)
    return [Variant(bag, level) for bag, level in best.items()]
