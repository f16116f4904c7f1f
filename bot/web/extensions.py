"""Extension point: features that add routes or resources to the web app.

An extension is a callable ``setup(app: web.Application) -> None`` that may add
routes, ``app.cleanup_ctx`` entries, signals or middlewares. It runs after the core
routes and resources are registered, so it can rely on ``bot.web.keys`` (settings,
engine, session factory, intake store; those from cleanup contexts exist once the
app has started). Tests pass extensions to ``create_app(..., extensions=[...])``;
``python -m bot.web`` loads those named in :data:`DEFAULT_EXTENSIONS`.

To add a feature, write ``setup(app)`` in your own package and append its
``"package.module:setup"`` path to :data:`DEFAULT_EXTENSIONS`.
"""
from __future__ import annotations

import importlib
from typing import Callable, Iterable, List, Tuple

from aiohttp import web

AppExtension = Callable[[web.Application], None]

DEFAULT_EXTENSIONS: Tuple[str, ...] = (
    # The FHIR Questionnaire the QuestionnaireResponse of every handed-off intake links to.
    "bot.handoff.questionnaire:add_questionnaire_routes",
    "bot.console.app:setup",  # care navigator console under /console
    "bot.channels.sms_twilio_webhook:setup",  # Twilio SMS webhook
    "bot.channels.web_chat:setup",  # patient chat page, embeddable widget and its API under /chat
)


def load_extension(path: str) -> AppExtension:
    """Imports ``"package.module:callable"`` and returns the callable.

    Raises:
        ValueError: The path is not of the form ``module:callable``.
        ImportError, AttributeError: The module or callable does not exist.
    """
    module_name, sep, attribute = path.partition(":")
    if not sep or not module_name or not attribute:
        raise ValueError(f"extension path must be 'module:callable', got {path!r}")
    return getattr(importlib.import_module(module_name), attribute)


def load_extensions(paths: Iterable[str]) -> List[AppExtension]:
    """Loads every extension named in ``paths``, in order."""
    return [load_extension(path) for path in paths]
