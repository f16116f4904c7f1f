"""Everything the console's handlers use, kept on the console app under one key."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from aiohttp import web

from bot.channels.rasa_client import RasaClient
from bot.console.accounts import Accounts
from bot.console.audit import AuditLog
from bot.console.config import ConsoleConfig
from bot.console.rasa import ConsoleRasa
from bot.console.relay import SmsRelay
from bot.console.sessions import SessionStore
from bot.storage.intakes import IntakeStore


@dataclass
class ConsoleContext:
    """The console's resources, created when the web app starts.

    Attributes:
        config: Console settings.
        accounts: Staff accounts and sign-in checks.
        sessions: Signed-in browsers.
        audit: The audit log.
        intakes: The application's intake store.
        rasa: Rasa's HTTP API (transcripts, trackers, pause/resume, parsing).
        channel: Rasa's trusted channel, for assist-mode messages.
        sms: The SMS hook, or None when SMS sending is unavailable.
    """

    config: ConsoleConfig
    accounts: Accounts
    sessions: SessionStore
    audit: AuditLog
    intakes: IntakeStore
    rasa: ConsoleRasa
    channel: RasaClient
    sms: Optional[SmsRelay] = None


CONTEXT_KEY = web.AppKey("console_context", ConsoleContext)
CONFIG_KEY = web.AppKey("console_config", ConsoleConfig)


def context(request: web.Request) -> ConsoleContext:
    """The console context of a request to a console route."""
    return request.config_dict[CONTEXT_KEY]
