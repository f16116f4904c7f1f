"""The evaluation and benchmark suite (``./dev bench``, ``python -m bot.benchmarks``).

How well the assistant understands patients (NLU cross-validation, the project's own
simulated patients with gold records, real consumer questions) beside a stock Rasa
configuration, and how fast it is under load beside Rasa's ``rasa init`` assistant.
See :mod:`bot.benchmarks.cli` for the sections and options.
"""
from __future__ import annotations

from typing import Optional, Sequence


def run_all(argv: Optional[Sequence[str]] = None) -> int:
    """Runs the benchmark sections (all by default; ``BENCH_ONLY`` / ``BENCH_SKIP`` select).

    Args:
        argv: Command-line options (see ``python -m bot.benchmarks --help``), as given
            to ``./dev bench``; none by default.

    Returns:
        The process exit code: 1 if a section failed to run, else 0.
    """
    from bot.benchmarks.cli import main  # noqa: PLC0415 - keeps importing the package cheap

    return main(list(argv) if argv is not None else [])
