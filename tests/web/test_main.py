"""``python -m bot.web`` migrates the database, then serves (smoke test)."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.error import URLError
from urllib.request import Request, urlopen

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str, token: str = "") -> int:
    request = Request(url, headers={"Authorization": f"Bearer {token}"} if token else {})
    try:
        with urlopen(request, timeout=2) as response:
            return response.status
    except URLError as exc:
        return getattr(exc, "code", 0)


def test_entry_point_serves_on_a_migrated_database(tmp_path: Path) -> None:
    port = _free_port()
    env = {
        **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        "DATA_DIR": str(tmp_path / "data"),
        "WEB_HOST": "127.0.0.1",
        "WEB_PORT": str(port),
        "INTAKE_API_TOKEN": "smoke-test-token",
    }
    log = tmp_path / "web.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot.web"], cwd=ROOT, env=env, stdout=output, stderr=output
        )
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 30
            while _get(f"{base}/healthz") != 200:
                assert process.poll() is None, log.read_text()
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.2)
            assert _get(f"{base}/api/intakes/some-conversation", "smoke-test-token") == 404
            assert _get(f"{base}/api/intakes", "wrong") == 401
        finally:
            process.terminate()
            process.wait(timeout=10)
    assert (tmp_path / "data" / "intake.db").exists()
    text = log.read_text()
    assert "/api/intakes/{conversation_id}" in text
    assert "some-conversation" not in text
