"""Server-side HTML for the console (Jinja2, HTML-escaping everything by default)."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping, Optional

import jinja2
from aiohttp import web

TEMPLATES = Path(__file__).with_name("templates")

#: The console's pages load only their own script and stylesheet and talk only to
#: their own origin; nothing inline runs.
PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)

_environment = jinja2.Environment(
    loader=jinja2.FileSystemLoader(str(TEMPLATES)),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def render(
    template: str,
    context: Mapping[str, Any],
    *,
    status: int = 200,
    headers: Optional[Mapping[str, str]] = None,
) -> web.Response:
    """Renders a template into an HTML response with the console's CSP.

    Args:
        template: File name under ``templates/``.
        context: Template variables (escaped on output).
        status: HTTP status.
        headers: Extra headers.
    """
    body = _environment.get_template(template).render(**context)
    response = web.Response(text=body, status=status, content_type="text/html", charset="utf-8")
    response.headers["Content-Security-Policy"] = PAGE_CSP
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response
