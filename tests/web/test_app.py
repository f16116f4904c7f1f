"""App-wide behaviour: health probe, security headers, JSON errors, extensions."""
from __future__ import annotations

import logging

from aiohttp import web
from aiohttp.test_utils import TestClient

from bot.web.app import create_app
from bot.web.extensions import load_extension
from bot.web.middlewares import SECURITY_HEADERS


async def test_healthz(client: TestClient) -> None:
    response = await client.get("/healthz")
    assert response.status == 200
    assert await response.json() == {"status": "ok"}


async def test_security_headers_on_every_response(client: TestClient) -> None:
    for path in ("/healthz", "/api/intakes", "/no-such-page"):
        response = await client.get(path)
        for name, value in SECURITY_HEADERS.items():
            assert response.headers[name] == value


async def test_unknown_route_and_method_are_json(client: TestClient) -> None:
    response = await client.get("/no-such-page")
    assert response.status == 404
    assert await response.json() == {"error": "not found"}
    response = await client.post("/api/intakes")
    assert response.status == 405
    assert await response.json() == {"error": "method not allowed"}
    assert "GET" in response.headers["Allow"]


async def test_extensions_add_routes_and_unexpected_errors_leak_nothing(
    aiohttp_client, settings, caplog
) -> None:
    async def page(request: web.Request) -> web.Response:
        return web.Response(text="<p>chat</p>", content_type="text/html")

    async def broken(request: web.Request) -> web.Response:
        name = " ".join(["Jane", "Roe"])  # runtime data, as PHI would be
        raise ValueError(f"patient {name} in {request.match_info['conversation_id']}")

    async def moved(request: web.Request) -> web.Response:
        raise web.HTTPFound("/chat")

    def extension(app: web.Application) -> None:
        app.router.add_get("/chat", page)
        app.router.add_get("/broken/{conversation_id}", broken)
        app.router.add_get("/old-chat", moved)

    client = await aiohttp_client(create_app(settings, extensions=[extension]))
    assert await (await client.get("/chat")).text() == "<p>chat</p>"

    redirect = await client.get("/old-chat", allow_redirects=False)
    assert redirect.status == 302 and redirect.headers["Location"] == "/chat"

    with caplog.at_level(logging.ERROR):
        response = await client.get("/broken/secret-conversation")
    assert response.status == 500
    assert await response.json() == {"error": "internal error"}
    assert "ValueError" in caplog.text
    assert "/broken/{conversation_id}" in caplog.text
    assert "Jane Roe" not in caplog.text and "secret-conversation" not in caplog.text


def test_load_extension_by_path() -> None:
    assert load_extension("bot.web.routes:setup_routes").__name__ == "setup_routes"
