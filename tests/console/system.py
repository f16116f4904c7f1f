"""Driving the console of a running system: accounts, an HTTP navigator, the audit log."""
from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Optional

import requests
from sqlalchemy import create_engine, text

from bot.config import to_sync_url
from bot.processes import ROOT

ARTIFACTS = ROOT / "tests" / "artifacts"

_HIDDEN_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
_META_CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)">')


@dataclass(frozen=True)
class Account:
    """A console account created through the command line."""

    username: str
    password: str
    user_id: str


def create_account(database_url: str, username: Optional[str] = None) -> Account:
    """Creates a navigator with ``python -m bot.console.users create`` (password on stdin)."""
    username = username or f"nav{secrets.token_hex(4)}"
    password = secrets.token_urlsafe(18)
    run = subprocess.run(
        [sys.executable, "-m", "bot.console.users", "create", username],
        input=password + "\n", capture_output=True, text=True, cwd=ROOT, timeout=120,
        env={**os.environ, "DATABASE_URL": database_url, "PYTHONPATH": str(ROOT)},
    )
    assert run.returncode == 0, run.stderr
    match = re.search(r"\((nav_[0-9a-f]+)\)", run.stdout)
    assert match, run.stdout
    return Account(username, password, match.group(1))


def audit_entries(database_url: str, conversation_id: str) -> list[dict[str, Any]]:
    """The audit log lines about one conversation, oldest first."""
    engine = create_engine(to_sync_url(database_url), future=True)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                text("SELECT user_id, conversation_id, action, detail, at FROM console_audit_log "
                     "WHERE conversation_id = :cid ORDER BY id"),
                {"cid": conversation_id},
            ).mappings().all()
        return [dict(row) for row in rows]
    finally:
        engine.dispose()


def wait_for(condition: Callable[[], Any], timeout: float = 20.0, interval: float = 0.25, message: str = "") -> Any:
    """Polls until ``condition()`` is truthy; returns its value."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting: {message}")
        time.sleep(interval)


@dataclass
class Navigator:
    """A navigator using the console over HTTP, as its pages' scripts do."""

    web_url: str
    account: Account
    http: requests.Session = field(default_factory=requests.Session)
    csrf: str = ""

    def sign_in(self) -> None:
        page = self.http.get(f"{self.web_url}/console/login", timeout=30)
        token = _HIDDEN_CSRF.search(page.text).group(1)  # type: ignore[union-attr]
        response = self.http.post(
            f"{self.web_url}/console/login",
            data={"csrf_token": token, "username": self.account.username, "password": self.account.password},
            headers={"Accept": "text/html"}, timeout=30,
        )
        assert response.status_code == 200 and response.url.endswith("/console/intakes"), response.status_code
        self.csrf = _META_CSRF.search(response.text).group(1)  # type: ignore[union-attr]

    def live(self, conversation_id: str) -> dict[str, Any]:
        response = self.http.get(f"{self.web_url}/console/intakes/{conversation_id}/live", timeout=30)
        assert response.status_code == 200, response.status_code
        return response.json()

    def post(self, conversation_id: str, action: str, body: Optional[dict] = None) -> tuple[int, dict]:
        response = self.http.post(
            f"{self.web_url}/console/intakes/{conversation_id}/{action}", json=body or {},
            headers={"X-CSRF-Token": self.csrf, "Accept": "application/json"}, timeout=60,
        )
        return response.status_code, response.json()


def artifact(name: str) -> Path:
    """Where a screenshot goes (the folder is git-ignored)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS / name
