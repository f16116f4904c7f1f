"""Brings the application database schema up to date.

Programmatic use::

    from bot.storage.migrate import upgrade_to_head
    upgrade_to_head(settings.sync_database_url())

Command line (URL from ``DATABASE_URL``, default SQLite file under ``DATA_DIR``)::

    python -m bot.storage.migrate            # upgrade to head
    python -m bot.storage.migrate current    # show the current revision
"""
from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import Optional, Sequence

from alembic import command
from alembic.config import Config

from bot.config import Settings, to_sync_url

ALEMBIC_INI = Path(__file__).with_name("alembic.ini")

logger = logging.getLogger(__name__)


def alembic_config(database_url: str, *, configure_logging: bool = False) -> Config:
    """Returns an Alembic configuration bound to ``database_url``.

    Args:
        database_url: Database URL (any driver; the synchronous one is used).
        configure_logging: Whether env.py may apply the ini file's logging setup.

    Returns:
        A configuration whose URL is passed to env.py out of band (never via the ini).
    """
    config = Config(str(ALEMBIC_INI))
    config.attributes["database_url"] = to_sync_url(database_url)
    config.attributes["configure_logging"] = configure_logging
    return config


def upgrade_to_head(sync_url: str) -> None:
    """Applies every pending migration.

    Args:
        sync_url: Database URL; an asyncio driver is swapped for the synchronous one.
    """
    command.upgrade(alembic_config(sync_url), "head")


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Command-line entry point.

    Args:
        argv: Arguments without the program name; ``sys.argv[1:]`` by default.

    Returns:
        The process exit status.
    """
    parser = argparse.ArgumentParser(prog="python -m bot.storage.migrate")
    parser.add_argument(
        "action", nargs="?", default="upgrade", choices=("upgrade", "current")
    )
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    config = alembic_config(settings.database_url, configure_logging=True)
    if args.action == "current":
        command.current(config)
    else:
        command.upgrade(config, "head")
    return 0


if __name__ == "__main__":
    sys.exit(main())
