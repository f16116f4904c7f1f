"""``python -m bot.benchmarks [--only SECTIONS]``: the evaluation and benchmark suite.

Sections (in the order they run):

* ``nlu_cv``        rasa test nlu cross-validation (intent accuracy, entity F1)
* ``training``      full training time of the project model
* ``conversations`` the project's simulated patients through the running system
* ``nlm``           the external consumer questions as opening narratives
* ``load``          concurrent simulated patients against the running system
* ``baseline``      the conversation set against a stock Rasa configuration
* ``reference``     the same load against Rasa's ``rasa init`` assistant
* ``stock_server`` opt-in, not in the default run: the load with Rasa's stock ``rasa run``
* ``paced``         opt-in: the load with patients who pause (``--think-seconds``) as people do

``conversations``, ``nlm`` and ``load`` share one running system (fresh database). Each
section prints its numbers as it finishes; at the end a table is printed and
``results/benchmark.json`` is written (sections not run this time keep their previous
values there, each with the time and commit it was measured at) with an optional plot
``results/latency.png``. ``./dev bench`` runs everything; ``BENCH_ONLY=nlm,load ./dev bench``
selects sections there.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import time
import traceback
from pathlib import Path
from typing import Any, Callable, Optional, Sequence

from bot.processes import ROOT

SECTIONS = ("nlu_cv", "training", "conversations", "nlm", "load", "paced", "baseline", "reference", "stock_server")
#: Run when no section is named: everything except the opt-in extra measurements.
DEFAULT_SECTIONS = tuple(s for s in SECTIONS if s not in ("paced", "stock_server"))
SYSTEM_SECTIONS = ("conversations", "nlm", "load", "paced")
RESULTS = ROOT / "results"


def _commit() -> Optional[str]:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


def _loadavg() -> Optional[list[float]]:
    try:
        return [float(v) for v in Path("/proc/loadavg").read_text().split()[:3]]
    except OSError:
        return None


def _sections(text: Optional[str], option: str) -> list[str]:
    if not text:
        return []
    chosen = [s.strip() for s in text.split(",") if s.strip()]
    unknown = [s for s in chosen if s not in SECTIONS]
    if unknown:
        raise SystemExit(f"{option}: unknown section(s) {unknown}; choose from {', '.join(SECTIONS)}")
    return chosen


def parse_args(argv: Optional[Sequence[str]]) -> argparse.Namespace:
    """Command-line options (``BENCH_ONLY`` / ``BENCH_SKIP`` are defaults for --only / --skip)."""
    parser = argparse.ArgumentParser(prog="python -m bot.benchmarks", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", default=os.environ.get("BENCH_ONLY"), help="comma-separated sections to run")
    parser.add_argument("--skip", default=os.environ.get("BENCH_SKIP"), help="comma-separated sections to leave out")
    parser.add_argument("--levels", default="1,10,50", help="concurrency levels for load and reference")
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("BENCH_SECONDS", 40)),
                        help="duration of each load level")
    parser.add_argument("--think-seconds", type=float, default=3.0,
                        help="mean pause after each reply in the opt-in 'paced' section")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"),
                        help="database for the running systems (default: a fresh SQLite file per run); "
                             "a PostgreSQL URL must name a database used for nothing else")
    parser.add_argument("--out", type=Path, default=RESULTS / "benchmark.json")
    parser.add_argument("--no-plot", action="store_true")
    parser.add_argument("--fresh", action="store_true", help="do not keep sections of an earlier run in the JSON file")
    return parser.parse_args(argv)


def _section(results: dict[str, Any], name: str, action: Callable[[], Any], failures: list[str]) -> Any:
    """Runs one section, records its result (or its failure) and when it was measured."""
    started = time.monotonic()
    load_before = _loadavg()
    try:
        value = action()
    except Exception as error:  # noqa: BLE001 - one failed section must not lose the others
        traceback.print_exc()
        failures.append(name)
        results[name] = {"error": f"{error.__class__.__name__}: {error}"}
        return None
    stored = value[0] if isinstance(value, tuple) else value
    stored["measured"] = {"at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), "commit": _commit(),
                          "section_seconds": time.monotonic() - started, "loadavg_before": load_before,
                          "loadavg_after": _loadavg()}
    results[name] = stored
    return value


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Runs the selected sections; returns 1 if any section failed to run (missed targets are not failures)."""
    args = parse_args(argv)
    only = _sections(args.only, "--only") or list(DEFAULT_SECTIONS)
    skip = set(_sections(args.skip, "--skip"))
    chosen = [s for s in SECTIONS if s in only and s not in skip]
    levels = [int(v) for v in args.levels.split(",") if v.strip()]
    results: dict[str, Any] = {}
    if args.out.exists() and not args.fresh:
        previous = json.loads(args.out.read_text())
        results = {k: v for k, v in previous.items() if k in SECTIONS}
    started = time.monotonic()
    print(f"Benchmark sections: {', '.join(chosen)} (commit {_commit()}, {os.cpu_count()} cores, "
          f"load average {_loadavg()})", flush=True)
    failures: list[str] = []

    from bot import launcher  # noqa: PLC0415 - heavy imports only once a section needs them
    from bot.benchmarks import (  # noqa: PLC0415
        baseline, conversation_set, nlm_eval, nlu_cv, project_load, rasa_init_reference, report, stock_server, training,
    )

    if "nlu_cv" in chosen:
        _section(results, "nlu_cv", lambda: nlu_cv.run(RESULTS / "nlu_cv"), failures)
    if "training" in chosen:
        _section(results, "training", training.full_training_seconds, failures)
    if any(s in chosen for s in SYSTEM_SECTIONS):
        from bot.benchmarks.system import running_system  # noqa: PLC0415

        try:
            model = launcher.train()
            with running_system(model, label="project", database_url=args.database_url) as system:
                print(f"\nProject system up (start-up seconds: "
                      + ", ".join(f"{k} {v:.1f}" for k, v in system.startup_seconds.items()) + ")", flush=True)
                recorded: list[Any] = []
                if "conversations" in chosen:
                    outcome = _section(results, "conversations", lambda: conversation_set.run(
                        system.rasa_url, system.web_url, system.api_token, label="project",
                        transcripts=RESULTS / "conversations.jsonl"), failures)
                    if outcome:
                        recorded = outcome[1]
                if "nlm" in chosen:
                    _section(results, "nlm", lambda: nlm_eval.run(system.rasa_url, system.web_url, system.api_token,
                                                                 out=RESULTS / "nlm_predictions.jsonl"), failures)
                if "load" in chosen:
                    _section(results, "load", lambda: project_load.run(system, results=recorded, levels=levels,
                                                                       seconds=args.seconds), failures)
                if "paced" in chosen:
                    _section(results, "paced", lambda: project_load.run(
                        system, results=recorded, levels=levels, seconds=args.seconds,
                        think_seconds=args.think_seconds, reuse_scripts=True), failures)
        except RuntimeError as error:
            print(f"The project system did not start: {error}", flush=True)
            failures.extend(s for s in SYSTEM_SECTIONS if s in chosen and s not in results)
    if "baseline" in chosen:
        _section(results, "baseline", lambda: baseline.run(database_url=None,
                                                           transcripts=RESULTS / "baseline_conversations.jsonl"), failures)
    if "reference" in chosen:
        _section(results, "reference", lambda: rasa_init_reference.run(levels=levels, seconds=args.seconds), failures)
    if "stock_server" in chosen:
        _section(results, "stock_server", lambda: stock_server.run(levels=levels, seconds=args.seconds,
                                                                   database_url=args.database_url), failures)

    results["meta"] = {
        "finished_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "sections_run": chosen,
        "run_seconds": time.monotonic() - started,
        "commit": _commit(),
        "cpu_count": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "loadavg_at_end": _loadavg(),
        "failed_sections": failures,
    }
    report.print_table(results)
    report.write_json(results, args.out)
    print(f"Results: {args.out}")
    if not args.no_plot:
        image = report.plot(results, args.out.with_name("latency.png"))
        if image:
            print(f"Plot: {image}")
    print(f"Run time: {(time.monotonic() - started) / 60:.1f} min; failed sections: {failures or 'none'}")
    return 1 if failures else 0
