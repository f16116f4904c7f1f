"""The benchmark command runs on the held-out sets and meets the targets."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from bot.safety.evaluate import EVAL_DIR, evaluate, load_examples

ROOT = Path(__file__).resolve().parents[2]


def test_sets_are_large_and_cover_every_category() -> None:
    emergencies = load_examples(EVAL_DIR / "emergencies.jsonl", "category")
    negatives = load_examples(EVAL_DIR / "non_emergencies.jsonl", "why")
    assert len(emergencies) >= 160 and len(negatives) >= 160
    assert len({e.id for e in emergencies}) == len(emergencies)
    assert {e.label for e in emergencies} >= {"cardiac", "breathing", "stroke", "bleeding", "unconscious",
                                              "seizure", "anaphylaxis", "overdose", "suicide", "self_harm",
                                              "harm_to_others", "child_danger"}


def test_evaluate_reports_misses_and_false_alarms() -> None:
    emergencies = load_examples(EVAL_DIR / "emergencies.jsonl", "category")[:3]
    negatives = load_examples(EVAL_DIR / "non_emergencies.jsonl", "why")[:3]
    report = evaluate(emergencies, negatives, detect=lambda text: None)
    assert report.recall == 0.0 and len(report.misses) == 3
    assert report.false_alarm_rate == 0.0 and not report.passed


def test_benchmark_command_meets_targets(tmp_path: Path) -> None:
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}
    result = subprocess.run(
        [sys.executable, "-m", "bot.safety.evaluate"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "recall on emergencies: 100.0%" in result.stdout
    assert "PASS" in result.stdout


def test_benchmark_command_fails_below_target(tmp_path: Path) -> None:
    missed = tmp_path / "em.jsonl"
    missed.write_text(json.dumps({"id": "x-1", "text": "I like turtles", "category": "cardiac"}) + "\n")
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}
    result = subprocess.run(
        [sys.executable, "-m", "bot.safety.evaluate", "--emergencies", str(missed)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 1
    assert "x-1" in result.stdout
