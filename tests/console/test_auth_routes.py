"""Sign-in, sign-out, redirects and 401s, cookies and CSRF over real HTTP."""
from __future__ import annotations

import pytest
from aiohttp.test_utils import TestClient

from bot.console.context import ConsoleContext
from bot.console.render import PAGE_CSP
from tests.console.conftest import PASSWORD, login_form_token, page_csrf, sign_in

PRIVATE_PAGES = ["/console/intakes", "/console/intakes/some-conversation", "/console/intakes?status=emergency"]
PRIVATE_JSON = ["/console/intakes.json", "/console/intakes/some-conversation/live"]


@pytest.mark.parametrize("path", PRIVATE_PAGES)
async def test_pages_redirect_to_sign_in(client: TestClient, path: str) -> None:
    response = await client.get(path, headers={"Accept": "text/html"}, allow_redirects=False)
    assert response.status == 302
    assert response.headers["Location"].startswith("/console/login?next=/console/intakes")


async def test_console_root_leads_to_the_list(client: TestClient) -> None:
    for path in ("/console", "/console/"):
        response = await client.get(path, headers={"Accept": "text/html"}, allow_redirects=False)
        assert response.status == 302
        assert response.headers["Location"].startswith("/console")


@pytest.mark.parametrize("path", PRIVATE_PAGES + PRIVATE_JSON)
async def test_scripts_get_401_without_data(client: TestClient, path: str) -> None:
    response = await client.get(path, headers={"Accept": "application/json"}, allow_redirects=False)
    assert response.status == 401
    assert await response.json() == {"error": "sign in required"}


@pytest.mark.parametrize("path", ["/console/assist", "/console/intakes/x/fields", "/console/intakes/x/takeover",
                                  "/console/intakes/x/handback", "/console/intakes/x/reply", "/console/logout"])
async def test_posts_need_a_session(client: TestClient, path: str) -> None:
    response = await client.post(path, json={}, allow_redirects=False)
    assert response.status == 401


async def test_sign_in_sets_a_strict_http_only_session_cookie(client: TestClient, console: ConsoleContext) -> None:
    await console.accounts.create("dana", PASSWORD)
    response = await sign_in(client, "dana", next="/console/intakes?status=emergency")
    assert response.status == 302
    assert response.headers["Location"] == "/console/intakes?status=emergency"
    cookie = response.cookies["console_session"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Strict"
    assert cookie["path"] == "/console"
    page = await client.get("/console/intakes", headers={"Accept": "text/html"})
    assert page.status == 200
    assert "dana" in await page.text()
    assert page.headers["Content-Security-Policy"] == PAGE_CSP
    assert page.headers["X-Frame-Options"] == "DENY"
    assert page.headers["Cache-Control"] == "no-store"


async def test_sign_in_never_redirects_off_the_console(client: TestClient, console: ConsoleContext) -> None:
    await console.accounts.create("dana", PASSWORD)
    response = await sign_in(client, "dana", next="https://evil.example/")
    assert response.headers["Location"] == "/console/intakes"
    client.session.cookie_jar.clear()
    response = await sign_in(client, "dana", next="//evil.example/console/")
    assert response.headers["Location"] == "/console/intakes"


async def test_wrong_password_is_refused_without_saying_which_part(client: TestClient, console: ConsoleContext) -> None:
    await console.accounts.create("dana", PASSWORD)
    wrong_password = await sign_in(client, "dana", "not the password")
    unknown_user = await sign_in(client, "nobody", "not the password")
    assert wrong_password.status == unknown_user.status == 401
    for response in (wrong_password, unknown_user):
        text = await response.text()
        assert "Wrong username or password." in text
        assert "not the password" not in text
        assert "console_session" not in response.cookies


async def test_lock_out_after_five_failures(client: TestClient, console: ConsoleContext) -> None:
    await console.accounts.create("dana", PASSWORD)
    statuses = [(await sign_in(client, "dana", "not the password")).status for _ in range(5)]
    assert statuses == [401, 401, 401, 401, 429]
    locked = await sign_in(client, "dana", PASSWORD)
    assert locked.status == 429
    assert "Too many failed sign-ins. Try again in 15 minutes." in await locked.text()
    assert "console_session" not in locked.cookies


async def test_sign_in_form_needs_its_csrf_token(client: TestClient, console: ConsoleContext) -> None:
    await console.accounts.create("dana", PASSWORD)
    token = await login_form_token(client)
    data = {"username": "dana", "password": PASSWORD}
    assert (await client.post("/console/login", data=data, allow_redirects=False)).status == 403
    forged = {**data, "csrf_token": "forged-" + token}
    assert (await client.post("/console/login", data=forged, allow_redirects=False)).status == 403
    # Without the cookie (a cross-site form would not have it) the token alone fails.
    client.session.cookie_jar.clear()
    assert (await client.post("/console/login", data={**data, "csrf_token": token}, allow_redirects=False)).status == 403


async def test_every_post_needs_the_session_csrf_token(client: TestClient, navigator) -> None:
    token = await page_csrf(client)
    no_token = await client.post("/console/logout", allow_redirects=False)
    assert no_token.status == 403
    bad = await client.post("/console/intakes/x/takeover", json={}, headers={"X-CSRF-Token": "nope"})
    assert bad.status == 403
    assert await bad.json() == {"error": "invalid csrf token"}
    form_bad = await client.post("/console/assist", data={"csrf_token": token[:-2]}, allow_redirects=False)
    assert form_bad.status == 403
    # With the token the request gets through to the handler (unknown conversation: 404).
    ok = await client.post("/console/intakes/x/takeover", json={}, headers={"X-CSRF-Token": token})
    assert ok.status == 404


async def test_sign_out_ends_the_session(client: TestClient, navigator) -> None:
    token = await page_csrf(client)
    cookie = client.session.cookie_jar.filter_cookies(client.make_url("/console/intakes"))["console_session"].value
    response = await client.post("/console/logout", data={"csrf_token": token}, allow_redirects=False)
    assert response.status == 302 and response.headers["Location"] == "/console/login"
    # Even a replayed copy of the old cookie no longer works.
    client.session.cookie_jar.update_cookies({"console_session": cookie})
    after = await client.get("/console/intakes.json")
    assert after.status == 401


async def test_a_tampered_cookie_is_not_a_session(client: TestClient, navigator) -> None:
    jar = client.session.cookie_jar
    cookie = jar.filter_cookies(client.make_url("/console/intakes"))["console_session"].value
    token, signature = cookie.split(".")
    jar.clear()
    jar.update_cookies({"console_session": f"{token[:-1]}x.{signature}"})
    assert (await client.get("/console/intakes.json")).status == 401
    jar.clear()
    jar.update_cookies({"console_session": cookie})  # the genuine one still works
    assert (await client.get("/console/intakes.json")).status == 200


async def test_without_a_session_secret_the_console_is_unavailable(aiohttp_client, settings) -> None:
    import functools

    from bot.console.app import setup
    from bot.console.config import ConsoleConfig
    from bot.web.app import create_app

    app = create_app(settings, extensions=[functools.partial(setup, config=ConsoleConfig())])
    client = await aiohttp_client(app)
    assert (await client.get("/console/login")).status == 503
    assert (await client.get("/healthz")).status == 200
