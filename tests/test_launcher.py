"""The bring-up command's command line (bot/launcher.py, behind ./dev)."""
from __future__ import annotations

import pytest

from bot import launcher


def test_bench_passes_its_options_to_the_benchmark_suite(capsys: pytest.CaptureFixture[str]) -> None:
    """``./dev bench --help`` is the benchmark suite's own help, not the launcher's."""
    with pytest.raises(SystemExit) as exit_:
        launcher.main(["bench", "--help"])

    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert "--only" in out and "--levels" in out


def test_bench_refuses_an_unknown_section_before_running_anything() -> None:
    with pytest.raises(SystemExit) as exit_:
        launcher.main(["bench", "--only", "no_such_section"])

    assert "no_such_section" in str(exit_.value.code)
