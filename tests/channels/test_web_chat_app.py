"""The web chat inside the web app (no Rasa needed): cookie flags, renewal, configuration."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Awaitable, Callable

import pytest
from aiohttp.test_utils import TestClient

from bot.channels import web_chat
from bot.channels.web_chat_binding import COOKIE_NAME, RENEW_AFTER
from bot.channels.web_chat_config import ChatConfig
from bot.channels.web_chat_cookie import CookieSigner, new_conversation_id
from bot.channels.web_chat_keys import CHAT_SIGNER_KEY
from bot.config import Settings
from bot.processes import free_port
from bot.web.app import create_app

HEADERS = {"X-Requested-With": "intake-chat"}
MAX_AGE = 30 * 86400

MakeClient = Callable[..., Awaitable[TestClient]]


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def make_client(aiohttp_client: Any, tmp_path: Path) -> MakeClient:
    async def make(config: ChatConfig, signer: CookieSigner | None = None) -> TestClient:
        settings = Settings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path}/intake.db")
        app = create_app(settings, extensions=[lambda a: web_chat.setup(a, config)])
        if signer is not None:
            app[CHAT_SIGNER_KEY] = signer
        return await aiohttp_client(app)

    return make


def config(**changes: Any) -> ChatConfig:
    values: dict[str, Any] = dict(session_secret="s3cret", rasa_url=f"http://127.0.0.1:{free_port()}")
    values.update(changes)
    return ChatConfig(**values)


async def test_served_over_https_the_cookie_is_secure(make_client: MakeClient) -> None:
    client = await make_client(config(public_origin="https://intake.example.org"))
    response = await client.get("/chat/api/messages", headers=HEADERS)
    assert response.status == 200
    cookie = response.cookies[COOKIE_NAME]
    assert cookie["secure"] and cookie["httponly"] and cookie["samesite"] == "Lax" and cookie["path"] == "/chat"
    origin = {**HEADERS, "Origin": "https://intake.example.org"}
    assert (await client.get("/chat/api/messages", headers=origin)).status == 200


async def test_the_cookie_is_renewed_once_a_day(make_client: MakeClient) -> None:
    clock = Clock()
    signer = CookieSigner("s3cret", MAX_AGE, clock)
    client = await make_client(config(), signer)
    cookie = signer.sign(new_conversation_id())
    client.session.cookie_jar.update_cookies({COOKIE_NAME: cookie})
    clock.now += 3600
    response = await client.get("/chat/api/messages", headers=HEADERS)
    assert response.status == 503  # a known conversation needs Rasa, which is not running here
    assert COOKIE_NAME not in response.cookies
    clock.now += RENEW_AFTER
    response = await client.get("/chat/api/messages", headers=HEADERS)
    renewed = response.cookies[COOKIE_NAME].value
    assert renewed != cookie and renewed.split(".")[1] == cookie.split(".")[1]
    assert response.cookies[COOKIE_NAME]["max-age"] == str(MAX_AGE)


async def test_an_expired_cookie_starts_a_new_conversation(make_client: MakeClient) -> None:
    clock = Clock()
    signer = CookieSigner("s3cret", MAX_AGE, clock)
    client = await make_client(config(), signer)
    old = signer.sign(new_conversation_id())
    client.session.cookie_jar.update_cookies({COOKIE_NAME: old})
    clock.now += MAX_AGE + 1
    response = await client.get("/chat/api/messages", headers=HEADERS)
    assert response.status == 200 and await response.json() == {"messages": []}
    assert response.cookies[COOKIE_NAME].value.split(".")[1] != old.split(".")[1]


async def test_without_a_session_secret_the_api_answers_503(make_client: MakeClient) -> None:
    client = await make_client(config(session_secret=None))
    response = await client.get("/chat/api/messages", headers=HEADERS)
    assert response.status == 503 and await response.json() == {"error": "not configured"}
    assert (await client.get("/chat")).status == 200


def test_configuration_from_the_environment() -> None:
    loaded = ChatConfig.from_env({
        "WEB_SESSION_SECRET": "x", "CHAT_COOKIE_DAYS": "7", "PUBLIC_BASE_URL": "https://intake.example.org/",
        "CHAT_ALLOWED_ORIGINS": "https://www.hospital.example, not a url ,http://localhost:8080/page",
    })
    assert loaded.cookie_max_age == 7 * 86400 and loaded.public_is_https
    assert loaded.public_origin == "https://intake.example.org"
    assert loaded.allowed_origins == {"https://www.hospital.example", "http://localhost:8080"}
    assert ChatConfig.from_env({}).session_secret is None


async def test_unknown_methods_and_paths_get_json_errors(make_client: MakeClient) -> None:
    client = await make_client(config())
    assert (await client.put("/chat/api/messages", headers=HEADERS)).status == 405
    assert (await client.get("/chat/api/messages/web-0123", headers=HEADERS)).status == 404


