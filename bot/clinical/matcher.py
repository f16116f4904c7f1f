"""Finds condition terms in text with the term index.

Every content word gets its 64-bit hash from the index vocabulary (or, when unknown, the
hashes of its spelling corrections). A span grows word by word from each start; its
bag-of-words hash is the XOR of its distinct words, so each step is one dict lookup.
Function words neither count nor stop a span; unknown words and hard punctuation
(``. ; : ! ?`` and line breaks) stop it. Overlaps are resolved longest-first.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Mapping

from bot.clinical.anatomy import body_parts, site_adjectives
from bot.clinical.chromosome import chromosome_changes
from bot.clinical.readings import readings
from bot.clinical.fuzzy import Corrector, english_words
from bot.clinical.index_cache import get_index
from bot.clinical.lexicon import FLAG_ANSWER_ONLY, FLAG_CASE, FLAG_CURATED, FLAG_NAME, FLAG_SYMPTOM, TermIndex
from bot.clinical.text import NEGATION_BINDER, STOPWORDS, Word, canonical, ordered_hash, words

MAX_SPAN_WORDS = 40
#: A span across one of these needs three or more words ("heart failure and kidney
#: stones" holds no "failure and kidney"), unless it is the whole answer.
_CONJUNCTIONS = frozenset({"and", "or"})
_MIN_WORDS_ACROSS_CONJUNCTION = 3
MIN_FUZZY_SIMILARITY = 0.75
_SEPARATORS = re.compile(r"[\W_]+")
#: Short abbreviations that are also everyday words in lower case ("I have all the records").
_LOWER_CASE_BLOCKED = frozenset(
    "all can cad pad mad am pm as it us ad add ed mi pe hit net aid aids pot pots tia mg hd mr dr ok hi".split()
)
#: A diagnosis cue right before a term that only counts after one: a lower-case abbreviation
#: ("i was diagnosed with ms") or a disease's eponym ("diagnosed with Marfan's").
_DIAGNOSIS_CUE = re.compile(
    r"\b(?:diagnosed with|dx with|dx'd with|diagnosis of|treated for|i have|i've got|i got|he has|she has|has|have|had|"
    r"suffer(?:s|ing)? from|living with|my|his|her)\s+$",
    re.IGNORECASE,
)
#: Capitalised words that may follow an abbreviation without making it part of a name
#: ("AML Cancer", "MS Im searching"), unlike "UC Davis": what the condition is, and words
#: that start a new sentence in text typed without punctuation.
_FOLLOWERS_OF_A_CONDITION = frozenset(
    "cancer carcinoma disease syndrome disorder leukemia leukaemia lymphoma tumor tumour flare flares relapse "
    "diagnosis symptoms type stage patient patients im ive id ill dont cant didnt doesnt thanks thank please "
    "help".split()
)
#: Prefixes patients write apart from their word ("post concussion", "hypo thyroid", "sub dural").
_BOUND_PREFIXES = frozenset(
    "post pre anti hyper hypo peri intra inter sub supra pseudo para poly retro auto micro macro multi".split()
)
_HARD_BREAK = re.compile(r"[.;:!?\n]")
#: A word joined by a hyphen to where a mention starts ("a-" of "a-fib").
_HYPHENATED_PREFIX = re.compile(r"[^\W_]+-$")
_CLASS_SCORE = (
    (100, 1.0),
    (88, 1.0),
    (78, 0.95),
    (70, 0.9),
    (58, 0.9),
    (48, 0.85),
    (0, 0.75),
)


@dataclass(frozen=True)
class TermHit:
    """A term found in text.

    Attributes:
        start: Character offset of the first word.
        end: Character offset just past the last word.
        code: Billable ICD-10-CM code.
        display: Official description of the code.
        score: 0..1 confidence (1.0 exact printed or curated term).
        words: Content words covered.
        rank: Rank of the index entry (class * 1000 + preference).
        fuzzy: Whether a spelling correction was needed.
        symptom: The term names a symptom or finding.
        curated: The term comes from the curated synonym files.
        specialty: Routing specialty set by a curated term ("" to use the code's).
    """

    start: int
    end: int
    code: str
    display: str
    score: float
    words: int
    rank: int
    fuzzy: bool
    symptom: bool
    curated: bool
    specialty: str = ""


@dataclass
class _Slot:
    canon: str
    start: int
    end: int
    first: int  # index into the word list
    last: int
    options: tuple[tuple[int, float, str], ...]  # (hash, similarity, canon), best first
    broken: bool  # hard punctuation before this slot
    joined: bool  # a conjunction ("and", "or") before this slot


#: Adjective endings -> the noun ending of the condition ("epileptic" -> "epilepsy").
_ADJECTIVE_NOUN = (
    ("leptic", "lepsy"),
    ("thmatic", "thma"),
    ("istic", "ism"),
    ("emic", "emia"),
    ("itic", "itis"),
    ("otic", "osis"),
    ("betic", "bete"),  # canonical "diabetes" is "diabete"
    ("ergic", "ergy"),  # "allergic to penicillin" -> allergy
)
#: Adjectives whose noun no ending rule gives ("my son is deaf", "she is paralysed").
#: Left out: moods that are also ordinary feelings ("depressed", "anxious").
_IRREGULAR_NOUNS = {
    "deaf": "deafness", "blind": "blindness", "paralyzed": "paralysis", "paralysed": "paralysis",
    "infertile": "infertility", "hypertensive": "hypertension", "jaundiced": "jaundice",
    "constipated": "constipation", "dehydrated": "dehydration", "obese": "obesity", "dizzy": "dizziness",
    "nauseous": "nausea", "nauseated": "nausea", "insomniac": "insomnia", "infected": "infection",
    "broken": "fracture",  # also "broke", "fractured" (one canonical form)
    "blocked": "blockage", "narrowed": "narrowing",
    "swell": "swollen", "swelled": "swollen", "swelling": "swollen",  # "my gland swells up" is a swollen gland
}
#: Written words that name a condition only together with a site: "a broken wrist" is a
#: fracture, "my heart is broken" is not.
_ONLY_WITH_A_SITE = frozenset({"broken"})
#: Similarity given to the noun read from an adjective (below an exact word, above a typo).
_ADJECTIVE_SIMILARITY = 0.97


def noun_forms(canon: str, vocab: dict[str, int]) -> tuple[str, ...]:
    """The condition nouns an adjective stands for, when the index knows them.

    "My son is epileptic", "I am asthmatic", "she is anemic", "he is deaf": the adjective
    names the condition whose title uses the noun.

    Args:
        canon: A canonical word.
        vocab: The index vocabulary.

    Returns:
        Known nouns (usually none or one).
    """
    irregular = _IRREGULAR_NOUNS.get(canon)
    if irregular is not None:
        return (irregular,) if irregular in vocab else ()
    return tuple(
        noun
        for ending, replacement in _ADJECTIVE_NOUN
        if canon.endswith(ending) and len(canon) - len(ending) >= 2
        for noun in (canon[: -len(ending)] + replacement,)
        if noun in vocab
    )


def _class_score(rank: int) -> float:
    klass = rank // 1000
    for floor, score in _CLASS_SCORE:
        if klass >= floor:
            return score
    return 0.75  # pragma: no cover


@lru_cache(maxsize=1)
def corrector() -> Corrector:
    """The spelling corrector over the term vocabulary (built on first use)."""
    index = get_index()
    weights = {word: len(index.postings.get(wid, ())) for word, wid in index.word_ids.items()}
    return Corrector(index.vocab, weights)


def _slots(text: str, ws: list[Word], index: TermIndex, fuzzy: bool) -> list[_Slot]:
    slots: list[_Slot] = []
    corrector_ = corrector() if fuzzy else None
    pending: Word | None = None
    pending_index = -1
    last_end = 0
    joined = False
    for i, word in enumerate(ws):
        if word.canon == NEGATION_BINDER:
            pending, pending_index = word, i
            continue
        if word.is_stop:
            joined = joined or word.canon in _CONJUNCTIONS
            continue
        start, first, canon = word.start, i, word.canon
        if pending is not None:
            start, first, canon = pending.start, pending_index, f"{NEGATION_BINDER}_{canon}"
            pending = None
        broken = bool(_HARD_BREAK.search(text, last_end, start)) if slots else False
        last_end = word.end
        value = index.vocab.get(canon)
        if value is not None:
            options: tuple[tuple[int, float, str], ...] = ((value, 1.0, canon),)
            if corrector_ is not None and corrector_.is_rare(canon):
                options += tuple(
                    (index.vocab[c.canon], c.similarity, c.canon)
                    for c in corrector_.correct(canon, known=True)
                    if c.similarity >= MIN_FUZZY_SIMILARITY
                )
        elif corrector_ is not None:
            options = tuple(
                (index.vocab[c.canon], c.similarity, c.canon)
                for c in corrector_.correct(canon)
                if c.similarity >= MIN_FUZZY_SIMILARITY
            ) or _without_combining_form(canon, index)
        else:
            options = ()
        options += tuple(
            (index.vocab[noun], _ADJECTIVE_SIMILARITY, noun)
            for noun in noun_forms(canon, index.vocab)
            if all(noun != o[2] for o in options)
        )
        adjective = site_adjectives().get(canon)  # "stenosis of the spine" is spinal stenosis
        if adjective in index.vocab and all(adjective != o[2] for o in options):
            options += ((index.vocab[adjective], 1.0, adjective),)
        slots.append(_Slot(canon, start, word.end, first, i, options, broken, joined and bool(slots)))
        joined = False
    return slots


_COMPOUND_GAP = re.compile(r"^[ -]?$")
#: Leading combining forms of medical compounds ("fronto-" of "frontometaphyseal"), longest first.
_COMBINING_FORMS = tuple(
    sorted(
        """fronto cranio facio oculo oto naso rhino cerebro cerebello spino ponto pallido striato myelo encephalo
        meningo neuro myo osteo chondro arthro spondylo dermato hepato spleno nephro pyelo cysto uro gastro entero
        colo procto recto cardio angio pneumo broncho tracheo laryngo pharyngo esophago thyro adreno adeno lympho
        hemato thrombo fibro lipo tricho onycho acro scapulo humero peroneo""".split(),
        key=len,
        reverse=True,
    )
)
#: Similarity given to a compound read without its first part (below a one-letter typo of a short word).
_COMBINING_FORM_SIMILARITY = 0.85
_MIN_COMBINED_REST = 5


def _without_combining_form(canon: str, index: TermIndex) -> tuple[tuple[int, float, str], ...]:
    """An unknown compound read as its known second part ("frontometaphyseal" -> "metaphyseal").

    Medical words are built from combining forms; a rare compound the index lacks is at
    least a kind of the condition or site its last part names ("craniometaphyseal
    dysplasia" is a metaphyseal dysplasia). The reading ranks as a spelling correction.

    Args:
        canon: A canonical word the index does not know.
        index: The term index.

    Returns:
        The option for the second part, or nothing.
    """
    for form in _COMBINING_FORMS:
        if canon.startswith(form) and len(canon) - len(form) >= _MIN_COMBINED_REST:
            rest = canon[len(form) :]
            for known in (rest, rest[1:]) if rest[0] in "aeio" else (rest,):  # or a linking vowel written twice
                if known in index.vocab:
                    return ((index.vocab[known], _COMBINING_FORM_SIMILARITY, known),)
    return ()


def _single_word_term(canon: str, index: TermIndex) -> bool:
    """Whether a word alone is a term of the index."""
    value = index.vocab.get(canon)
    return value is not None and bool(index.entries_for(value))


def _joinable(word: Word) -> bool:
    return word.text.isalpha() and not word.is_stop


def join_compounds(text: str, ws: list[Word], index: TermIndex) -> list[Word]:
    """Joins two words written apart that the index knows as one ("chicken pox", "heart burn").

    The pair is joined when the joined word is in the index and either one of the two
    is not, or the joined word is a term by itself.

    Args:
        text: The text the words come from.
        ws: Its words.
        index: The term index.

    Returns:
        The words, with such pairs made one.
    """
    vocab = index.vocab
    return _join_pairs(
        text,
        ws,
        _joinable,
        lambda word, nxt, joined: joined in vocab
        and (word.canon not in vocab or nxt.canon not in vocab or _single_word_term(joined, index)),
    )


def _join_pairs(
    text: str,
    ws: list[Word],
    starts: Callable[[Word], bool],
    accepts: Callable[[Word, Word, str], bool],
) -> list[Word]:
    """Makes one word of each pair written apart ("heart burn", "post-menopausal") that ``accepts`` takes.

    Args:
        text: The text the words come from.
        ws: Its words.
        starts: Whether a word may be the first of a pair (the second must be a content word).
        accepts: Given the two words and the canonical form of the joined one, whether to join them.

    Returns:
        The words, with the accepted pairs made one.
    """
    out: list[Word] = []
    i = 0
    while i < len(ws):
        word = ws[i]
        if i + 1 < len(ws) and starts(word) and _joinable(ws[i + 1]):
            nxt = ws[i + 1]
            if _COMPOUND_GAP.match(text[word.end : nxt.start]):
                joined = canonical(word.text + nxt.text)
                if accepts(word, nxt, joined):
                    out.append(Word(text[word.start : nxt.end], joined, word.start, nxt.end))
                    i += 2
                    continue
        out.append(word)
        i += 1
    return out


def _lower_case_ok(text: str, start: int, required: str) -> bool:
    """A lower-case abbreviation counts right after a diagnosis cue ("i was diagnosed with ms")."""
    lowered = required.lower()
    if lowered in STOPWORDS or lowered in _LOWER_CASE_BLOCKED or lowered in english_words() or len(lowered) < 2:
        return False
    return bool(_DIAGNOSIS_CUE.search(text[max(0, start - 40) : start]))


def _title_cased_tail(written: str, wanted: str) -> bool:
    """A name written exactly, with the words after it in another case ("Best Disease", "Job Syndrome").

    Only the first word of a case-sensitive name tells it from ordinary English ("best",
    "job"); "disease" or "syndrome" after it may be capitalised like the rest of a title.
    """
    head, _, tail = wanted.partition(" ")
    written_head, _, written_tail = written.partition(" ")
    return bool(tail) and written_head == head and written_tail.lower() == tail.lower()


def _case_ok(text: str, ws: list[Word], slot_a: _Slot, slot_b: _Slot, required: str) -> bool:
    """Checks a case-sensitive abbreviation ("MS", not "ms"; not "5 MS"; not "UC Davis").

    Written all in lower case it may still count after a diagnosis cue; written in any
    other case it is another abbreviation ("PSA", a blood test, is not "PsA").
    """
    written = _SEPARATORS.sub(" ", text[slot_a.start : slot_b.end]).strip()
    wanted = _SEPARATORS.sub(" ", required).strip()
    if written != wanted and not (
        written.islower() and written == wanted.lower() and _lower_case_ok(text, slot_a.start, required)
    ) and not _title_cased_tail(written, wanted):
        return False
    if slot_a.first > 0 and ws[slot_a.first - 1].text.isdigit():
        return False
    if slot_b.last + 1 < len(ws):
        follower = ws[slot_b.last + 1]
        between = text[slot_b.end : follower.start]
        lowered = follower.text.lower()
        if (
            follower.text[:1].isupper()
            and not between.strip()
            and lowered not in STOPWORDS
            and lowered not in _FOLLOWERS_OF_A_CONDITION
        ):
            if not follower.text.isupper() or len(follower.text) > 5:
                return False
    letters = [c for c in text if c.isalpha()]
    if len(letters) > 12 and all(c.isupper() for c in letters):
        return False
    return True


_POSSESSIVE_END = ("'s", "\u2019s", "s'")
#: The word right after a name, when only spaces separate them.
_NEXT_WORD = re.compile(r" +([A-Za-z]+)")
#: Words after "Wilson's" that it does not own ("Wilson's since 2019", "Wilson's and ...").
_NOT_OWNED = STOPWORDS | frozenset(
    "since last when now too already but because disease syndrome diagnosed type stage".split()
)


def named_after_a_cue(text: str, first: _Slot, last: _Slot) -> bool:
    """Whether a disease's eponym stands in running text as the disease.

    Written capitalised with a possessive ("Marfan's") right after a diagnosis cue ("my son
    has Addison's"; not "Marfan is my surgeon", not "Dr. Wilson's office"); the name alone
    is otherwise a whole answer only, since names are people too.

    Args:
        text: The text.
        first: The name's first slot.
        last: Its last slot.

    Returns:
        True when the name may count.
    """
    written = text[first.start : last.end]
    follower = _NEXT_WORD.match(text, last.end)
    owned = follower is not None and follower.group(1).lower() not in _NOT_OWNED
    return (
        written[:1].isupper()
        and written.endswith(_POSSESSIVE_END)
        and not owned  # "has Alexander's toy": the name owns the next word
        and bool(_DIAGNOSIS_CUE.search(text[max(0, first.start - 40) : first.start]))
    )


def _resolve(
    text: str,
    ws: list[Word],
    slots: list[_Slot],
    i: int,
    j: int,
    key: int,
    index: TermIndex,
    whole: bool,
) -> int | None:
    """Picks the first acceptable entry stored under a span's bag hash."""
    if key in index.collided:
        seq = [w.canon for w in ws[slots[i].first : slots[j].last + 1]]
        entry = index.ordered.get(ordered_hash(seq))
        if entry is not None:
            return entry
    for entry in index.entries_for(key):
        flags = index.e_flags[entry]
        if flags & FLAG_ANSWER_ONLY and not whole and not (flags & FLAG_NAME and named_after_a_cue(text, slots[i], slots[j])):
            continue
        required = index.e_case.get(entry, "")
        if flags & FLAG_CASE and not _case_ok(text, ws, slots[i], slots[j], required):
            lone = whole and i == j and text.strip().lower() == required.lower()
            if not lone:
                continue
        return entry
    return None


def _spans_from(
    text: str,
    ws: list[Word],
    slots: list[_Slot],
    i: int,
    choice: dict[int, int],
    index: TermIndex,
    whole_answer: bool,
) -> list[tuple[int, int, int, float]]:
    """All (start slot, end slot, entry, similarity) found growing a span from slot ``i``."""
    found = []
    key = 0
    seen: set[str] = set()
    similarity = 1.0
    crossed = False
    for j in range(i, min(len(slots), i + MAX_SPAN_WORDS)):
        slot = slots[j]
        if (j > i and slot.broken) or not slot.options:
            break
        crossed = crossed or (j > i and slot.joined)
        value, sim, canon = slot.options[choice.get(j, 0)]
        similarity = min(similarity, sim)
        if canon not in seen:
            seen.add(canon)
            key ^= value
        whole = whole_answer and i == 0 and j == len(slots) - 1
        if crossed and not whole and len(seen) < _MIN_WORDS_ACROSS_CONJUNCTION:
            continue
        entry = _resolve(text, ws, slots, i, j, key, index, whole)
        if entry is not None:
            found.append((i, j, entry, similarity))
    return found


def join_prefixes(text: str, ws: list[Word], index: TermIndex, fuzzy: bool) -> list[Word]:
    """Joins a prefix written apart to the word it belongs to ("post concussion", "post-menopausal").

    Unlike :func:`join_compounds` this is one reading among two: "post concussion
    syndrome" names the postconcussional syndrome, "post concussion headaches" still
    names a concussion. :func:`find_terms` matches both readings and keeps the longer
    terms. The joined word must be in the index, or (with ``fuzzy``) close to a word
    that is ("postconcussion" -> "postconcussional").

    Args:
        text: The text the words come from.
        ws: Its words (after :func:`join_compounds`).
        index: The term index.
        fuzzy: Whether the joined word may be a spelling away from an index word.

    Returns:
        The words with such pairs made one; the same list when there is none.
    """
    out = _join_pairs(
        text,
        ws,
        lambda word: word.canon in _BOUND_PREFIXES,
        lambda _word, _nxt, joined: joined in index.vocab or bool(fuzzy and corrector().correct(joined)),
    )
    return out if len(out) < len(ws) else ws


#: The shortest word that may be two run together, and the shortest part ("lungcancer").
_RUN_TOGETHER_MIN = 7
_RUN_TOGETHER_PART = 3


def split_run_together(text: str, ws: list[Word], index: TermIndex) -> list[Word]:
    """Splits words typed without the space between them ("breastcancer", "multiplesclerosis").

    Like :func:`join_prefixes` this is a second reading: :func:`find_terms` keeps only its
    terms that span the space put back, and only where they are longer. A word is split when
    neither the index nor the English word list knows it and it is, at exactly one point,
    two words the index knows.

    Args:
        text: The text the words come from.
        ws: Its words (after :func:`join_compounds`).
        index: The term index.

    Returns:
        The words with such words made two; the same list when there is none.
    """
    vocab, english = index.vocab, english_words()
    out: list[Word] = []
    for word in ws:
        parts = None
        if len(word.canon) >= _RUN_TOGETHER_MIN and word.text.isalpha() and len(word.text) == word.end - word.start:
            if word.canon not in vocab and word.canon not in english:
                parts = _two_index_words(word, vocab) or _index_word_and_function_words(word, vocab)
        out += parts or [word]
    return out if len(out) > len(ws) else ws


def _function_words(letters: str) -> list[str] | None:
    """``letters`` as function words run together ("inthe" -> "in", "the"), or None."""
    if not letters:
        return []
    for k in range(len(letters), 1, -1):
        if letters[:k] in STOPWORDS:
            rest = _function_words(letters[k:])
            if rest is not None:
                return [letters[:k], *rest]
    return None


def _index_word_and_function_words(word: Word, vocab: Mapping[str, int]) -> list[Word] | None:
    """An index word with the function words after it run on ("MSinher", "cancerofthe").

    The index word may be a two-letter abbreviation when it is written in capitals.
    """
    found = []
    for k in range(2, len(word.text) - 1):
        head = word.text[:k]
        if (k >= _RUN_TOGETHER_PART or head.isupper()) and canonical(head) in vocab and canonical(head) not in STOPWORDS:
            tail = _function_words(word.text[k:].lower())
            if tail:
                found.append((k, tail))
    if len(found) != 1:
        return None
    k, tail = found[0]
    out = [Word(word.text[:k], canonical(word.text[:k]), word.start, word.start + k)]
    at = word.start + k
    for part in tail:
        out.append(Word(word.text[at - word.start : at - word.start + len(part)], part, at, at + len(part)))
        at += len(part)
    return out


#: Words that only say where on a site or which side ("a cyst on my right ovary", "a lump in
#: front of my ear"). Terms that name a side keep them in the first reading.
_WHERE_ON_THE_SITE = frozenset(
    "right left both bilateral front behind beside near next above below under underneath inside around".split()
)


def drop_where_on_the_site(ws: list[Word]) -> list[Word]:
    """The words without those that only say which side or where on a site.

    A third reading: "cyst on the right ovary" is an ovarian cyst even where no code names
    the side, "fracture of my left wrist" a wrist fracture. :func:`find_terms` keeps its
    terms only where they span a word left out, and only where they are longer than the
    first reading's ("cancer in my left breast" keeps the code for the left breast).

    Args:
        ws: The words (after :func:`join_compounds`).

    Returns:
        The words without them; the same list when there is none.
    """
    out = [w for w in ws if w.canon not in _WHERE_ON_THE_SITE]
    return out if len(out) < len(ws) else ws


def _two_index_words(word: Word, vocab: Mapping[str, int]) -> list[Word] | None:
    found = []
    for k in range(_RUN_TOGETHER_PART, len(word.text) - _RUN_TOGETHER_PART + 1):
        left, right = canonical(word.text[:k]), canonical(word.text[k:])
        if left in vocab and right in vocab and left not in STOPWORDS and right not in STOPWORDS:
            found.append(k)
    if len(found) != 1:
        return None
    k = found[0]
    return [
        Word(word.text[:k], canonical(word.text[:k]), word.start, word.start + k),
        Word(word.text[k:], canonical(word.text[k:]), word.start + k, word.end),
    ]


def _candidates(text: str, ws: list[Word], index: TermIndex, fuzzy: bool, whole_answer: bool) -> list[TermHit]:
    """Every term hit of one reading of the words, overlapping ones included."""
    slots = _slots(text, ws, index, fuzzy)
    candidates: list[tuple[int, int, int, float]] = []
    for i, slot in enumerate(slots):
        if not slot.options:
            continue
        candidates += _spans_from(text, ws, slots, i, {}, index, whole_answer)
        for p in range(i, min(len(slots), i + MAX_SPAN_WORDS)):
            if (p > i and slots[p].broken) or not slots[p].options:
                break
            for alt in range(1, len(slots[p].options)):
                candidates += [
                    c for c in _spans_from(text, ws, slots, i, {p: alt}, index, whole_answer) if c[1] >= p
                ]
    hits = [_hit(text, slots, c, index) for c in candidates]
    return [h for h in hits if h is not None]


def find_terms(text: str, *, fuzzy: bool = True, whole_answer: bool = False) -> list[TermHit]:
    """Finds non-overlapping condition terms in a text.

    Args:
        text: A sentence or message.
        fuzzy: Whether misspelled words may be corrected.
        whole_answer: The text is an answer to "what is the diagnosis?": terms that are
            too ambiguous in running text are allowed when they make up the whole text.

    Returns:
        Hits in text order.
    """
    index = get_index()
    ws = join_compounds(text, words(text), index)
    hits = _candidates(text, ws, index, fuzzy, whole_answer)
    for reading, keeps in _second_readings(text, ws, index, fuzzy):
        hits += [h for h in _candidates(text, reading, index, fuzzy, whole_answer) if keeps(h)]
    hits += [_described_hit(c.start, c.end, c.code, c.display, c.words, symptom=False) for c in chromosome_changes(text)]
    measured = readings(text)
    hits = [h for h in hits if not any(r.start <= h.start and h.end <= r.end for r in measured)]
    hits += [_described_hit(r.start, r.end, r.code, r.display, r.words, symptom=True) for r in measured if r.code]
    return _select(hits)


def _second_readings(
    text: str, ws: list[Word], index: TermIndex, fuzzy: bool
) -> list[tuple[list[Word], Callable[[TermHit], bool]]]:
    """The other readings of the words, each with the test a hit of it must pass to count.

    A prefix joined to its word counts wherever it is read; a word split in two only in a
    term that spans the space put back; the words without side and position words only in a
    term that spans one of them. (An organ's noun read as its adjective is not a
    reading of its own but one more option of its word, see :func:`_slots`.)
    """
    out: list[tuple[list[Word], Callable[[TermHit], bool]]] = []
    prefixed = join_prefixes(text, ws, index, fuzzy)
    if prefixed is not ws:
        out.append((prefixed, lambda _hit: True))
    split = split_run_together(text, ws, index)
    if split is not ws:
        joins = {w.end for w in split} - {w.end for w in ws}
        # before function words run on, a term may end at the space put back ("lung TB|in the")
        tails = {w.start for w in split if w.is_stop} & joins
        out.append((split, lambda hit: any(hit.start < j < hit.end or j in tails and j == hit.end for j in joins)))
    placed = drop_where_on_the_site(ws)
    if placed is not ws:
        left_out = [w.start for w in ws if w.canon in _WHERE_ON_THE_SITE]
        out.append((placed, lambda hit: any(hit.start < s < hit.end for s in left_out)))
    return out


#: A chromosome change or a measured value is read from a full description: rank and score of a curated term.
_DESCRIBED_RANK = 100_000
_DESCRIBED_SCORE = 0.9


def _described_hit(start: int, end: int, code: str, display: str, covered: int, *, symptom: bool) -> TermHit:
    """The hit of a chromosome change or of a measured value (a finding, so a symptom)."""
    return TermHit(
        start=start,
        end=end,
        code=code,
        display=display,
        score=_DESCRIBED_SCORE,
        words=covered,
        rank=_DESCRIBED_RANK,
        fuzzy=False,
        symptom=symptom,
        curated=True,
    )


#: Words that make the site before them where a cancer spread to ("bone metastases", "liver mets").
_SPREAD_WORDS = frozenset({"metastasis", "metastatic", "met"})
#: Secondary malignant neoplasms: the codes that may end on such a site.
_SECONDARY = ("C77", "C78", "C79")


def _ends_on_a_site_of_spread(slots: list[_Slot], j: int, code: str) -> bool:
    """Whether a primary-cancer term ends on the site of a metastasis ("cancer with bone| metastases")."""
    return (
        j + 1 < len(slots)
        and slots[j + 1].canon in _SPREAD_WORDS
        and not slots[j + 1].broken
        and slots[j].canon in body_parts()
        and not code.startswith(_SECONDARY)
    )


def _hit(text: str, slots: list[_Slot], cand: tuple[int, int, int, float], index: TermIndex) -> TermHit | None:
    i, j, entry, similarity = cand
    fuzzy = similarity < 1.0
    flags = index.e_flags[entry]
    if _ends_on_a_site_of_spread(slots, j, index.code(entry)):
        return None
    n_words = j - i + 1
    if n_words == 1 and slots[i].canon in _ONLY_WITH_A_SITE:
        return None
    if fuzzy and (flags & FLAG_CASE or (n_words == 1 and similarity < _single_word_floor(slots[i].canon))):
        return None
    score = _class_score(index.e_rank[entry]) * (similarity * 0.95 if fuzzy else 1.0)
    return TermHit(
        start=_written_start(text, slots[i].start),
        end=slots[j].end,
        code=index.code(entry),
        display=index.display(entry),
        score=round(score, 3),
        words=n_words,
        rank=index.e_rank[entry],
        fuzzy=fuzzy,
        symptom=bool(flags & FLAG_SYMPTOM),
        curated=bool(flags & FLAG_CURATED),
        specialty=index.e_specialty.get(entry, ""),
    )


def _written_start(text: str, start: int) -> int:
    """Moves a mention's start back over a hyphenated prefix, so it reads as written.

    Matching skips function words, so "a-fib" matches on "fib"; the mention the patient
    sees again ("I've noted a-fib") must still be the whole written word.
    """
    prefix = _HYPHENATED_PREFIX.search(text, max(0, start - 20), start)
    return prefix.start() if prefix else start


def _single_word_floor(canon: str) -> float:
    """Similarity a lone corrected word needs (long words tolerate two edits)."""
    return 0.75 if len(canon) >= 7 else 0.8


def _select(hits: list[TermHit]) -> list[TermHit]:
    """Keeps the longest, closest, best-ranked non-overlapping hits, in text order."""
    ordered = sorted(hits, key=lambda h: (-h.words, h.fuzzy, -h.score, -h.rank, h.start))
    chosen: list[TermHit] = []
    for hit in ordered:
        if all(hit.end <= c.start or hit.start >= c.end for c in chosen):
            chosen.append(hit)
    return sorted(chosen, key=lambda h: h.start)
