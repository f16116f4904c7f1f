"""Best-effort code for a free-worded diagnosis that matches no term exactly.

Scores the printed titles, inclusion terms and curated terms by weighted word overlap
with the answer (inverse document frequency weights): the share of the answer's weight
the term covers times the square root of the share of the term's weight the answer
covers. Each answer word also counts when the term uses its clinical equivalent
("cancer" ~ "malignant neoplasm", "kidney" ~ "renal"). At least two answer words must
be covered, so a lone organ name ("prostate") proposes nothing, and at least one of them
must say what the patient has: body sites, sides, stages and procedures alone ("a second
opinion on my back", "stage 2") propose nothing either (see :mod:`bot.clinical.anatomy`). Used by
:func:`bot.clinical.diagnosis.normalise_diagnosis` as a last resort.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from bot.clinical.anatomy import names_condition
from bot.clinical.index_cache import get_index
from bot.clinical.matcher import MIN_FUZZY_SIMILARITY, corrector
from bot.clinical.text import NEGATION_BINDER, content_canons

#: Lay word -> clinical words a title may use instead.
_EQUIVALENTS: dict[str, tuple[str, ...]] = {
    "cancer": ("malignant", "neoplasm", "carcinoma"),
    "carcinoma": ("malignant", "neoplasm", "cancer"),
    "adenocarcinoma": ("malignant", "neoplasm", "carcinoma"),
    "malignancy": ("malignant", "neoplasm"),
    "tumor": ("neoplasm",),
    "growth": ("neoplasm",),
    "mass": ("neoplasm",),
    "lump": ("neoplasm", "mass"),
    "kidney": ("renal",),
    "renal": ("kidney",),
    "liver": ("hepatic",),
    "heart": ("cardiac",),
    "lung": ("pulmonary", "bronchus"),
    "brain": ("cerebral",),
    "stone": ("calculus",),
    "bone": ("osseous",),
    "blood": ("hematologic",),
    "stomach": ("gastric",),
    "bowel": ("intestine", "intestinal"),
    "spine": ("spinal", "vertebra"),
    "back": ("dorsalgia",),
    "torn": ("tear", "rupture"),
    "tear": ("rupture",),
    "broken": ("fracture",),
}

#: Words this frequent only score, they do not propose candidates.
_MAX_GENERATOR_DF = 4000
_TOP = 300
MIN_SCORE = 0.5


@dataclass(frozen=True)
class Retrieved:
    """A retrieved code.

    Attributes:
        code: Billable ICD-10-CM code.
        display: Its description.
        score: 0..1 overlap score.
    """

    code: str
    display: str
    score: float


def _query_groups(answer: str) -> tuple[list[frozenset[int]], list[bool]]:
    """Word-id groups of an answer (each word with its clinical equivalents).

    Args:
        answer: The patient's answer.

    Returns:
        The groups, and for each whether its word names a condition (not only a site).
    """
    index = get_index()
    groups: list[frozenset[int]] = []
    naming: list[bool] = []
    seen: set[str] = set()
    for canon in content_canons(answer):
        if canon in seen:
            continue
        seen.add(canon)
        if canon not in index.word_ids and not canon.startswith(NEGATION_BINDER):
            fixes = [c for c in corrector().correct(canon, limit=1) if c.similarity >= MIN_FUZZY_SIMILARITY]
            canon = fixes[0].canon if fixes else canon
        ids = {index.word_ids[w] for w in (canon, *_EQUIVALENTS.get(canon, ())) if w in index.word_ids}
        if ids:
            groups.append(frozenset(ids))
            naming.append(names_condition(canon))
    return groups, naming


def retrieve(answer: str, min_score: float = MIN_SCORE, min_naming: int = 1) -> Retrieved | None:
    """Finds the code whose official or curated wording overlaps most with an answer.

    Args:
        answer: The patient's answer.
        min_score: Lowest acceptable score.
        min_naming: Covered words that must name a condition (not a site, stage or
            procedure).

    Returns:
        The best code, or None when nothing overlaps enough.
    """
    index = get_index()
    groups, naming = _query_groups(answer)
    if len(groups) < 2 or sum(naming) < min_naming:
        return None
    n_docs = max(1, len(index.doc_entry))

    def idf(wid: int) -> float:
        return math.log(1.0 + n_docs / (1 + len(index.postings.get(wid, ()))))

    group_weight = [max(idf(w) for w in group) for group in groups]
    total = sum(group_weight)
    acc: dict[int, float] = {}
    for group, weight in zip(groups, group_weight):
        docs: set[int] = set()
        for wid in group:
            postings = index.postings.get(wid, ())
            if len(postings) <= _MAX_GENERATOR_DF:
                docs.update(postings)
        for doc in docs:
            acc[doc] = acc.get(doc, 0.0) + weight
    if not acc:
        return None
    best: tuple[float, int, int] | None = None
    for doc, _matched in sorted(acc.items(), key=lambda kv: -kv[1])[:_TOP]:
        doc_words = set(index.doc_words[index.doc_off[doc] : index.doc_off[doc + 1]])
        hit = [i for i, group in enumerate(groups) if group & doc_words]
        if len(hit) < 2 or sum(naming[i] for i in hit) < max(1, min_naming):
            continue
        covered = sum(group_weight[i] for i in hit)
        in_doc = sum(idf(w) for w in doc_words if any(w in groups[i] for i in hit))
        doc_total = sum(idf(w) for w in doc_words) or 1.0
        score = (covered / total) * math.sqrt(in_doc / doc_total)
        entry = index.doc_entry[doc]
        candidate = (score, index.e_rank[entry], -doc)
        if best is None or candidate > best:
            best = candidate
    if best is None or best[0] < min_score:
        return None
    entry = index.doc_entry[-best[2]]
    return Retrieved(index.code(entry), index.display(entry), round(best[0], 3))
