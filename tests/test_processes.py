"""How the system's processes are started (bot/processes.py)."""
from __future__ import annotations

from pathlib import Path

import pytest
from rasa.__main__ import create_argument_parser

from bot import processes


def _rasa_arguments(service: processes.Service) -> list[str]:
    """The arguments given to Rasa's command line (after the entry point)."""
    assert tuple(service.argv[:len(processes.RASA_SERVER)]) == processes.RASA_SERVER
    return list(service.argv[len(processes.RASA_SERVER):])


@pytest.mark.parametrize("token", ["-starts-with-a-dash", "_underscore", "plainToken123"])
def test_rasa_gets_its_api_token_whatever_character_it_starts_with(token: str) -> None:
    """Random tokens may begin with "-"; Rasa's own argument parser must still read them as the token."""
    service = processes.rasa_server(Path("models/m.tar.gz"), 5005, 5055, token)

    arguments = create_argument_parser().parse_args(_rasa_arguments(service))

    assert arguments.auth_token == token
    assert arguments.port == 5005
    assert arguments.interface == "127.0.0.1"


def test_rasa_without_a_token_has_no_auth_argument() -> None:
    service = processes.rasa_server(Path("models/m.tar.gz"), 5005, 5055)

    arguments = create_argument_parser().parse_args(_rasa_arguments(service))

    assert arguments.auth_token is None
