"""A local stand-in for Twilio's REST API (the Messages resource), speaking its protocol.

Implements what Twilio documents for ``/2010-04-01/Accounts/{AccountSid}/Messages``:
HTTP basic authentication with the account sid and auth token, form-encoded
``To``/``From``/``MessagingServiceSid``/``Body``, ``201`` with the message resource in
JSON, ``GET`` of the list (with Twilio's paging fields) and of one message, and
Twilio's error bodies (``{"code", "message", "more_info", "status"}``) with its error
codes. It runs in a thread of the test process, on a free port.
"""
from __future__ import annotations

import asyncio
import base64
import binascii
import email.utils
import hmac
import math
import secrets
import threading
from dataclasses import dataclass, field
from typing import Any, Optional

from aiohttp import web

from bot.processes import free_port

API_VERSION = "2010-04-01"


def _error(status: int, code: int, message: str) -> web.Response:
    return web.json_response(
        {"code": code, "message": message, "more_info": f"https://www.twilio.com/docs/errors/{code}", "status": status},
        status=status,
    )


def _segments(body: str) -> int:
    gsm = all(ord(c) < 128 for c in body)
    single, multi = (160, 153) if gsm else (70, 67)
    return 1 if len(body) <= single else math.ceil(len(body) / multi)


@dataclass
class FakeTwilio:
    """Twilio's Messages API for one account, on ``http://127.0.0.1:<port>``.

    Attributes:
        account_sid: The account it serves.
        auth_token: The token clients must authenticate with.
        messages: Every message created, oldest first (Twilio's JSON resources).
        failures: Errors to answer the next creates with, as ``(status, code, message)``.
    """

    account_sid: str = field(default_factory=lambda: "AC" + secrets.token_hex(16))
    auth_token: str = field(default_factory=lambda: secrets.token_hex(16))
    messages: list[dict[str, Any]] = field(default_factory=list)
    failures: list[tuple[int, int, str]] = field(default_factory=list)
    port: int = field(default_factory=free_port)
    _loop: Optional[asyncio.AbstractEventLoop] = None
    _thread: Optional[threading.Thread] = None
    _runner: Optional[web.AppRunner] = None

    @property
    def base_url(self) -> str:
        """What ``TWILIO_API_BASE`` should be set to."""
        return f"http://127.0.0.1:{self.port}"

    def sent_to(self, number: str) -> list[str]:
        """Bodies of the messages sent to ``number``, oldest first."""
        return [m["body"] for m in list(self.messages) if m["to"] == number]

    # --- protocol -------------------------------------------------------------

    def _authenticated(self, request: web.Request) -> bool:
        scheme, _, encoded = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "basic":
            return False
        try:
            user, _, password = base64.b64decode(encoded).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return False
        return hmac.compare_digest(user, self.account_sid) and hmac.compare_digest(password, self.auth_token)

    def _check(self, request: web.Request) -> Optional[web.Response]:
        if not self._authenticated(request):
            return _error(401, 20003, "Authenticate")
        if request.match_info["account"] != self.account_sid:
            return _error(404, 20404, "The requested resource was not found")
        return None

    def _resource(self, form: dict[str, str]) -> dict[str, Any]:
        sid = "SM" + secrets.token_hex(16)
        now = email.utils.formatdate(usegmt=True)
        uri = f"/{API_VERSION}/Accounts/{self.account_sid}/Messages/{sid}"
        return {
            "account_sid": self.account_sid,
            "api_version": API_VERSION,
            "body": form["Body"],
            "date_created": now,
            "date_sent": None,
            "date_updated": now,
            "direction": "outbound-api",
            "error_code": None,
            "error_message": None,
            "from": form.get("From"),
            "messaging_service_sid": form.get("MessagingServiceSid"),
            "num_media": "0",
            "num_segments": str(_segments(form["Body"])),
            "price": None,
            "price_unit": "USD",
            "sid": sid,
            "status": "accepted" if form.get("MessagingServiceSid") and not form.get("From") else "queued",
            "subresource_uris": {"media": f"{uri}/Media.json"},
            "to": form["To"],
            "uri": f"{uri}.json",
        }

    async def _create(self, request: web.Request) -> web.Response:
        denied = self._check(request)
        if denied is not None:
            return denied
        form = {k: v for k, v in (await request.post()).items() if isinstance(v, str)}
        if self.failures:
            status, code, message = self.failures.pop(0)
            return _error(status, code, message)
        if not form.get("To"):
            return _error(400, 21604, "A 'To' phone number is required.")
        if not form.get("From") and not form.get("MessagingServiceSid"):
            return _error(400, 21603, "A 'From' phone number is required.")
        if not form.get("Body"):
            return _error(400, 21602, "Message body is required.")
        if len(form["Body"]) > 1600:
            return _error(400, 21617, "The concatenated message body exceeds the 1600 character limit.")
        resource = self._resource(form)
        self.messages.append(resource)
        return web.json_response(resource, status=201)

    async def _list(self, request: web.Request) -> web.Response:
        denied = self._check(request)
        if denied is not None:
            return denied
        uri = f"/{API_VERSION}/Accounts/{self.account_sid}/Messages.json"
        newest_first = list(reversed(self.messages))
        return web.json_response({
            "messages": newest_first, "end": max(len(newest_first) - 1, 0), "first_page_uri": f"{uri}?PageSize=50&Page=0",
            "next_page_uri": None, "page": 0, "page_size": 50, "previous_page_uri": None, "start": 0, "uri": uri,
        })

    async def _fetch(self, request: web.Request) -> web.Response:
        denied = self._check(request)
        if denied is not None:
            return denied
        for message in self.messages:
            if message["sid"] == request.match_info["sid"]:
                return web.json_response(message)
        return _error(404, 20404, "The requested resource was not found")

    def app(self) -> web.Application:
        """The aiohttp application."""
        app = web.Application()
        base = f"/{API_VERSION}/Accounts/{{account}}/Messages"
        app.router.add_post(f"{base}.json", self._create)
        app.router.add_get(f"{base}.json", self._list)
        app.router.add_get(f"{base}/{{sid}}.json", self._fetch)
        return app

    # --- lifetime -------------------------------------------------------------

    def start(self) -> "FakeTwilio":
        """Serves in a background thread; returns once it accepts connections."""
        ready = threading.Event()

        def serve() -> None:
            self._loop = asyncio.new_event_loop()
            asyncio.set_event_loop(self._loop)
            self._runner = web.AppRunner(self.app(), access_log=None)
            self._loop.run_until_complete(self._runner.setup())
            self._loop.run_until_complete(web.TCPSite(self._runner, "127.0.0.1", self.port).start())
            ready.set()
            self._loop.run_forever()
            self._loop.run_until_complete(self._runner.cleanup())
            self._loop.close()

        self._thread = threading.Thread(target=serve, name="fake-twilio", daemon=True)
        self._thread.start()
        if not ready.wait(10):
            raise RuntimeError("the fake Twilio API did not start")
        return self

    def stop(self) -> None:
        """Stops serving."""
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread is not None:
            self._thread.join(10)
