"""Rasa NLU component: turns any message that describes a current emergency into ``emergency``.

Runs after the intent classifier (see ``config.yml``). When ``bot.safety`` finds a red
flag, the message's intent becomes ``{"name": "emergency", "confidence": 1.0}`` at the
top of the intent ranking, whatever the classifier said, and a ``red_flag`` entity
names the category and where it was said. Nothing is trained: the rules live in
``bot/safety/red_flags.yml``.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_END,
    ENTITY_ATTRIBUTE_START,
    ENTITY_ATTRIBUTE_TYPE,
    ENTITY_ATTRIBUTE_VALUE,
    EXTRACTOR,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from bot.safety.detector import RedFlag, detect_red_flag, warm_up

EMERGENCY_INTENT = "emergency"
RED_FLAG_ENTITY = "red_flag"
EXTRACTOR_NAME = "RedFlagDetector"
CONFIDENCE_ENTITY = "confidence_entity"


def emergency_intent() -> Dict[Text, Any]:
    """Returns the intent a red flag forces."""
    return {INTENT_NAME_KEY: EMERGENCY_INTENT, PREDICTED_CONFIDENCE_KEY: 1.0}


def red_flag_entity(flag: RedFlag) -> Dict[Text, Any]:
    """Returns the ``red_flag`` entity for a detected flag.

    Args:
        flag: The red flag.

    Returns:
        A Rasa entity whose value is the red-flag category.
    """
    return {
        ENTITY_ATTRIBUTE_TYPE: RED_FLAG_ENTITY,
        ENTITY_ATTRIBUTE_VALUE: flag.category,
        ENTITY_ATTRIBUTE_START: flag.start,
        ENTITY_ATTRIBUTE_END: flag.end,
        EXTRACTOR: EXTRACTOR_NAME,
        CONFIDENCE_ENTITY: 1.0,
    }


def mark_emergency(message: Message, flag: RedFlag) -> None:
    """Overrides the message's intent with ``emergency`` and adds the ``red_flag`` entity.

    Args:
        message: The parsed message (modified in place).
        flag: The detected red flag.
    """
    intent = emergency_intent()
    ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get(INTENT_NAME_KEY) != EMERGENCY_INTENT]
    message.set(INTENT, intent, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [dict(intent), *ranking], add_to_output=True)
    entities = [e for e in message.get(ENTITIES) or [] if e.get(ENTITY_ATTRIBUTE_TYPE) != RED_FLAG_ENTITY]
    message.set(ENTITIES, [*entities, red_flag_entity(flag)], add_to_output=True)


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR],
    is_trainable=False,
)
class RedFlagDetector(GraphComponent):
    """Forces the ``emergency`` intent when a message describes a current emergency."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """No options: the rules ship with the project (``bot/safety/red_flags.yml``)."""
        return {}

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "RedFlagDetector":
        """Creates the component and builds the matcher, so no patient waits for it.

        Args:
            config: Unused (no options).
            model_storage: Unused (nothing is persisted).
            resource: Unused.
            execution_context: Unused.

        Returns:
            The component.
        """
        warm_up()
        return cls()

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "RedFlagDetector":
        """Loads the component (same as ``create``: nothing is trained)."""
        return cls.create(config, model_storage, resource, execution_context)

    @staticmethod
    def required_packages() -> List[Text]:
        """Python packages the component needs."""
        return ["spacy", "rapidfuzz", "yaml"]

    def process(self, messages: List[Message]) -> List[Message]:
        """Marks every message that describes a current emergency.

        Args:
            messages: Parsed messages (intent already classified).

        Returns:
            The same messages; red-flag ones now have the ``emergency`` intent first in
            their ranking and a ``red_flag`` entity.
        """
        for message in messages:
            text: Optional[Text] = message.get(TEXT)
            if not text or text.startswith("/"):  # button payloads are not free text
                continue
            flag = detect_red_flag(text)
            if flag is not None:
                mark_emergency(message, flag)
        return messages
