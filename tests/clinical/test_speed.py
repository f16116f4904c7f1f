"""Start-up, memory and per-message timings (measured and printed, never asserted)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bot.clinical.diagnosis import find_diagnoses, main_diagnosis
from bot.clinical.index_cache import get_index
from bot.clinical.tools.measure import MESSAGE

ROOT = Path(__file__).resolve().parents[2]


def test_fresh_process_start_up_is_reported() -> None:
    get_index()  # the cache exists from here on: this measures a warm start
    result = subprocess.run(
        [sys.executable, "-m", "bot.clinical.tools.measure"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    numbers = json.loads(result.stdout.strip().splitlines()[-1])
    print(f"\nclinical pipeline, fresh process: {numbers}")
    assert set(numbers) == {"spacy_import_s", "clinical_start_s", "rss_added_mb", "cold", "message_ms"}


def test_message_results_used_for_timing() -> None:
    main = main_diagnosis(MESSAGE)
    assert main is not None and main.code == "C85.90"
    assert [m.code for m in find_diagnoses(MESSAGE)] == ["C85.90", "E11.9", "I48.91", "C85.90"]
