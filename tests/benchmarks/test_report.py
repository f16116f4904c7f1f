"""Targets, Rasa's report parsing and the latency plot."""
from __future__ import annotations

import json

from bot.benchmarks import nlu_cv, report


def _level(concurrency: int, tps: float, p95: float, rss: float = 900.0) -> dict:
    return {"concurrency": concurrency, "turns_per_second": tps, "errors": 0, "conversations": 1,
            "conversations_ok": 1, "latency": {"p50_ms": p95 / 2, "p95_ms": p95, "p99_ms": p95 * 1.2},
            "rss_peak_mib": {"rasa": rss}, "other_cores_used": 0.1}


RESULTS = {
    "nlm": {"icd10_category_accuracy": 0.9, "specialty_accuracy": 0.8, "requester_role_accuracy": None},
    "conversations": {"completion_rate": 1.0, "field_accuracy": 0.94, "turn_targets": {"patients": 2, "met": 2}},
    "load": {"idle_rss_mib": {"rasa": 800.0}, "levels": [_level(1, 10, 80), _level(10, 30, 200, rss=1300.0)]},
    "reference": {"levels": [_level(10, 20, 50)], "idle_rss_mib": {"rasa": 500.0}, "training": {"training_seconds": 60}},
    "training": {"full_training_seconds": 250.0},
}


def test_targets_compare_in_the_right_direction() -> None:
    rows = {row["target"]: row for row in report.targets(RESULTS)}
    assert rows["external set: ICD-10-CM category accuracy"]["met"] is True
    assert rows["external set: specialty accuracy"]["met"] is False
    assert rows["external set: requester role accuracy"]["met"] is None  # not measured
    assert rows["conversation set: field accuracy"]["met"] is False
    assert rows["everything-up-front patients finishing in <= 4 turns after consent"]["met"] is True
    assert rows["p95 turn latency at 10 concurrent patients"]["met"] is False
    assert rows["throughput at 10 concurrent vs the rasa init assistant"]["value"] == 1.5
    assert rows["Rasa server resident memory (peak)"]["value"] == 1300.0
    assert rows["Rasa server resident memory (peak)"]["met"] is False
    assert rows["full training time"]["met"] is True


def test_json_and_plot_are_written(tmp_path) -> None:
    report.write_json(RESULTS, tmp_path / "benchmark.json")
    written = json.loads((tmp_path / "benchmark.json").read_text())
    assert written["targets"] and written["training"]["full_training_seconds"] == 250.0
    image = report.plot(RESULTS, tmp_path / "latency.png")
    assert image is not None and image.stat().st_size > 0
    report.print_table(RESULTS)  # must not fail on partial results


def test_rasa_reports_are_read(tmp_path) -> None:
    (tmp_path / "intent_report.json").write_text(json.dumps({
        "greet": {"precision": 1.0, "recall": 0.9, "f1-score": 0.95, "support": 10},
        "inform": {"precision": 0.8, "recall": 0.8, "f1-score": 0.8, "support": 30},
        "accuracy": 0.85,
        "macro avg": {"f1-score": 0.875}, "weighted avg": {"f1-score": 0.8375},
    }))
    (tmp_path / "DIETClassifier_report.json").write_text(json.dumps({
        "condition": {"precision": 0.5, "recall": 0.25, "f1-score": 0.333, "support": 4},
        "micro avg": {"f1-score": 0.333},
    }))
    result = nlu_cv.read_results(tmp_path)
    assert result["intent"]["accuracy"] == 0.85
    assert result["intent"]["per_intent_f1"]["inform"] == {"f1": 0.8, "support": 30}
    assert result["entity"]["DIETClassifier"]["condition"]["recall"] == 0.25
    assert "entity_note" not in result
    (tmp_path / "DIETClassifier_report.json").unlink()
    assert "entity_note" in nlu_cv.read_results(tmp_path)
