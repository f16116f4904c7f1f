"""Managing console accounts from the command line.

    python -m bot.console.users create <username>         # asks for the password twice
    python -m bot.console.users set-password <username>   # also ends the user's sessions
    python -m bot.console.users unlock <username>         # lifts a lock-out

The password is read from the terminal without echo, or, when standard input is not a
terminal, from its first line (``printf '%s\\n' "$PASSWORD" | python -m ...``). It never
appears in arguments, logs or output. The database is ``DATABASE_URL`` (brought up to
date first, as the web app does).
"""
from __future__ import annotations

import argparse
import asyncio
import getpass
import sys
from typing import Optional, Sequence, TextIO

from bot.config import Settings
from bot.console import passwords
from bot.console.accounts import Accounts, UnknownUser, UserExists, normalise_username
from bot.console.lockout import LoginThrottle
from bot.console.sessions import CookieSigner, SessionStore
from bot.storage.engine import create_engine_from_settings, session_factory
from bot.storage.migrate import upgrade_to_head


def read_password(stdin: TextIO, *, confirm: bool) -> str:
    """Reads a new password from the terminal (twice) or from stdin's first line.

    Raises:
        ValueError: The two entries differ, or nothing was given.
    """
    if stdin.isatty():
        password = getpass.getpass("Password: ")
        if confirm and getpass.getpass("Repeat password: ") != password:
            raise ValueError("the passwords do not match")
    else:
        password = stdin.readline().rstrip("\r\n")
    if not password:
        raise ValueError("no password given")
    return password


async def _run(action: str, username: str, password: Optional[str], settings: Settings) -> str:
    engine = create_engine_from_settings(settings)
    try:
        sessions = session_factory(engine)
        accounts = Accounts(sessions, LoginThrottle(sessions))
        if action == "create":
            assert password is not None
            user = await accounts.create(username, password)
            return f"created {user.username} ({user.id})"
        if action == "set-password":
            assert password is not None
            user = await accounts.set_password(username, password)
            await SessionStore(sessions, CookieSigner("unused")).end_all(user.id)
            return f"password changed for {user.username}; their sessions were ended"
        name = normalise_username(username) or ""
        await accounts.throttle.reset(name)
        return f"unlocked {name}"
    finally:
        await engine.dispose()


def main(argv: Optional[Sequence[str]] = None, stdin: TextIO = sys.stdin) -> int:
    """Command-line entry point; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m bot.console.users")
    parser.add_argument("action", choices=("create", "set-password", "unlock"))
    parser.add_argument("username")
    args = parser.parse_args(argv)

    if normalise_username(args.username) is None:
        print("error: usernames are 2-64 letters, digits, '.', '_', '@' or '-'", file=sys.stderr)
        return 2
    password = None
    if args.action in ("create", "set-password"):
        try:
            password = read_password(stdin, confirm=True)
            passwords.check_policy(password)
        except ValueError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
    settings = Settings.from_env()
    upgrade_to_head(settings.sync_database_url())
    try:
        print(asyncio.run(_run(args.action, args.username, password, settings)))
    except (UserExists, UnknownUser) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
