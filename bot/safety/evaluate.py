"""Benchmark of the red-flag detector on the held-out evaluation sets.

Usage::

    python -m bot.safety.evaluate [--emergencies PATH] [--non-emergencies PATH]

Prints recall on emergencies (a hit needs the expected category), the false-alarm rate
on non-emergencies, recall per category, the misses and false alarms, and the time per
message. Exits 1 when recall is below 100% or false alarms exceed 2%.

The sets in ``eval/red_flags/`` are for measuring only: never use them to train anything,
and never add a pattern for one of their sentences (add a family instead).
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from bot.safety.detector import RedFlag, detect_red_flag, warm_up

EVAL_DIR = Path(__file__).resolve().parents[2] / "eval" / "red_flags"
RECALL_TARGET = 1.0
FALSE_ALARM_LIMIT = 0.02
TIMING_REPEATS = 3


@dataclass(frozen=True)
class Example:
    """One evaluation message.

    Attributes:
        id: Stable identifier.
        text: The (synthetic) message.
        label: Expected category for emergencies; the kind of hard negative otherwise.
    """

    id: str
    text: str
    label: str


@dataclass(frozen=True)
class Report:
    """Evaluation results."""

    recall: float
    false_alarm_rate: float
    per_category: dict[str, tuple[int, int]]
    misses: list[tuple[Example, RedFlag | None]]
    false_alarms: list[tuple[Example, RedFlag]]
    mean_ms: float
    p95_ms: float
    max_ms: float

    @property
    def passed(self) -> bool:
        """Whether the targets are met."""
        return self.recall >= RECALL_TARGET and self.false_alarm_rate <= FALSE_ALARM_LIMIT


def load_examples(path: Path, label_key: str) -> list[Example]:
    """Reads a JSONL evaluation set.

    Args:
        path: The file.
        label_key: ``"category"`` for emergencies, ``"why"`` for non-emergencies.

    Returns:
        The examples, in file order.
    """
    examples = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                row = json.loads(line)
                examples.append(Example(id=row["id"], text=row["text"], label=row.get(label_key, "")))
    return examples


def evaluate(
    emergencies: Sequence[Example],
    non_emergencies: Sequence[Example],
    detect: Callable[[str], RedFlag | None] = detect_red_flag,
) -> Report:
    """Runs the detector over both sets.

    Args:
        emergencies: Messages that must be flagged with their category.
        non_emergencies: Messages that must not be flagged.
        detect: The detector under test.

    Returns:
        The report.
    """
    timings: list[float] = []

    def timed(text: str) -> RedFlag | None:
        best = float("inf")
        for _ in range(TIMING_REPEATS):  # best of a few: the machine is shared
            began = time.perf_counter()
            flag = detect(text)
            best = min(best, (time.perf_counter() - began) * 1000)
        timings.append(best)
        return flag

    per_category: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    misses = []
    for example in emergencies:
        flag = timed(example.text)
        per_category[example.label][1] += 1
        if flag is not None and flag.category == example.label:
            per_category[example.label][0] += 1
        else:
            misses.append((example, flag))
    false_alarms = []
    for example in non_emergencies:
        flag = timed(example.text)
        if flag is not None:
            false_alarms.append((example, flag))
    ordered = sorted(timings)
    return Report(
        recall=1 - len(misses) / len(emergencies) if emergencies else 1.0,
        false_alarm_rate=len(false_alarms) / len(non_emergencies) if non_emergencies else 0.0,
        per_category={k: (v[0], v[1]) for k, v in sorted(per_category.items())},
        misses=misses,
        false_alarms=false_alarms,
        mean_ms=statistics.fmean(ordered) if ordered else 0.0,
        p95_ms=ordered[int(0.95 * (len(ordered) - 1))] if ordered else 0.0,
        max_ms=ordered[-1] if ordered else 0.0,
    )


def format_report(report: Report, n_emergencies: int, n_non_emergencies: int) -> str:
    """Renders the report as text (synthetic messages, so text is shown)."""
    lines = [
        f"recall on emergencies: {report.recall:.1%} "
        f"({n_emergencies - len(report.misses)}/{n_emergencies}, category must match)",
        f"false-alarm rate on non-emergencies: {report.false_alarm_rate:.1%} "
        f"({len(report.false_alarms)}/{n_non_emergencies})",
        "per-category recall:",
    ]
    for category, (hit, total) in report.per_category.items():
        lines.append(f"  {category:<16} {hit}/{total}")
    lines.append(f"misses ({len(report.misses)}):")
    for example, flag in report.misses:
        got = f"flagged {flag.category}" if flag else "not flagged"
        lines.append(f"  {example.id} [{example.label}] {got}: {example.text}")
    lines.append(f"false alarms ({len(report.false_alarms)}):")
    for example, flag in report.false_alarms:
        lines.append(f"  {example.id} [{example.label}] flagged {flag.category} on {flag.matched_text!r}: {example.text}")
    lines.append(
        f"time per message after warm-up (best of {TIMING_REPEATS}): mean {report.mean_ms:.3f} ms, "
        f"p95 {report.p95_ms:.3f} ms, max {report.max_ms:.3f} ms"
    )
    lines.append("PASS" if report.passed else "FAIL (target: recall 100%, false alarms <= 2%)")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; returns the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--emergencies", type=Path, default=EVAL_DIR / "emergencies.jsonl")
    parser.add_argument("--non-emergencies", type=Path, default=EVAL_DIR / "non_emergencies.jsonl")
    args = parser.parse_args(argv)
    emergencies = load_examples(args.emergencies, "category")
    non_emergencies = load_examples(args.non_emergencies, "why")
    warm_up()
    report = evaluate(emergencies, non_emergencies)
    print(format_report(report, len(emergencies), len(non_emergencies)))
    return 0 if report.passed else 1


if __name__ == "__main__":
    sys.exit(main())
