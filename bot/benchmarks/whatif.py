"""What-if: the project's load with proposed Rasa speed fixes (``bot.benchmarks.patched_rasa``).

Opt-in section (``--only whatif``): the same model, processes, database and load as the
``load`` section, with only the Rasa server started through the patched entry point, so
the gain of the proposed fixes is measured on the same machine before anyone adopts them.
"""
from __future__ import annotations

from typing import Any, Optional, Sequence

from bot import launcher, processes
from bot.benchmarks import load, project_load
from bot.benchmarks.system import running_system

PATCHED_RASA = (processes.PYTHON, "-m", "bot.benchmarks.patched_rasa")


def run(*, levels: Sequence[int] = load.LEVELS, seconds: float = 40.0,
        database_url: Optional[str] = None) -> dict[str, Any]:
    """Loads a system whose Rasa server runs with the proposed fixes."""
    print("\n[whatif] the same load with the proposed Rasa fixes (validator built once, subclass cache)", flush=True)
    with running_system(launcher.train(), label="whatif", database_url=database_url, rasa_command=PATCHED_RASA) as system:
        result = project_load.run(system, levels=levels, seconds=seconds, reuse_scripts=True)
    result["fixes"] = ["action response validator built once", "Event subclass list cached"]
    return result
