"""Settings of the reference review service, read from the environment."""
from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import Mapping

from bot.review_service.faults import FaultPlan

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8700
DEFAULT_DATA_DIR = "./data"
SCHEMA_FILENAME = "intake-record.schema.json"
VENDORED_SCHEMA_PATH = Path(__file__).with_name(SCHEMA_FILENAME)
SHARED_SCHEMA_PATH = Path(__file__).resolve().parents[3] / "shared" / "spec" / SCHEMA_FILENAME


def _get(env: Mapping[str, str], name: str) -> str | None:
    value = env.get(name, "").strip()
    return value or None


def default_schema_path(env: Mapping[str, str]) -> Path:
    """Returns the intake schema to validate against.

    ``INTAKE_SCHEMA_PATH`` when set; otherwise the canonical copy in
    ``../shared/spec`` next to the repository; otherwise the copy vendored in this
    package.
    """
    configured = _get(env, "INTAKE_SCHEMA_PATH")
    if configured:
        return Path(configured)
    if SHARED_SCHEMA_PATH.is_file():
        return SHARED_SCHEMA_PATH
    return VENDORED_SCHEMA_PATH


@dataclasses.dataclass(frozen=True)
class ReviewSettings:
    """Configuration of the review service.

    Attributes:
        secret: HMAC secret shared with the assistant (``REVIEW_SERVICE_SECRET``).
        token: Bearer token for reading intakes and for the admin endpoints
            (``REVIEW_SERVICE_TOKEN``); None disables them (401).
        database_url: SQLAlchemy URL of the service's own database
            (``REVIEW_DATABASE_URL``, default a SQLite file under ``DATA_DIR``).
        schema_path: JSON Schema the received records must satisfy.
        host: Interface to bind (``REVIEW_HOST``).
        port: Port to listen on (``REVIEW_PORT``).
        fault: Initial fault injection plan (``REVIEW_FAULT``, e.g. ``503:2``).
        signature_tolerance: Largest accepted clock distance of a signature, seconds.
    """

    secret: bytes = dataclasses.field(repr=False)
    token: str | None = dataclasses.field(default=None, repr=False)
    database_url: str = dataclasses.field(
        default=f"sqlite:///{DEFAULT_DATA_DIR}/review_service.db", repr=False
    )
    schema_path: Path = VENDORED_SCHEMA_PATH
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    fault: FaultPlan = dataclasses.field(default_factory=FaultPlan)
    signature_tolerance: int = 300

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> "ReviewSettings":
        """Builds settings from environment variables.

        Args:
            environ: Variables to read; ``os.environ`` when None.

        Returns:
            The settings.

        Raises:
            ValueError: ``REVIEW_SERVICE_SECRET`` is unset, or a value is malformed.
        """
        env = os.environ if environ is None else environ
        secret = _get(env, "REVIEW_SERVICE_SECRET")
        if not secret:
            raise ValueError("REVIEW_SERVICE_SECRET must be set")
        data_dir = _get(env, "DATA_DIR") or DEFAULT_DATA_DIR
        port = _get(env, "REVIEW_PORT")
        try:
            port_number = int(port) if port else DEFAULT_PORT
        except ValueError:
            raise ValueError("REVIEW_PORT must be an integer") from None
        return cls(
            secret=secret.encode("utf-8"),
            token=_get(env, "REVIEW_SERVICE_TOKEN"),
            database_url=_get(env, "REVIEW_DATABASE_URL")
            or f"sqlite:///{data_dir}/review_service.db",
            schema_path=default_schema_path(env),
            host=_get(env, "REVIEW_HOST") or DEFAULT_HOST,
            port=port_number,
            fault=FaultPlan.parse(_get(env, "REVIEW_FAULT") or "none"),
        )
