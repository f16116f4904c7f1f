"""Training Rasa models for the benchmarks, and timing a full training.

Models are trained from the project's domain, rules and NLU data with a given
configuration, exactly as ``bot.launcher.train`` does for the project's own config.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any, Optional

from bot import launcher, processes
from bot.processes import ROOT

#: Training inputs other than the configuration (the same domain, rules and data).
DATA_INPUTS = tuple(entry for entry in launcher.MODEL_INPUTS if entry != "config.yml")


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "3"}


def rasa_train(config: Path, out_dir: Path, name: str, *, force: bool = False, log: Optional[Path] = None) -> float:
    """Trains a model from the project's domain, rules and data with ``config``.

    Args:
        config: The configuration file.
        out_dir: Where the model goes (``<out_dir>/<name>.tar.gz``).
        name: The model's file name without extension.
        force: Train every component from scratch (Rasa's ``--force``: no cached parts).
        log: Where Rasa's output goes (discarded when None).

    Returns:
        Wall-clock seconds.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    argv = [processes.RASA, "train", "--config", str(config), "--domain", "bot/domain", "--data", "nlu_data",
            "bot/dialogue", "--out", str(out_dir), "--fixed-model-name", name, "--quiet"]
    if force:
        argv.append("--force")
    started = time.monotonic()
    with open(log or os.devnull, "wb") as output:
        subprocess.run(argv, cwd=ROOT, env=_env(), check=True, stdout=output, stderr=subprocess.STDOUT)
    return time.monotonic() - started


def fingerprint(config_text: str) -> str:
    """A hash of a configuration and the project's domain, rules and data."""
    digest = hashlib.sha256(config_text.encode())
    for entry in DATA_INPUTS:
        path = ROOT / entry
        files = sorted(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts) if path.is_dir() else [path]
        for file in files:
            digest.update(str(file.relative_to(ROOT)).encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def cached_model(config_text: str, models_dir: Path, stem: str) -> tuple[Path, dict[str, Any]]:
    """The model for ``config_text``, trained unless one for the same inputs exists.

    The training time is kept beside the model (``<model>.json``), so a cached model
    still reports how long it took to train.

    Returns:
        The model and ``{"training_seconds", "cached"}``.
    """
    models_dir.mkdir(parents=True, exist_ok=True)
    name = f"{stem}-{fingerprint(config_text)}"
    model = models_dir / f"{name}.tar.gz"
    info_path = models_dir / f"{name}.json"
    if model.exists() and info_path.exists():
        return model, {**json.loads(info_path.read_text()), "cached": True}
    config = models_dir / f"{name}.config.yml"
    config.write_text(config_text)
    print(f"  training {model.relative_to(ROOT)} ...", flush=True)
    seconds = rasa_train(config, models_dir, name, log=models_dir / f"{name}.train.log")
    info = {"training_seconds": seconds}
    info_path.write_text(json.dumps(info))
    return model, {**info, "cached": False}


def full_training_seconds() -> dict[str, Any]:
    """Times a full (``--force``) training of the project's model from ``config.yml``.

    The model goes to a scratch directory and is deleted: ``models/`` is not touched.
    """
    scratch = Path(tempfile.mkdtemp(prefix="bench-train-"))
    try:
        seconds = rasa_train(ROOT / "config.yml", scratch, "timed", force=True, log=scratch / "train.log")
        size = (scratch / "timed.tar.gz").stat().st_size
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    result = {"full_training_seconds": seconds, "model_mib": size / 2**20, "cpu_count": os.cpu_count()}
    print(f"\n[training] full training of the project model (rasa train --force): {seconds:.0f} s "
          f"(target <= 300 s on 2 cores), model {result['model_mib']:.1f} MiB", flush=True)
    return result
