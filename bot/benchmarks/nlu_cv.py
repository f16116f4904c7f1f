"""NLU cross-validation with Rasa's own tool: ``rasa test nlu --cross-validation``.

Runs ``rasa test nlu --nlu nlu_data --config config.yml --cross-validation --folds 3``
into a results directory and reads the reports Rasa writes there: intent accuracy and
F1 (overall and per intent), and entity precision/recall/F1 per entity for every entity
extractor Rasa evaluated. Rasa only evaluates entities that are annotated in the data;
when ``nlu_data`` has no entity annotations (the project's ``condition`` entities come
from the clinical extractor, not from training data) there is no entity report, and the
result says so rather than inventing a number.
"""
from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path
from typing import Any, Mapping, Optional

from bot import processes
from bot.processes import ROOT

_NOT_ENTITY_REPORTS = {"intent_report.json", "response_selection_report.json"}
_SUMMARY_KEYS = {"accuracy", "micro avg", "macro avg", "weighted avg"}


def parse_intent_report(report: Mapping[str, Any]) -> dict[str, Any]:
    """Accuracy, averaged F1 and per-intent F1 from Rasa's ``intent_report.json``."""
    per_intent = {
        name: {"f1": values.get("f1-score"), "support": values.get("support")}
        for name, values in report.items() if name not in _SUMMARY_KEYS and isinstance(values, Mapping)
    }
    return {
        "accuracy": report.get("accuracy"),
        "macro_f1": (report.get("macro avg") or {}).get("f1-score"),
        "weighted_f1": (report.get("weighted avg") or {}).get("f1-score"),
        "per_intent_f1": dict(sorted(per_intent.items())),
    }


def parse_entity_report(report: Mapping[str, Any]) -> dict[str, Any]:
    """Per-entity precision, recall, F1 and support from an extractor's entity report."""
    return {
        name: {"precision": values.get("precision"), "recall": values.get("recall"),
               "f1": values.get("f1-score"), "support": values.get("support")}
        for name, values in sorted(report.items())
        if name not in _SUMMARY_KEYS and isinstance(values, Mapping)
    }


def read_results(out_dir: Path) -> dict[str, Any]:
    """The intent and entity numbers found in a ``rasa test nlu`` output directory."""
    intent_path = out_dir / "intent_report.json"
    result: dict[str, Any] = {"intent": parse_intent_report(json.loads(intent_path.read_text())) if intent_path.exists() else None}
    entities = {}
    for path in sorted(out_dir.glob("*_report.json")):
        if path.name in _NOT_ENTITY_REPORTS:
            continue
        entities[path.name.removesuffix("_report.json")] = parse_entity_report(json.loads(path.read_text()))
    result["entity"] = entities
    if not entities:
        result["entity_note"] = ("no entity report: nlu_data has no annotated entities, so Rasa has nothing to "
                                 "score; the clinical 'condition' entities are measured by the ICD and specialty "
                                 "accuracy of the conversation and external sets")
    return result


def run(out_dir: Optional[Path] = None, folds: int = 3) -> dict[str, Any]:
    """Runs the cross-validation and prints its numbers.

    Args:
        out_dir: Where Rasa writes its reports (``results/nlu_cv`` by default).
        folds: Number of folds.
    """
    out_dir = out_dir or ROOT / "results" / "nlu_cv"
    out_dir.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "3"}
    started = time.monotonic()
    with open(out_dir / "rasa_test_nlu.log", "wb") as log:
        subprocess.run(
            [processes.RASA, "test", "nlu", "--nlu", "nlu_data", "--config", "config.yml", "--cross-validation",
             "--folds", str(folds), "--out", str(out_dir), "--no-plot", "--quiet"],
            cwd=ROOT, env=env, check=True, stdout=log, stderr=subprocess.STDOUT,
        )
    result = read_results(out_dir)
    result["folds"] = folds
    result["wall_seconds"] = time.monotonic() - started
    print_result(result)
    return result


def print_result(result: Mapping[str, Any]) -> None:
    """Prints the cross-validation numbers."""
    intent = result.get("intent") or {}
    print(f"\n[nlu_cv] rasa test nlu --cross-validation --folds {result['folds']} ({result['wall_seconds']:.0f} s)")
    if intent:
        print(f"  intent accuracy        {intent['accuracy'] * 100:.1f}%  (macro F1 {intent['macro_f1']:.3f}, "
              f"weighted F1 {intent['weighted_f1']:.3f})")
        weakest = sorted(intent["per_intent_f1"].items(), key=lambda item: item[1]["f1"] or 0)[:5]
        print("  weakest intents        " + ", ".join(f"{name} {v['f1']:.2f}" for name, v in weakest))
    for extractor, entities in (result.get("entity") or {}).items():
        for name, values in entities.items():
            print(f"  entity {extractor}/{name}: F1 {values['f1']:.3f} (P {values['precision']:.3f}, "
                  f"R {values['recall']:.3f}, n={values['support']})")
    if result.get("entity_note"):
        print(f"  entities               {result['entity_note']}")
