"""The benchmark report: targets met or missed, a printed table, the JSON file, a plot."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Mapping, Optional

#: Rasa server resident memory limit from the issue: 1.2 GB.
RSS_LIMIT_MIB = 1.2e9 / 2**20


def _level(section: Optional[Mapping[str, Any]], concurrency: int) -> Optional[Mapping[str, Any]]:
    for level in (section or {}).get("levels") or []:
        if level["concurrency"] == concurrency:
            return level
    return None


def _get(data: Optional[Mapping[str, Any]], *path: str) -> Any:
    value: Any = data
    for key in path:
        if not isinstance(value, Mapping):
            return None
        value = value.get(key)
    return value


def targets(results: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Every target of the issue with its measured value (None when not measured)."""
    rows: list[dict[str, Any]] = []

    def add(name: str, value: Optional[float], target: float, unit: str, higher_is_better: bool = True) -> None:
        met = None if value is None else (value >= target if higher_is_better else value <= target)
        rows.append({"target": name, "value": value, "limit": target, "unit": unit,
                     "direction": ">=" if higher_is_better else "<=", "met": met})

    nlm = results.get("nlm")
    add("external set: ICD-10-CM category accuracy", _get(nlm, "icd10_category_accuracy"), 0.85, "ratio")
    add("external set: specialty accuracy", _get(nlm, "specialty_accuracy"), 0.90, "ratio")
    add("external set: requester role accuracy", _get(nlm, "requester_role_accuracy"), 0.90, "ratio")
    conversations = results.get("conversations")
    add("conversation set: completion rate", _get(conversations, "completion_rate"), 0.95, "ratio")
    add("conversation set: field accuracy", _get(conversations, "field_accuracy"), 0.95, "ratio")
    up_front = _get(conversations, "turn_targets")
    add("everything-up-front patients finishing in <= 4 turns after consent",
        (up_front["met"] / up_front["patients"]) if up_front and up_front.get("patients") else None, 1.0, "ratio")
    load = results.get("load")
    ten = _level(load, 10)
    add("p95 turn latency at 10 concurrent patients", _get(ten, "latency", "p95_ms"), 150.0, "ms", higher_is_better=False)
    paced_ten = _level(results.get("paced"), 10)
    if paced_ten:
        add(f"  same, patients pausing ~{paced_ten.get('think_seconds', 0):g} s between messages (opt-in 'paced')",
            _get(paced_ten, "latency", "p95_ms"), 150.0, "ms", higher_is_better=False)
    reference_ten = _level(results.get("reference"), 10)
    ratio = None
    if ten and reference_ten and reference_ten["turns_per_second"]:
        ratio = ten["turns_per_second"] / reference_ten["turns_per_second"]
    add("throughput at 10 concurrent vs the rasa init assistant", ratio, 2.0, "x")
    peaks = [level["rss_peak_mib"].get("rasa") for level in (load or {}).get("levels") or []]
    peaks = [p for p in peaks if p is not None] + [v for v in [_get(load, "idle_rss_mib", "rasa")] if v is not None]
    add("Rasa server resident memory (peak)", max(peaks) if peaks else None, RSS_LIMIT_MIB, "MiB", higher_is_better=False)
    add("full training time", _get(results.get("training"), "full_training_seconds"), 300.0, "s", higher_is_better=False)
    return rows


def _fmt(value: Optional[float], unit: str) -> str:
    if value is None:
        return "not measured"
    if unit == "ratio":
        return f"{value * 100:.1f}%"
    if unit == "x":
        return f"{value:.2f}x"
    return f"{value:.0f} {unit}"


def _pct(value: Optional[float]) -> str:
    return "-" if value is None else f"{value * 100:.1f}%"


def print_understanding(results: Mapping[str, Any]) -> None:
    """Prints the understanding numbers: NLU cross-validation, the conversation set side by
    side with the stock-configuration baseline, and the external set."""
    print("UNDERSTANDING")
    intent = _get(results.get("nlu_cv"), "intent")
    if intent:
        print(f"  NLU 3-fold cross-validation: intent accuracy {_pct(intent['accuracy'])}, macro F1 "
              f"{intent['macro_f1']:.3f}; entities: {_get(results.get('nlu_cv'), 'entity_note') or 'see JSON'}")
    project, stock = results.get("conversations"), results.get("baseline")
    if project or stock:
        print(f"  {'conversation set (64 simulated patients)':<44}{'project':>12}{'stock Rasa':>12}")
        rows = [
            ("completion rate", "completion_rate"),
            ("field accuracy (all gold fields)", "field_accuracy"),
        ]
        for label, key in rows:
            print(f"  {label:<44}{_pct(_get(project, key)):>12}{_pct(_get(stock, key)):>12}")
        for path in ("diagnosis.code.code", "diagnosis.specialty", "requester.role", "patient.birth_date",
                     "treatment.proposed", "reason"):
            print(f"  {'  ' + path:<44}{_pct(_get(project, 'per_field', path, 'accuracy')):>12}"
                  f"{_pct(_get(stock, 'per_field', path, 'accuracy')):>12}")
        for label, key in (("mean turns after consent (completed)", "mean"),):
            values = [_get(r, "turns_after_consent", key) for r in (project, stock)]
            print(f"  {label:<44}" + "".join(f"{v:>12.1f}" if v is not None else f"{'-':>12}" for v in values))
        for label, key in (("questions re-asked (already in the opening)", "redundant_questions"),
                           ("false red-flag alarms", "false_red_flag_alarms")):
            values = [_get(r, key) for r in (project, stock)]
            print(f"  {label:<44}" + "".join(f"{v if v is not None else '-':>12}" for v in values))
        stock_training = _get(stock, "training", "training_seconds")
        if stock_training is not None:
            print(f"  stock model training time: {stock_training:.0f} s (cached: {_get(stock, 'training', 'cached')})")
    nlm = results.get("nlm")
    if nlm:
        print(f"  external set (150 labelled consumer questions): ICD-10-CM category {_pct(nlm.get('icd10_category_accuracy'))}, "
              f"specialty {_pct(nlm.get('specialty_accuracy'))}, requester role {_pct(nlm.get('requester_role_accuracy'))}")


def print_table(results: Mapping[str, Any]) -> None:
    """Prints the understanding and performance tables and the targets."""
    print("\n" + "=" * 100)
    print_understanding(results)
    print("\nPERFORMANCE (closed loop; no think time except in the paced rows; same machine)")
    print(f"{'system':<22}{'patients':>9}{'turns/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
          f"{'errors':>8}{'ok conv':>9}{'other cores':>13}")
    for label, key in (("project (full system)", "load"), ("rasa init assistant", "reference"),
                       ("stock rasa run", "stock_server"), ("project, paced (think)", "paced")):
        for level in (results.get(key) or {}).get("levels") or []:
            lat = level["latency"]
            print(f"{label:<22}{level['concurrency']:>9}{level['turns_per_second']:>9.1f}{lat['p50_ms'] or 0:>9.1f}"
                  f"{lat['p95_ms'] or 0:>9.1f}{lat['p99_ms'] or 0:>9.1f}{level['errors']:>8}"
                  f"{level['conversations_ok']:>5}/{level['conversations']:<3}{level.get('other_cores_used', 0):>13.2f}")
    load = results.get("load") or {}
    if load:
        peak: dict[str, float] = {}
        for level in load.get("levels") or []:
            for name, value in level["rss_peak_mib"].items():
                if value is not None:
                    peak[name] = max(peak.get(name, 0.0), value)
        print("resident memory (MiB) idle / peak under load: " + ", ".join(
            f"{name} {load['idle_rss_mib'].get(name) or 0:.0f}/{peak.get(name, 0):.0f}" for name in load.get("idle_rss_mib", {})))
    reference = results.get("reference") or {}
    if reference:
        print(f"rasa init assistant: idle {reference['idle_rss_mib']['rasa'] or 0:.0f} MiB, "
              f"`rasa init` (scaffold + train) {reference['training']['training_seconds']:.0f} s")
    training = results.get("training") or {}
    if training:
        print(f"project model full training: {training['full_training_seconds']:.0f} s")
    print("\nTARGETS")
    for row in targets(results):
        mark = {True: "MET   ", False: "MISSED", None: "  -   "}[row["met"]]
        limit = _fmt(row["limit"], row["unit"])
        print(f"  [{mark}] {row['target']:<70} {_fmt(row['value'], row['unit']):>14}  ({row['direction']} {limit})")
    print("=" * 100)


def write_json(results: Mapping[str, Any], path: Path) -> None:
    """Writes the results (with the target table) as JSON."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({**results, "targets": targets(results)}, indent=2, default=str) + "\n")


def plot(results: Mapping[str, Any], path: Path) -> Optional[Path]:
    """Latency percentiles and throughput against concurrency (None without matplotlib or data)."""
    try:
        import matplotlib  # noqa: PLC0415 - optional

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt  # noqa: PLC0415
    except ImportError:
        return None
    series = {label: (results.get(key) or {}).get("levels") or []
              for label, key in (("project", "load"), ("rasa init", "reference"), ("stock rasa run", "stock_server"))}
    if not any(series.values()):
        return None
    figure, (latency_axis, throughput_axis) = plt.subplots(1, 2, figsize=(11, 4.2))
    for color, (label, levels) in zip(("C0", "C1", "C2"), series.items()):
        if not levels:
            continue
        x = [level["concurrency"] for level in levels]
        for percentile, style in (("p50_ms", ":"), ("p95_ms", "-"), ("p99_ms", "--")):
            latency_axis.plot(x, [level["latency"][percentile] for level in levels], style, marker="o", color=color,
                              label=f"{label} {percentile[:3]}")
        throughput_axis.plot(x, [level["turns_per_second"] for level in levels], marker="o", color=color, label=label)
    latency_axis.axhline(150, color="grey", linewidth=0.8)
    latency_axis.set(xlabel="concurrent patients", ylabel="turn latency (ms)", xscale="log", yscale="log",
                     title="Per-turn latency")
    throughput_axis.set(xlabel="concurrent patients", ylabel="turns per second", xscale="log", title="Throughput")
    latency_axis.legend(fontsize=7)
    throughput_axis.legend(fontsize=8)
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=110)
    plt.close(figure)
    return path
