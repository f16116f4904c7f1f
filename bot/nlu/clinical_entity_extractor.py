"""Rasa NLU component: condition mentions normalised to ICD-10-CM, beside DIET.

Every message is run through the project's clinical spaCy pipeline (bot.clinical). Each
condition mention becomes a ``condition`` entity whose value carries the ICD-10-CM code,
its display text, the routing specialty, and whether it is confirmed, negated or
historical; the one the patient most likely wants reviewed is marked ``main``. Short
messages that are entirely a condition name ("a-fib", "slipped disk") are normalised as
a whole when no mention is found inside them (external causes, such as "fell off a
ladder", are not conditions and are left out); in longer ones without a mention, a clause
that overlaps a code's title well is taken as a best-effort guess, and failing that a
condition named in words the code set lacks ("Kartagener's syndrome") is kept without a
code.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.clinical.diagnosis import (
    DiagnosisMatch,
    find_diagnoses,
    guess_diagnosis,
    is_external_cause,
    main_diagnosis,
    named_condition,
    normalise_diagnosis,
)
from bot.clinical.pipeline import get_pipeline

ENTITY = "condition"
#: Answers up to this many words may be a bare condition name.
WHOLE_ANSWER_MAX_WORDS = 8


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class ClinicalEntityExtractor(GraphComponent, EntityExtractorMixin):
    """Adds ``condition`` entities found by the project's clinical pipeline."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """No options: the lexicon ships with the project."""
        return {}

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "ClinicalEntityExtractor":
        """Creates the component (training does not use the clinical pipeline: it loads on first use)."""
        return cls()

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "ClinicalEntityExtractor":
        """Loads the component for serving with the clinical pipeline ready, so no patient waits for it.

        Loading the term index and the spaCy pipeline takes seconds (more when the index
        cache must be rebuilt after a data change); on a patient's first message it would
        hold up every conversation of the Rasa process for that long.
        """
        get_pipeline()
        return cls.create(config, model_storage, resource, execution_context)

    def process(self, messages: List[Message]) -> List[Message]:
        """Adds condition entities to each message."""
        for message in messages:
            text = message.get(TEXT) or ""
            if not text or text.startswith("/"):
                continue
            entities = condition_entities(text)
            if entities:
                message.set(ENTITIES, message.get(ENTITIES, []) + entities, add_to_output=True)
        return messages


def condition_entities(text: str) -> List[Dict[str, Any]]:
    """The ``condition`` entities of a text, in Rasa's entity format."""
    matches = [m for m in find_diagnoses(text) if not is_external_cause(m)]
    main = main_diagnosis(text) if matches else None
    if not matches:
        short = len(text.split()) <= WHOLE_ANSWER_MAX_WORDS
        whole = normalise_diagnosis(text) if short else (guess_diagnosis(text) or named_condition(text))
        if whole is not None:
            matches, main = [whole], whole
    return [_entity(match, main) for match in matches]


def _entity(match: DiagnosisMatch, main: Optional[DiagnosisMatch]) -> Dict[str, Any]:
    return {
        "entity": ENTITY,
        "start": match.start,
        "end": match.end,
        "value": {
            "text": match.text,
            "code": match.code,
            "display": match.display,
            "specialty": match.specialty,
            "confirmed": match.confirmed,
            "negated": match.negated,
            "historical": match.historical,
            "main": main is not None and (match.start, match.end) == (main.start, main.end),
            "score": round(float(match.score), 3),
        },
        "confidence_entity": round(float(match.score), 3),
        "extractor": "ClinicalEntityExtractor",
    }
