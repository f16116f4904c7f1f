"""The term index: every way of naming a condition -> one billable ICD-10-CM code.

Built from (a) the titles, inclusion terms, "includes" notes and excludes cross-references
of the installed ICD-10-CM code set (all ~74k billable codes, plus category titles mapped
to their default billable code) and (b) the curated synonym files. Eponyms, abbreviations
and the gene symbols that open a title ("CTNNB1 syndrome") are terms of their own. Each
term becomes one or more *bags* of canonical words (see :mod:`bot.clinical.variants`); a bag is keyed by an
order-insensitive 64-bit hash so that the matcher can grow a span word by word and look it
up in O(1).

When several terms share a bag the best-ranked one wins: curated synonyms, then printed
titles, then inclusion terms, then category titles, then reduced and lay variants, then
excludes cross-references; ties prefer the "unspecified" / "without complications" /
"initial encounter" code.

Building takes a few seconds; :mod:`bot.clinical.index_cache` keeps the built index on
disk and hands out the process-wide copy.
"""
from __future__ import annotations

import logging
import re
from array import array
from dataclasses import dataclass, field
from pathlib import Path

from bot.clinical import icd
from bot.clinical.fuzzy import english_words
from bot.clinical.synonyms import load_synonyms
from bot.clinical.text import canon_seq, content_canons, fold, ordered_hash, token_hash, words
from bot.clinical.variants import Level, abbreviations, bracket_eponym, eponym, variants

LOG = logging.getLogger(__name__)

#: Bump when the index layout or the derivation rules change.
INDEX_FORMAT = 16
ANSWER_ONLY_FILE = Path(__file__).resolve().parent / "data" / "answer_only_words.txt"

FLAG_CASE = 1
FLAG_SYMPTOM = 2
FLAG_ANSWER_ONLY = 4
FLAG_CURATED = 8
#: A person's name standing for a disease ("Marfan"): a whole answer, or written "Marfan's"
#: right after "diagnosed with" / "has" (see :func:`bot.clinical.matcher.named_after_a_cue`).
FLAG_NAME = 16

#: Rank classes (higher wins); a per-code preference (0-999) breaks ties.
_CLASS = {
    ("curated", Level.FULL): 100,
    ("desc", Level.FULL): 90,
    ("desc", Level.OPTIONAL): 88,
    ("inclusion", Level.FULL): 85,
    ("inclusion", Level.OPTIONAL): 83,
    ("parent", Level.FULL): 80,
    ("parent", Level.OPTIONAL): 78,
    ("abbrev", Level.FULL): 70,
    ("desc", Level.REDUCED): 60,
    ("parent", Level.REDUCED): 59,
    ("inclusion", Level.REDUCED): 58,
    ("desc", Level.LAY): 50,
    ("parent", Level.LAY): 50,
    ("inclusion", Level.LAY): 48,
    ("excludes", Level.FULL): 45,
    ("excludes", Level.OPTIONAL): 44,
    ("excludes", Level.REDUCED): 40,
    ("excludes", Level.LAY): 30,
}
_RETRIEVAL_SOURCES = frozenset({"curated", "desc", "inclusion", "parent"})


@dataclass
class TermIndex:
    """The built index (plain containers, cheap to pickle).

    Attributes:
        codes: Code table (billable codes referenced by entries).
        displays: Official description per code table row.
        vocab: Canonical word -> 64-bit hash, for every word of every bag.
        keys: Bag hash -> entry id, or a tuple of entry ids best first.
        e_code: Entry -> row of the code table.
        e_rank: Entry -> rank (class * 1000 + preference).
        e_size: Entry -> number of words in its bag.
        e_flags: Entry -> ``FLAG_*`` bits.
        e_case: Entry -> exact surface form required (case-sensitive entries only).
        e_specialty: Entry -> routing specialty overriding the code's (curated only).
        doc_entry: Retrieval document -> entry id.
        doc_off: Offsets of each document's word ids in ``doc_words`` (len = docs + 1).
        doc_words: Concatenated word ids of the documents.
        word_ids: Canonical word -> word id (retrieval).
        postings: Word id -> documents containing it.
        ordered: Hash of the full ordered word sequence (function words included) -> entry,
            for printed titles whose bag of words is shared with another code's title
            ("right eye category 3, left eye category 4").
        collided: Bag hashes that need the ordered check.
    """

    codes: list[str] = field(default_factory=list)
    displays: list[str] = field(default_factory=list)
    vocab: dict[str, int] = field(default_factory=dict)
    keys: dict[int, object] = field(default_factory=dict)
    e_code: array = field(default_factory=lambda: array("I"))
    e_rank: array = field(default_factory=lambda: array("I"))
    e_size: array = field(default_factory=lambda: array("B"))
    e_flags: array = field(default_factory=lambda: array("B"))
    e_case: dict[int, str] = field(default_factory=dict)
    e_specialty: dict[int, str] = field(default_factory=dict)
    doc_entry: array = field(default_factory=lambda: array("I"))
    doc_off: array = field(default_factory=lambda: array("I", [0]))
    doc_words: array = field(default_factory=lambda: array("I"))
    word_ids: dict[str, int] = field(default_factory=dict)
    postings: dict[int, array] = field(default_factory=dict)
    ordered: dict[int, int] = field(default_factory=dict)
    collided: set[int] = field(default_factory=set)

    def entries_for(self, key: int) -> tuple[int, ...]:
        """Entry ids stored under a bag hash, best first.

        Args:
            key: A bag hash.

        Returns:
            Possibly empty tuple of entry ids.
        """
        value = self.keys.get(key)
        if value is None:
            return ()
        if isinstance(value, tuple):
            return value
        return (value,)  # type: ignore[return-value]

    def code(self, entry: int) -> str:
        """Billable code of an entry."""
        return self.codes[self.e_code[entry]]

    def display(self, entry: int) -> str:
        """Official description of an entry's code."""
        return self.displays[self.e_code[entry]]


def _code_preference(code: str, desc: str) -> int:
    """0-999 tie-breaker favouring the default, least specific code."""
    lowered = desc.lower()
    score = 500
    score += 60 * lowered.count("unspecified")
    score += 40 if "without complication" in lowered or "not having achieved remission" in lowered else 0
    score += 20 if " without " in f" {lowered} " else 0
    score += 30 if "initial encounter" in lowered else 0
    score -= 30 if ("subsequent encounter" in lowered or "sequela" in lowered) else 0
    score -= 40 if ("in remission" in lowered or "in relapse" in lowered) else 0
    score -= 3 * len(lowered.split())
    score -= len(code)
    return max(0, min(999, score))


class _Builder:
    """Accumulates candidate entries, keeping the best per bag."""

    def __init__(self) -> None:
        self.index = TermIndex()
        self._code_row: dict[str, int] = {}
        self._best: dict[int, list[tuple[int, int, int, str, frozenset[str], str]]] = {}
        self._docs: dict[tuple[int, frozenset[str]], int] = {}
        self._titles: dict[int, list[tuple[int, int, tuple[str, ...]]]] = {}
        self._answer_only = _load_answer_only_words()

    def _row(self, code: str) -> int:
        row = self._code_row.get(code)
        if row is None:
            row = len(self.index.codes)
            self._code_row[code] = row
            self.index.codes.append(code)
            self.index.displays.append(icd.description(code))
        return row

    def add(
        self,
        bag: frozenset[str],
        code: str,
        rank: int,
        flags: int,
        case: str = "",
        doc: bool = False,
        title: tuple[str, ...] = (),
        specialty: str = "",
    ) -> None:
        """Offers one candidate (bag -> code) to the index."""
        if not bag:
            return
        if len(bag) == 1 and not flags & FLAG_CURATED and next(iter(bag)) in self._answer_only:
            flags |= FLAG_ANSWER_ONLY
        row = self._row(code)
        key = 0
        vocab = self.index.vocab
        for word in bag:
            value = vocab.get(word)
            if value is None:
                value = vocab[word] = token_hash(word)
            key ^= value
        slot = self._best.setdefault(key, [])
        slot.append((rank, row, flags, case, bag, specialty))
        if doc:
            self._docs.setdefault((row, bag), rank)
        if title:
            self._titles.setdefault(key, []).append((row, rank, title))

    def finish(self) -> TermIndex:
        """Freezes the accumulated candidates into the index."""
        index = self.index
        for key, cands in self._best.items():
            cands.sort(key=lambda c: (-c[0], index.codes[c[1]]))
            kept: list[int] = []
            for rank, row, flags, case, bag, specialty in cands:
                if any(index.e_code[e] == row and index.e_case.get(e, "") == case for e in kept):
                    continue
                entry = len(index.e_code)
                index.e_code.append(row)
                index.e_rank.append(rank)
                index.e_size.append(min(len(bag), 255))
                index.e_flags.append(flags)
                if case:
                    index.e_case[entry] = case
                if specialty:
                    index.e_specialty[entry] = specialty
                kept.append(entry)
                if not flags & (FLAG_CASE | FLAG_ANSWER_ONLY) or len(kept) >= 4:
                    break
            index.keys[key] = kept[0] if len(kept) == 1 else tuple(kept)
        self._finish_docs()
        self._finish_titles()
        return index

    def _finish_titles(self) -> None:
        index = self.index
        for key, titles in self._titles.items():
            if len({row for row, _rank, _seq in titles}) < 2:
                continue
            index.collided.add(key)
            for row, rank, seq in titles:
                entry = len(index.e_code)
                index.e_code.append(row)
                index.e_rank.append(rank)
                index.e_size.append(min(len(set(seq)), 255))
                index.e_flags.append(0)
                index.ordered.setdefault(ordered_hash(seq), entry)

    def _finish_docs(self) -> None:
        index = self.index
        postings: dict[int, list[int]] = {}
        for (row, bag), rank in self._docs.items():
            doc = len(index.doc_entry)
            entry = len(index.e_code)
            index.e_code.append(row)
            index.e_rank.append(rank)
            index.e_size.append(min(len(bag), 255))
            index.e_flags.append(0)
            index.doc_entry.append(entry)
            for word in sorted(bag):
                wid = index.word_ids.setdefault(word, len(index.word_ids))
                index.doc_words.append(wid)
                postings.setdefault(wid, []).append(doc)
            index.doc_off.append(len(index.doc_words))
        index.postings = {wid: array("I", docs) for wid, docs in postings.items()}


def _load_answer_only_words() -> frozenset[str]:
    """Everyday words that, alone, only count when they are the whole answer."""
    if not ANSWER_ONLY_FILE.exists():
        return frozenset()
    with ANSWER_ONLY_FILE.open(encoding="utf-8") as handle:
        return frozenset(
            content_canons(line)[0]
            for line in handle
            if line.strip() and not line.startswith("#") and content_canons(line)
        )


def _hyphenated_names(name: str) -> str:
    """The eponym when it is two or more names joined by hyphens ("Tay-Sachs"), else ``""``."""
    parts = name.split("-")
    return name if len(parts) >= 2 and " " not in name and all(len(p) >= 2 for p in parts) else ""


#: A particle opening a family name ("von Willebrand", "de Lange").
_PARTICLE = re.compile(r"^(?:von|van|de|di|du|le|la)\s+", re.IGNORECASE)


def _joined_surfaces(name: str) -> list[str]:
    """How an eponym of names joined by hyphens is written: as printed and, for two names, the other way round.

    "Niemann-Pick", "Blackfan-Diamond" and "Diamond-Blackfan", "Hippel-Lindau" (for "Von
    Hippel-Lindau"). Written with the hyphen and in capitals they are nobody's name, so an
    English word among the names ("pick", "diamond") does not matter.
    """
    joined = _hyphenated_names(_PARTICLE.sub("", name))
    if not joined:
        return []
    parts = joined.split("-")
    return [joined, "-".join(reversed(parts))] if len(parts) == 2 else [joined]


def _particle_bag(name: str) -> frozenset[str]:
    """The words of an eponym opened by a particle ("Von Willebrand"), particle included.

    Empty unless the particle is among the canonical words and the rest are no English
    words: "von Willebrand" in running text is the disease, not a person.
    """
    match = _PARTICLE.match(name)
    if match is None:
        return frozenset()
    rest = frozenset(content_canons(name[match.end() :]))
    bag = frozenset(content_canons(name))
    if not rest or len(bag) <= len(rest) or any(word in english_words() for word in rest):
        return frozenset()
    return bag


def _add_name_terms(builder: "_Builder", text: str, code: str, rank: int) -> None:
    """Adds the terms of the person's name a disease is named after, if ``text`` is such a title.

    "Marfan" for "Marfan syndrome" counts only as a whole answer (names are people too) or
    after a diagnosis cue, "Marfan disease" and "Marfan syndrome" anywhere (patients swap
    the nouns), names joined by a hyphen ("she has Tay-Sachs") and names opened by a particle
    ("he has von Willebrand") anywhere; "[Kawasaki]" gives "Kawasaki disease" and
    "Kawasaki syndrome".
    """
    name = eponym(text)
    name_bag = _name_bag(name)
    particle_bag = _particle_bag(name)
    if name_bag:
        builder.add(name_bag, code, rank, 0 if name_bag == particle_bag else FLAG_ANSWER_ONLY | FLAG_NAME)
        for noun in ("disease", "syndrome"):
            builder.add(name_bag | {noun}, code, rank, 0)
    elif particle_bag:
        builder.add(particle_bag, code, rank, 0)
    for surface in _joined_surfaces(name):
        builder.add(frozenset(content_canons(surface)), code, rank, FLAG_CASE, surface)
    bracket_name = _name_bag(bracket_eponym(text))
    if bracket_name:
        for noun in ("disease", "syndrome"):
            builder.add(bracket_name | {noun}, code, rank, 0)
        builder.add(bracket_name, code, rank, FLAG_ANSWER_ONLY | FLAG_NAME)


def _name_bag(name: str) -> frozenset[str]:
    """Canonical words of a person's name, unless any of them is ordinary English."""
    if not name:
        return frozenset()
    bag = frozenset(content_canons(name))
    if not bag or any(word in english_words() for word in bag):
        return frozenset()
    return bag


_ABBREVIATION_TERM = re.compile(r"^[A-Z][A-Z0-9]*(?:[-/ ][A-Z0-9]+)*$")


def _abbreviation_surface(term: str) -> str:
    """The capitalised words of a term that is only an abbreviation ("LAD-I" -> "LAD")."""
    text = term.strip()
    if len(text) > 12 or not _ABBREVIATION_TERM.match(text) or sum(c.isalpha() for c in text) < 2:
        return ""
    kept = [w.text for w in words(text) if not w.is_stop]
    if not kept:
        return ""
    return " ".join(kept)


#: A gene symbol opening a title that names the gene's disorder: "CTNNB1 syndrome",
#: "SCN2A-related neurodevelopmental disorder", "ENPP1 deficiency causing ...": capitals and
#: digits, three characters or more ("B12", "B6" are vitamins).
_GENE_TITLE = re.compile(r"([A-Z][A-Z0-9]{2,})(?=-related\b| syndrome\b| deficiency\b)")


#: Rank class of a gene symbol standing for its disorder (a reduced title; no English word
#: has a digit, so it is read in any case: "syngap1").
_GENE_CLASS = 60


def gene_symbol(term: str) -> str:
    """The gene a term names the disorder of ("CTNNB1" for "CTNNB1 syndrome"), else ``""``.

    Families write the gene the test found ("a CTNNB1 mutation", "her SCN2A variant"); the
    titles name the disorder after it. A symbol has a digit and two letters or more.
    """
    match = _GENE_TITLE.match(term)
    if match is None:
        return ""
    symbol = match.group(1)
    if not any(c.isdigit() for c in symbol) or sum(c.isalpha() for c in symbol) < 2:
        return ""
    return symbol


#: A title naming two conditions ("Syncope and collapse", "Anuria and oliguria").
_PAIR_TITLE = re.compile(r"([A-Za-z]+) and ([A-Za-z]+)(?:, unspecified)?")
#: Rank class of one word of such a title alone: below every other reading of that word.
_PAIR_WORD_CLASS = 35


def _pair_title_words(title: str, code: str) -> list[tuple[str, int]]:
    """Each word of a two-condition title, as a term of its own, with its flags.

    The variants keep "syncope and collapse" whole, so neither word alone was a term. A
    word of a symptom or factor title (R, Z) that is ordinary English ("anger",
    "gambling", "collapse") is left out; the others from those chapters are symptoms.

    Args:
        title: A code's title.
        code: The code.

    Returns:
        (canonical word, flags) pairs; empty for other titles.
    """
    match = _PAIR_TITLE.fullmatch(title)
    if match is None:
        return []
    symptom_chapter = code[:1] in "RZ"
    out = []
    for written in match.groups():
        canon = next(iter(content_canons(written)), "")
        if not canon or (symptom_chapter and canon in english_words()):  # the word list holds canonical forms
            continue
        out.append((canon, FLAG_SYMPTOM if symptom_chapter else 0))
    return out


def _is_later_encounter(code: str) -> bool:
    """Whether a code carries a 7th character other than "A" (subsequent care, sequela).

    Such codes are only reachable by their exact title: a patient naming an injury means
    the initial encounter, which wins every looser match anyway.
    """
    plain = code.replace(".", "")
    return len(plain) == 7 and plain[-1] != "A"


def build_index() -> TermIndex:
    """Builds the term index from the code set and the curated synonyms.

    Returns:
        A fresh index (takes several seconds).
    """
    builder = _Builder()
    prefs: dict[str, int] = {}

    def pref(code: str) -> int:
        if code not in prefs:
            prefs[code] = _code_preference(code, icd.description(code))
        return prefs[code]

    for synonym in load_synonyms():
        if not icd.is_billable(synonym.code):
            LOG.warning("curated synonym points at a non-billable code: %s", synonym.code)
            continue
        flags = FLAG_CURATED
        flags |= FLAG_CASE if synonym.case_sensitive else 0
        flags |= FLAG_SYMPTOM if synonym.symptom else 0
        flags |= FLAG_ANSWER_ONLY if synonym.answer_only else 0
        bag = frozenset(content_canons(synonym.term)) or frozenset(
            w for w in (fold(t) for t in synonym.term.split()) if w
        )
        case = synonym.term if synonym.case_sensitive else ""
        builder.add(
            bag,
            synonym.code,
            100_000 + pref(synonym.code),
            flags,
            case,
            doc=not synonym.case_sensitive,
            specialty=synonym.specialty,
        )

    for term in icd.raw_terms():
        if not term.text:
            continue
        surface = _abbreviation_surface(term.text)
        if surface:  # "LAD-I", "FFA": an abbreviation standing alone, written in capitals
            klass = _CLASS[(term.source, Level.FULL)] if term.source != "excludes" else _CLASS[("abbrev", Level.FULL)]
            bag = frozenset(content_canons(surface))
            builder.add(bag, term.code, klass * 1000 + pref(term.code), FLAG_CASE, surface)
            continue
        later_encounter = _is_later_encounter(term.code)
        for variant in variants(term.text, exact_only=later_encounter):
            if len(variant.bag) == 1 and (term.source == "excludes" or variant.level == Level.LAY):
                continue  # a lone word cut out of a cross-reference or rewrite is too loose
            klass = _CLASS[(term.source, variant.level)]
            doc = term.source in _RETRIEVAL_SOURCES and variant.level <= Level.OPTIONAL and not later_encounter
            title = tuple(canon_seq(term.text)) if term.source == "desc" and variant.level == Level.FULL else ()
            builder.add(variant.bag, term.code, klass * 1000 + pref(term.code), 0, doc=doc, title=title)
        if term.source in ("desc", "parent"):
            for word, flags in _pair_title_words(term.text, term.code):
                builder.add(frozenset({word}), term.code, _PAIR_WORD_CLASS * 1000 + pref(term.code), flags)
        if term.source != "excludes":
            _add_name_terms(builder, term.text, term.code, _CLASS[(term.source, Level.REDUCED)] * 1000 + pref(term.code))
            gene = gene_symbol(term.text)
            if gene:  # "a CTNNB1 mutation" names CTNNB1 syndrome; a category's own title beats its leaves'
                klass = _GENE_CLASS + (1 if term.source == "parent" else 0)
                builder.add(frozenset(content_canons(gene)), term.code, klass * 1000 + pref(term.code), 0)
            for abbrev in abbreviations(term.text):
                bag = frozenset(content_canons(abbrev)) or frozenset({fold(abbrev)})
                builder.add(bag, term.code, _CLASS[("abbrev", Level.FULL)] * 1000 + pref(term.code), FLAG_CASE, abbrev)
    return builder.finish()
