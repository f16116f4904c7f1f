"""``python -m bot.console.users``: accounts from the command line, password from stdin."""
from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest

from bot.console import users
from bot.processes import ROOT


def _env(database_url: str) -> dict:
    return {**os.environ, "DATABASE_URL": database_url, "PYTHONPATH": str(ROOT)}


def test_create_reads_the_password_from_stdin_and_never_prints_it(console_database_url: str) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "bot.console.users", "create", "Dana"],
        input="a long enough passphrase\n", capture_output=True, text=True, cwd=ROOT,
        env=_env(console_database_url), timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("created dana (nav_")
    assert "passphrase" not in run.stdout + run.stderr

    again = subprocess.run(
        [sys.executable, "-m", "bot.console.users", "create", "dana"],
        input="a long enough passphrase\n", capture_output=True, text=True, cwd=ROOT,
        env=_env(console_database_url), timeout=120,
    )
    assert again.returncode == 1 and "taken" in again.stderr


def test_weak_or_missing_passwords_and_bad_names_are_refused(monkeypatch, console_database_url: str) -> None:
    monkeypatch.setenv("DATABASE_URL", console_database_url)
    assert users.main(["create", "sam"], stdin=io.StringIO("short\n")) == 2
    assert users.main(["create", "sam"], stdin=io.StringIO("")) == 2
    assert users.main(["create", "no spaces"], stdin=io.StringIO("a long enough passphrase\n")) == 2


def test_set_password_and_unlock(monkeypatch, capsys, console_database_url: str) -> None:
    monkeypatch.setenv("DATABASE_URL", console_database_url)
    assert users.main(["set-password", "ghost"], stdin=io.StringIO("a long enough passphrase\n")) == 1
    assert users.main(["create", "sam"], stdin=io.StringIO("a long enough passphrase\n")) == 0
    assert users.main(["set-password", "sam"], stdin=io.StringIO("another long passphrase\n")) == 0
    assert users.main(["unlock", "sam"]) == 0
    out = capsys.readouterr().out
    assert "password changed for sam" in out and "unlocked sam" in out
    assert "passphrase" not in out


@pytest.mark.parametrize("argv", [[], ["delete", "sam"]])
def test_unknown_commands(argv: list) -> None:
    with pytest.raises(SystemExit):
        users.main(argv)
