"""Settings come from the environment, with safe defaults and no default secrets."""
from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import Settings, to_async_url, to_sync_url


def test_defaults_have_no_secrets() -> None:
    settings = Settings.from_env({})
    assert settings.data_dir == Path("data")
    assert settings.database_url == "sqlite:///./data/intake.db"
    assert settings.tracker_database_url == "sqlite:///data/intake-conversations.db"
    assert settings.intake_api_token is None
    assert settings.review_service_secret is None
    assert settings.review_service_token is None
    assert settings.review_service_url == "http://127.0.0.1:8700"
    assert settings.rasa_url == "http://127.0.0.1:5005"
    assert (settings.web_host, settings.web_port) == ("127.0.0.1", 8000)
    assert settings.redis_url is None


def test_database_default_follows_data_dir_and_empty_values_mean_unset() -> None:
    settings = Settings.from_env(
        {"DATA_DIR": "/srv/intake", "INTAKE_API_TOKEN": "  ", "WEB_PORT": ""}
    )
    assert settings.database_url == "sqlite:////srv/intake/intake.db"
    assert settings.tracker_database_url == "sqlite:////srv/intake/intake-conversations.db"
    assert settings.intake_api_token is None
    assert settings.web_port == 8000


def test_reads_every_variable() -> None:
    env = {
        "DATABASE_URL": "postgresql://app:pw@db:5432/intake",
        "INTAKE_API_TOKEN": "api-token",
        "REVIEW_SERVICE_URL": "http://review:8700",
        "REVIEW_SERVICE_SECRET": "hmac-secret",
        "REVIEW_SERVICE_TOKEN": "review-token",
        "RASA_URL": "http://rasa:5005",
        "ACTION_SERVER_URL": "http://actions:5055/webhook",
        "WEB_HOST": "0.0.0.0",
        "WEB_PORT": "9000",
        "REDIS_URL": "redis://cache:6379/2",
    }
    settings = Settings.from_env(env)
    assert settings.intake_api_token == "api-token"
    assert settings.review_service_secret == "hmac-secret"
    assert settings.review_service_token == "review-token"
    assert settings.action_server_url == "http://actions:5055/webhook"
    assert settings.web_port == 9000
    assert settings.redis_url == "redis://cache:6379/2"
    assert settings.sync_database_url() == "postgresql+psycopg2://app:pw@db:5432/intake"
    assert settings.async_database_url() == "postgresql+asyncpg://app:pw@db:5432/intake"
    assert settings.tracker_database_url == "postgresql://app:pw@db:5432/intake"  # the same database
    assert Settings.from_env({**env, "TRACKER_DATABASE_URL": "postgresql://rasa@db/conversations"}
                             ).tracker_database_url == "postgresql://rasa@db/conversations"


def test_repr_hides_secrets_and_database_credentials() -> None:
    settings = Settings.from_env(
        {
            "DATABASE_URL": "postgresql://app:db-password@db/intake",
            "INTAKE_API_TOKEN": "api-token",
            "REVIEW_SERVICE_SECRET": "hmac-secret",
            "REVIEW_SERVICE_TOKEN": "review-token",
            "REDIS_URL": "redis://:redis-password@cache",
        }
    )
    text = repr(settings)
    for secret in ("db-password", "api-token", "hmac-secret", "review-token", "redis-password"):
        assert secret not in text


@pytest.mark.parametrize(
    "url, sync, async_",
    [
        ("sqlite:///./data/intake.db", "sqlite:///./data/intake.db", "sqlite+aiosqlite:///./data/intake.db"),
        ("sqlite+aiosqlite:////tmp/x.db", "sqlite:////tmp/x.db", "sqlite+aiosqlite:////tmp/x.db"),
        ("postgres://u:p@h/db", "postgresql+psycopg2://u:p@h/db", "postgresql+asyncpg://u:p@h/db"),
        ("postgresql+asyncpg://h:5433/db", "postgresql+psycopg2://h:5433/db", "postgresql+asyncpg://h:5433/db"),
        ("postgresql://u:p%40ss@h/db", "postgresql+psycopg2://u:p%40ss@h/db", "postgresql+asyncpg://u:p%40ss@h/db"),
    ],
)
def test_driver_selection(url: str, sync: str, async_: str) -> None:
    assert to_sync_url(url) == sync
    assert to_async_url(url) == async_


def test_rejects_unsupported_database_and_bad_port() -> None:
    with pytest.raises(ValueError):
        Settings.from_env({"DATABASE_URL": "mysql://h/db"})
    with pytest.raises(ValueError):
        Settings.from_env({"TRACKER_DATABASE_URL": "mysql://h/db"})
    with pytest.raises(ValueError):
        Settings.from_env({"WEB_PORT": "eighty"})
