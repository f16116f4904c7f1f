"""spaCy pipeline components: ``medical_terms`` and ``condition_context``.

(No ``from __future__ import annotations`` here: spaCy reads the factory signatures.)

``medical_terms`` finds condition mentions (see :mod:`bot.clinical.matcher`) and sets them
as ``doc.ents`` with label ``CONDITION``; each entity carries ``._.term_start`` /
``._.term_end`` (exact character offsets of the term, which a token-aligned entity may
exceed, e.g. in "<b>lupus</b>"), ``._.icd10_code``,
``._.icd10_display``, ``._.specialty``, ``._.match_score``, ``._.is_symptom`` and
``._.is_fuzzy``. ``condition_context`` (placed after negspacy's ``negex``) sets
``._.is_suspected``, ``._.is_historical`` and ``._.certainty`` (True / False / None), and
marks as negated (``._.negex``) a mention that is no condition of the patient's: only its
risk is named, or it is a relative's.
"""

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from bot.clinical.context import analyse
from bot.clinical.matcher import find_terms
from bot.clinical.specialty import specialty_for_code

LABEL = "CONDITION"

_SPAN_EXTENSIONS: dict[str, object] = {
    "term_start": None,
    "term_end": None,
    "icd10_code": None,
    "icd10_display": None,
    "specialty": None,
    "match_score": 0.0,
    "is_symptom": False,
    "is_fuzzy": False,
    "is_suspected": False,
    "is_historical": False,
    "certainty": None,
}


def register_extensions() -> None:
    """Registers the custom ``Span`` attributes (idempotent)."""
    for name, default in _SPAN_EXTENSIONS.items():
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)


@Language.factory("medical_terms", default_config={"fuzzy": True})
def create_medical_terms(nlp: Language, name: str, fuzzy: bool) -> "MedicalTerms":  # noqa: ARG001
    """Factory for :class:`MedicalTerms`."""
    return MedicalTerms(fuzzy=fuzzy)


class MedicalTerms:
    """Sets condition mentions as ``doc.ents`` (label ``CONDITION``)."""

    def __init__(self, fuzzy: bool = True) -> None:
        """Creates the component.

        Args:
            fuzzy: Whether misspellings may be corrected.
        """
        register_extensions()
        self.fuzzy = fuzzy

    def __call__(self, doc: Doc) -> Doc:
        """Finds the mentions of one document."""
        spans: list[Span] = []
        sentences = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
        for sent in sentences:
            for hit in find_terms(sent.text, fuzzy=self.fuzzy):
                span = doc.char_span(
                    sent.start_char + hit.start, sent.start_char + hit.end, label=LABEL, alignment_mode="expand"
                )
                if span is None:
                    continue
                span._.term_start = sent.start_char + hit.start
                span._.term_end = sent.start_char + hit.end
                span._.icd10_code = hit.code
                span._.icd10_display = hit.display
                span._.specialty = hit.specialty or specialty_for_code(hit.code)
                span._.match_score = hit.score
                span._.is_symptom = hit.symptom or hit.code.startswith("R")
                span._.is_fuzzy = hit.fuzzy
                spans.append(span)
        others = [e for e in doc.ents if e.label_ != LABEL]
        doc.ents = filter_spans(others + spans)
        return doc


@Language.factory("condition_context")
def create_condition_context(nlp: Language, name: str) -> "ConditionContext":  # noqa: ARG001
    """Factory for :class:`ConditionContext`."""
    return ConditionContext()


class ConditionContext:
    """Marks each condition mention suspected / historical and sets its certainty."""

    def __init__(self) -> None:
        """Creates the component."""
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        """Annotates the mentions of one document."""
        for ent in doc.ents:
            if ent.label_ != LABEL:
                continue
            sent = ent.sent if doc.has_annotation("SENT_START") else doc[:]
            start = ent.start_char - sent.start_char
            context = analyse(sent.text, start, start + len(ent.text), doc.text)
            ent._.is_suspected = context.suspected
            ent._.is_historical = context.historical
            with_negex = Span.has_extension("negex")
            negated = bool(ent._.get("negex")) if with_negex else False
            if context.not_the_patients and with_negex:
                # only its risk, or a relative's: like a negated one, not the patient's condition
                ent._.negex = negated = True
            ent._.certainty = None if negated else context.confirmed
        return doc
