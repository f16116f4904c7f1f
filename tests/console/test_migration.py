"""Revision 0003 creates exactly the console's tables, matching its models, and drops them."""
from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from bot.config import to_sync_url
from bot.console import models
from bot.storage.migrate import alembic_config, upgrade_to_head

CONSOLE_TABLES = {
    models.ConsoleUser.__tablename__,
    models.ConsoleSession.__tablename__,
    models.ConsoleLoginFailure.__tablename__,
    models.ConsoleAuditEntry.__tablename__,
}


def _tables(url: str) -> set:
    engine = create_engine(to_sync_url(url), future=True)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_upgrade_creates_the_console_tables_as_modelled(database_url: str) -> None:
    upgrade_to_head(database_url)
    assert CONSOLE_TABLES <= _tables(database_url)
    engine = create_engine(to_sync_url(database_url), future=True)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection,
                opts={
                    "compare_type": True,
                    "include_object": lambda obj, name, type_, reflected, other: not (
                        type_ == "table" and name not in CONSOLE_TABLES
                    ),
                },
            )
            assert compare_metadata(context, models.Base.metadata) == []
    finally:
        engine.dispose()


def test_downgrade_to_0002_drops_only_the_console_tables(database_url: str) -> None:
    upgrade_to_head(database_url)
    before = _tables(database_url)
    command.downgrade(alembic_config(database_url), "0002")
    assert _tables(database_url) == before - CONSOLE_TABLES
    command.upgrade(alembic_config(database_url), "head")
    assert CONSOLE_TABLES <= _tables(database_url)
