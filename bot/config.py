"""Process settings, read once from the environment.

Every process (web app, action server, delivery worker, Rasa's custom stores) builds a
:class:`Settings` with :meth:`Settings.from_env`. Nothing here has a default secret:
when ``INTAKE_API_TOKEN`` is unset the intake API answers 503 instead of guessing one.
Secrets and the database URL (which may hold a password) are kept out of ``repr``.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, Optional

from sqlalchemy.engine import URL, make_url

DEFAULT_DATA_DIR = "./data"
DEFAULT_REVIEW_SERVICE_URL = "http://127.0.0.1:8700"
DEFAULT_RASA_URL = "http://127.0.0.1:5005"
DEFAULT_ACTION_SERVER_URL = "http://127.0.0.1:5055/webhook"
DEFAULT_WEB_HOST = "127.0.0.1"
DEFAULT_WEB_PORT = 8000

_SQLITE_BACKENDS = {"sqlite"}
_POSTGRES_BACKENDS = {"postgresql", "postgres"}


def _get(environ: Mapping[str, str], name: str) -> Optional[str]:
    """Returns a stripped environment value, treating empty strings as unset."""
    value = environ.get(name, "").strip()
    return value or None


def _parse_url(url: str) -> URL:
    """Parses a database URL, accepting the ``postgres://`` spelling too."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend not in _SQLITE_BACKENDS | _POSTGRES_BACKENDS:
        raise ValueError("DATABASE_URL must name a sqlite or postgresql database")
    return parsed


def _render(url: URL) -> str:
    return url.render_as_string(hide_password=False)


def to_sync_url(url: str) -> str:
    """Returns the URL with the synchronous driver used by Alembic and Rasa.

    Args:
        url: A ``sqlite``/``postgresql``/``postgres`` URL with or without a driver.

    Returns:
        ``sqlite:///…`` (pysqlite) or ``postgresql+psycopg2://…``.

    Raises:
        ValueError: The URL names another kind of database.
    """
    parsed = _parse_url(url)
    if parsed.get_backend_name() in _SQLITE_BACKENDS:
        return _render(parsed.set(drivername="sqlite"))
    return _render(parsed.set(drivername="postgresql+psycopg2"))


def to_async_url(url: str) -> str:
    """Returns the URL with the asyncio driver used by the application.

    Args:
        url: A ``sqlite``/``postgresql``/``postgres`` URL with or without a driver.

    Returns:
        ``sqlite+aiosqlite:///…`` or ``postgresql+asyncpg://…``.

    Raises:
        ValueError: The URL names another kind of database.
    """
    parsed = _parse_url(url)
    if parsed.get_backend_name() in _SQLITE_BACKENDS:
        return _render(parsed.set(drivername="sqlite+aiosqlite"))
    return _render(parsed.set(drivername="postgresql+asyncpg"))


def sqlite_path(url: str) -> Optional[Path]:
    """Returns the file of a file-backed SQLite URL, or None for anything else."""
    parsed = _parse_url(url)
    if parsed.get_backend_name() not in _SQLITE_BACKENDS:
        return None
    database = parsed.database or ""
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def ensure_sqlite_directory(url: str) -> None:
    """Creates the directory of a file-backed SQLite database if it is missing."""
    path = sqlite_path(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)


def trackers_url_for(database_url: str) -> str:
    """Where Rasa keeps its conversations (tracker events), given the application database.

    A PostgreSQL application database holds them too. Beside a SQLite file they get a file
    of their own (``intake.db`` -> ``intake-conversations.db``): SQLite lets one writer at a
    time into a file, and Rasa serves every conversation from one event loop, so a tracker
    write that waited for the action server's write would hold up every conversation.

    Args:
        database_url: The application database URL.

    Returns:
        The tracker store's database URL.
    """
    path = sqlite_path(database_url)
    if path is None:
        return database_url
    own_file = path.with_name(f"{path.stem}-conversations{path.suffix or '.db'}")
    return _render(_parse_url(database_url).set(database=str(own_file)))


@dataclass(frozen=True)
class Settings:
    """Configuration shared by the assistant's processes.

    Attributes:
        data_dir: Directory for local state (the default SQLite file lives here).
        database_url: SQLAlchemy URL of the application database (any driver).
        tracker_database_url: Rasa's conversation store (``TRACKER_DATABASE_URL``; by
            default see :func:`trackers_url_for`).
        intake_api_token: Bearer token for the intake API; None disables the API.
        review_service_url: Base URL of the review service receiving intakes.
        review_service_secret: HMAC secret for signing handoffs, if configured.
        review_service_token: Bearer token for reading back from the review service.
        rasa_url: Base URL of the Rasa server.
        action_server_url: Rasa action server webhook URL.
        web_host: Interface the web app binds to.
        web_port: Port the web app listens on.
        redis_url: Redis URL for shared locks, or None for in-process locks.
    """

    data_dir: Path = Path(DEFAULT_DATA_DIR)
    database_url: str = field(
        default=f"sqlite:///{DEFAULT_DATA_DIR}/intake.db", repr=False
    )
    tracker_database_url: str = field(
        default=trackers_url_for(f"sqlite:///{DEFAULT_DATA_DIR}/intake.db"), repr=False
    )
    intake_api_token: Optional[str] = field(default=None, repr=False)
    review_service_url: str = DEFAULT_REVIEW_SERVICE_URL
    review_service_secret: Optional[str] = field(default=None, repr=False)
    review_service_token: Optional[str] = field(default=None, repr=False)
    rasa_url: str = DEFAULT_RASA_URL
    action_server_url: str = DEFAULT_ACTION_SERVER_URL
    web_host: str = DEFAULT_WEB_HOST
    web_port: int = DEFAULT_WEB_PORT
    redis_url: Optional[str] = field(default=None, repr=False)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> "Settings":
        """Builds settings from environment variables.

        Args:
            environ: The variables to read; the process environment by default.

        Returns:
            The settings, with documented defaults for unset variables.

        Raises:
            ValueError: ``WEB_PORT`` is not an integer or ``DATABASE_URL`` names an
                unsupported database.
        """
        data_dir = _get(environ, "DATA_DIR") or DEFAULT_DATA_DIR
        database_url = _get(environ, "DATABASE_URL") or f"sqlite:///{data_dir}/intake.db"
        _parse_url(database_url)
        tracker_database_url = _get(environ, "TRACKER_DATABASE_URL") or trackers_url_for(database_url)
        _parse_url(tracker_database_url)
        port = _get(environ, "WEB_PORT")
        try:
            web_port = int(port) if port else DEFAULT_WEB_PORT
        except ValueError:
            raise ValueError("WEB_PORT must be an integer") from None
        return cls(
            data_dir=Path(data_dir),
            database_url=database_url,
            tracker_database_url=tracker_database_url,
            intake_api_token=_get(environ, "INTAKE_API_TOKEN"),
            review_service_url=_get(environ, "REVIEW_SERVICE_URL")
            or DEFAULT_REVIEW_SERVICE_URL,
            review_service_secret=_get(environ, "REVIEW_SERVICE_SECRET"),
            review_service_token=_get(environ, "REVIEW_SERVICE_TOKEN"),
            rasa_url=_get(environ, "RASA_URL") or DEFAULT_RASA_URL,
            action_server_url=_get(environ, "ACTION_SERVER_URL")
            or DEFAULT_ACTION_SERVER_URL,
            web_host=_get(environ, "WEB_HOST") or DEFAULT_WEB_HOST,
            web_port=web_port,
            redis_url=_get(environ, "REDIS_URL"),
        )

    def sync_database_url(self) -> str:
        """Returns ``database_url`` with a synchronous driver (Alembic, Rasa)."""
        return to_sync_url(self.database_url)

    def async_database_url(self) -> str:
        """Returns ``database_url`` with an asyncio driver (the application)."""
        return to_async_url(self.database_url)
