"""The project's load with Rasa's own, unmodified server entry point (``rasa run``).

Opt-in section (``--only stock_server``): the same model, processes, database and load as
the ``load`` section, with only the Rasa server started through the ``rasa`` executable
instead of :mod:`bot.rasa_server`, so what the project's start-up changes gain is measured
on the same machine.
"""
from __future__ import annotations

from typing import Any, Optional, Sequence

from bot import launcher, processes
from bot.benchmarks import load, project_load
from bot.benchmarks.system import running_system


def run(*, levels: Sequence[int] = load.LEVELS, seconds: float = 40.0,
        database_url: Optional[str] = None) -> dict[str, Any]:
    """Loads a system whose Rasa server is Rasa's stock ``rasa run``."""
    print("\n[stock_server] the same load with Rasa's stock server entry point", flush=True)
    with running_system(launcher.train(), label="stock_server", database_url=database_url,
                        rasa_command=(processes.RASA,)) as system:
        result = project_load.run(system, levels=levels, seconds=seconds, reuse_scripts=True)
    result["entry_point"] = "rasa run (no bot.rasa_server changes)"
    return result
