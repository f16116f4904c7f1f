"""``python -m bot.rasa_server`` is Rasa's own command line."""
from __future__ import annotations

import subprocess
import sys

from bot.processes import ROOT


def test_the_entry_point_is_rasas_command_line() -> None:
    completed = subprocess.run([sys.executable, "-m", "bot.rasa_server", "run", "--help"], cwd=ROOT,
                               capture_output=True, text=True, timeout=120, env={"RASA_TELEMETRY_ENABLED": "false",
                                                                                 "PATH": "/usr/bin:/bin"})

    assert completed.returncode == 0, completed.stderr[-2000:]
    assert "--auth-token" in completed.stdout
