"""The clinical spaCy pipeline: sentencizer -> medical_terms -> negex -> condition_context.

Built on ``spacy.blank("en")`` (no pretrained model). The term index is loaded (or built
and cached, see :mod:`bot.clinical.index_cache`) when the pipeline is built, so the first
message does not pay for it.
"""
from __future__ import annotations

import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import spacy

_LOCK = threading.Lock()
_NLP: "spacy.Language | None" = None


def build_pipeline(warm: bool = True) -> "spacy.Language":
    """Builds a new clinical pipeline.

    Args:
        warm: Load the term index and spelling corrector now rather than on first use.

    Returns:
        ``spacy.blank("en")`` with ``sentencizer``, ``medical_terms``, ``negex`` (negspacy,
        patient-tuned term set, entity type ``CONDITION``) and ``condition_context``.
    """
    from bot.clinical import index_cache  # pylint: disable=import-outside-toplevel

    if warm:
        index_cache.prepare()  # a missing index cache builds in a child while spaCy imports

    import spacy  # pylint: disable=import-outside-toplevel
    import negspacy.negation  # noqa: F401  pylint: disable=import-outside-toplevel,unused-import

    from bot.clinical import components  # pylint: disable=import-outside-toplevel
    from bot.clinical.negation import patient_termset  # pylint: disable=import-outside-toplevel

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("medical_terms")
    nlp.add_pipe("negex", config={"neg_termset": patient_termset(), "ent_types": [components.LABEL]})
    nlp.add_pipe("condition_context")
    if warm:
        from bot.clinical.fuzzy import english_words  # pylint: disable=import-outside-toplevel
        from bot.clinical.matcher import corrector  # pylint: disable=import-outside-toplevel

        corrector()
        english_words()
    return nlp


def get_pipeline() -> "spacy.Language":
    """The shared pipeline of this process (built on first use).

    Returns:
        The pipeline.
    """
    global _NLP  # pylint: disable=global-statement
    if _NLP is None:
        with _LOCK:
            if _NLP is None:
                _NLP = build_pipeline()
    return _NLP
