"""JSON error responses that never carry PHI.

Error bodies are short fixed phrases such as ``{"error": "not found"}``; they never
echo a request's values back.
"""
from __future__ import annotations

import json
from typing import Any, Mapping, Optional, Type

from aiohttp import web


def json_error(
    exc_class: Type[web.HTTPException],
    message: str,
    *,
    headers: Optional[Mapping[str, str]] = None,
    **fields: Any,
) -> web.HTTPException:
    """Builds an HTTP error with a JSON body, to be raised by a handler.

    Args:
        exc_class: The aiohttp exception, e.g. ``web.HTTPNotFound``.
        message: A fixed phrase without request data or PHI.
        headers: Extra response headers.
        **fields: Extra fixed JSON fields (e.g. ``parameter="limit"``).

    Returns:
        The exception instance.
    """
    body = json.dumps({"error": message, **fields})
    return exc_class(text=body, content_type="application/json", headers=headers)
