"""Access log without PHI: route pattern, method, status and duration only.

Concrete paths can hold conversation ids, query strings can hold filters, and a
client address linked to a medical service is itself sensitive, so none of those
are logged.
"""
from __future__ import annotations

from aiohttp import web
from aiohttp.abc import AbstractAccessLogger

from bot.web.middlewares import route_name


class RouteAccessLogger(AbstractAccessLogger):
    """Logs ``METHOD /route/{pattern} STATUS DURATION`` for each request."""

    def log(
        self, request: web.BaseRequest, response: web.StreamResponse, time: float
    ) -> None:
        route = route_name(request) if isinstance(request, web.Request) else "<raw>"
        self.logger.info(
            "%s %s %s %.3fs", request.method, route, response.status, time
        )
