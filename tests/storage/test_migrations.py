"""Alembic migrations create exactly the application's tables, on both backends."""
from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from bot.config import to_async_url, to_sync_url
from bot.storage.migrate import alembic_config, upgrade_to_head
from bot.storage.models import Base

APP_TABLES = {"conversations", "intake_records", "outbox_deliveries"}


def _tables(url: str) -> set:
    engine = create_engine(to_sync_url(url), future=True)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_upgrade_creates_the_application_tables(database_url: str) -> None:
    upgrade_to_head(database_url)
    tables = _tables(database_url)
    assert APP_TABLES <= tables
    assert "intake_alembic_version" in tables
    assert "events" not in tables  # Rasa's tracker store owns that name


def test_upgrade_is_repeatable_and_accepts_an_async_url(database_url: str) -> None:
    upgrade_to_head(to_async_url(database_url))
    upgrade_to_head(database_url)
    assert APP_TABLES <= _tables(database_url)


def test_models_match_the_migrations(migrated_database_url: str) -> None:
    engine = create_engine(to_sync_url(migrated_database_url), future=True)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection,
                opts={
                    "compare_type": True,
                    "include_object": lambda obj, name, type_, reflected, other: not (
                        type_ == "table" and name not in Base.metadata.tables
                    ),
                },
            )
            assert compare_metadata(context, Base.metadata) == []
    finally:
        engine.dispose()


def test_downgrade_removes_only_the_application_tables(database_url: str) -> None:
    from sqlalchemy import Column, Integer, MetaData, Table

    engine = create_engine(to_sync_url(database_url), future=True)
    metadata = MetaData()
    Table("events", metadata, Column("id", Integer, primary_key=True))
    metadata.create_all(engine)
    engine.dispose()

    upgrade_to_head(database_url)
    command.downgrade(alembic_config(database_url), "base")
    tables = _tables(database_url)
    assert not APP_TABLES & tables
    assert "events" in tables


def test_the_ini_file_holds_no_database_url() -> None:
    from alembic.config import Config

    from bot.storage.migrate import ALEMBIC_INI

    assert Config(str(ALEMBIC_INI)).get_main_option("sqlalchemy.url") is None
