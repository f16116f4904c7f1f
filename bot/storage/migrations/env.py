"""Alembic environment for the application database.

The URL comes from the caller (``config.attributes["database_url"]``, as
:func:`bot.storage.migrate.upgrade_to_head` sets it) or else from ``DATABASE_URL``;
the ini file never holds one. Only this project's tables are managed: Rasa's tracker
store keeps an ``events`` table in the same database, which autogenerate must ignore.
"""
from __future__ import annotations

from logging.config import fileConfig
from typing import Any, Optional

from alembic import context
from sqlalchemy import engine_from_config, pool

from bot.config import Settings, ensure_sqlite_directory, to_sync_url
from bot.storage.models import Base

VERSION_TABLE = "intake_alembic_version"

config = context.config

if config.config_file_name is not None and config.attributes.get(
    "configure_logging", True
):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = Base.metadata


def _database_url() -> str:
    url = config.attributes.get("database_url")
    if not url:
        url = Settings.from_env().database_url
    return to_sync_url(url)


def _include_object(
    obj: Any, name: Optional[str], type_: str, reflected: bool, compare_to: Any
) -> bool:
    """Leaves tables that are not ours (e.g. Rasa's ``events``) alone."""
    if type_ == "table" and reflected and name not in target_metadata.tables:
        return False
    return True


def _configure(**kwargs: Any) -> None:
    context.configure(
        target_metadata=target_metadata,
        version_table=VERSION_TABLE,
        include_object=_include_object,
        render_as_batch=True,
        compare_type=True,
        **kwargs,
    )


def run_migrations_offline() -> None:
    """Emits SQL to stdout instead of connecting."""
    _configure(url=_database_url(), literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Connects and applies the migrations."""
    url = _database_url()
    ensure_sqlite_directory(url)
    connectable = engine_from_config(
        {"sqlalchemy.url": url},
        prefix="sqlalchemy.",
        poolclass=pool.NullPool,
        future=True,
        hide_parameters=True,
    )
    try:
        with connectable.connect() as connection:
            _configure(connection=connection)
            with context.begin_transaction():
                context.run_migrations()
    finally:
        connectable.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
