"""The Rasa server process does its NumPy arithmetic on one thread (bot/rasa_server/blas_threads.py)."""
from __future__ import annotations

import json
import os
import subprocess
import sys

from bot.processes import ROOT

#: Runs the entry point with Rasa's command line replaced by a report of BLAS threads then.
REPORT_AT_RASAS_START = """
import json, rasa.__main__
from threadpoolctl import threadpool_info
def blas_threads():
    return [library["num_threads"] for library in threadpool_info() if library["user_api"] == "blas"]
print(json.dumps({"before": blas_threads()}))
rasa.__main__.main = lambda: print(json.dumps({"at_rasas_start": blas_threads()}))
from bot.rasa_server.__main__ import main
main()
"""


def test_rasa_starts_with_one_blas_thread() -> None:
    environment = {"PATH": "/usr/bin:/bin", "RASA_TELEMETRY_ENABLED": "false", "PYTHONPATH": str(ROOT)}
    completed = subprocess.run([sys.executable, "-c", REPORT_AT_RASAS_START], cwd=ROOT, capture_output=True,
                               text=True, timeout=180, env=environment)

    assert completed.returncode == 0, completed.stderr[-2000:]
    reports = {}
    for line in completed.stdout.splitlines():
        if line.startswith("{"):
            reports.update(json.loads(line))
    assert reports["before"], "NumPy's BLAS library was not found"
    if (os.cpu_count() or 1) > 1:
        assert max(reports["before"]) > 1  # the default this changes
    assert reports["at_rasas_start"] == [1] * len(reports["before"])
