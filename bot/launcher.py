"""Bring-up and training: ``python -m bot.launcher up|train|bench`` (via ``./dev``)."""
from __future__ import annotations

import argparse
import hashlib
import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Optional

from bot import processes
from bot.processes import ROOT

MODELS = ROOT / "models"

#: Everything a trained model depends on.
MODEL_INPUTS = (
    "config.yml",
    "bot/domain",
    "bot/dialogue",
    "nlu_data",
    "bot/nlu",
)

SECRET_NAMES = (
    "INTAKE_API_TOKEN",
    "REVIEW_SERVICE_SECRET",
    "REVIEW_SERVICE_TOKEN",
    "CHANNEL_TOKEN",
    "WEB_SESSION_SECRET",
)


def model_fingerprint() -> str:
    """A hash of the files the model is trained from."""
    digest = hashlib.sha256()
    for entry in MODEL_INPUTS:
        path = ROOT / entry
        files = sorted(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts) if path.is_dir() else [path]
        for file in files:
            digest.update(str(file.relative_to(ROOT)).encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def model_path() -> Path:
    """Where the model for the current inputs is (or will be)."""
    return MODELS / f"intake-{model_fingerprint()}.tar.gz"


def train(force: bool = False) -> Path:
    """Trains the model unless one for the current inputs exists.

    Returns:
        The model file.
    """
    target = model_path()
    if target.exists() and not force:
        print(f"Model is up to date: {target.relative_to(ROOT)}")
        return target
    MODELS.mkdir(exist_ok=True)
    print("Training the Rasa model ...", flush=True)
    started = time.monotonic()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "RASA_TELEMETRY_ENABLED": "false"}
    subprocess.run(
        [
            processes.RASA, "train", "--config", "config.yml", "--domain", "bot/domain",
            "--data", "nlu_data", "bot/dialogue", "--out", str(MODELS),
            "--fixed-model-name", target.name.removesuffix(".tar.gz"), "--quiet",
        ],
        cwd=ROOT, env=env, check=True,
    )
    print(f"Trained in {time.monotonic() - started:.0f} s: {target.relative_to(ROOT)}")
    return target


def local_secrets(data_dir: Path) -> dict[str, str]:
    """Secrets for a local bring-up: from the environment, else generated once.

    Generated secrets are kept in ``<data dir>/secrets.env`` (mode 600), never in the
    repository.
    """
    path = data_dir / "secrets.env"
    stored: dict[str, str] = {}
    if path.exists():
        for line in path.read_text().splitlines():
            name, _, value = line.partition("=")
            if value:
                stored[name] = value
    values = {name: os.environ.get(name) or stored.get(name) or secrets.token_urlsafe(32) for name in SECRET_NAMES}
    if values != {k: stored.get(k) for k in SECRET_NAMES}:
        data_dir.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(f"{k}={v}\n" for k, v in values.items()))
        path.chmod(0o600)
    return values


def up(args: argparse.Namespace) -> int:
    """Starts every process, prints where to go, and waits until interrupted."""
    data_dir = Path(os.environ.get("DATA_DIR") or ROOT / "data").resolve()
    model = train()
    env = {
        "DATA_DIR": str(data_dir),
        **local_secrets(data_dir),
    }
    env.setdefault("DATABASE_URL", os.environ.get("DATABASE_URL") or f"sqlite:///{data_dir}/intake.db")
    own_review_service = not os.environ.get("REVIEW_SERVICE_URL")
    ports = {"rasa": args.rasa_port, "actions": args.action_port, "web": args.web_port, "review": args.review_port}
    env["REVIEW_SERVICE_URL"] = os.environ.get("REVIEW_SERVICE_URL") or f"http://127.0.0.1:{ports['review']}"
    env["RASA_URL"] = f"http://127.0.0.1:{ports['rasa']}"
    env.setdefault("HANDOFF_POLL_INTERVAL", os.environ.get("HANDOFF_POLL_INTERVAL", "0.25"))

    subprocess.run([processes.PYTHON, "-m", "bot.storage.migrate"], cwd=ROOT,
                   env={**os.environ, **env, "PYTHONPATH": str(ROOT)}, check=True)
    services = [processes.action_server(ports["actions"]), processes.rasa_server(model, ports["rasa"], ports["actions"], env["CHANNEL_TOKEN"]),
                processes.web_app(ports["web"]), processes.delivery_worker()]
    if own_review_service:
        services.insert(0, processes.review_service(ports["review"]))
    log_dir = data_dir / "logs"
    running: list[tuple[processes.Service, subprocess.Popen]] = []

    def shutdown(*_: object) -> None:
        for _, process in reversed(running):
            processes.stop(process)
        sys.exit(0)

    signal.signal(signal.SIGINT, shutdown)
    signal.signal(signal.SIGTERM, shutdown)
    try:
        for service in services:
            print(f"Starting {service.name} ...", flush=True)
            process = processes.start(service, env, log_dir)
            running.append((service, process))
            processes.wait_ready(service, process)
    except RuntimeError as error:
        print(f"Start-up failed: {error}. Logs: {log_dir}", file=sys.stderr)
        shutdown()
        return 1
    print(
        "\nThe intake assistant is running.\n"
        f"  Patient chat page:      http://127.0.0.1:{ports['web']}/chat\n"
        f"  Navigator console:      http://127.0.0.1:{ports['web']}/console"
        "  (first: .venv/bin/python -m bot.console.users create <name>)\n"
        f"  SMS webhook (Twilio):   http://127.0.0.1:{ports['web']}/webhooks/twilio/webhook\n"
        f"  Intake API:             http://127.0.0.1:{ports['web']}/api/intakes/<conversation id>"
        f"  (Authorization: Bearer <INTAKE_API_TOKEN from {data_dir / 'secrets.env'}>)\n"
        f"  Rasa REST channel:      http://127.0.0.1:{ports['rasa']}/webhooks/rest/webhook\n"
        f"  Review service:         {env['REVIEW_SERVICE_URL']}/intakes\n"
        f"  Terminal chat:          ./dev chat\n"
        f"  Logs:                   {log_dir}\n"
        "Press Ctrl-C to stop.",
        flush=True,
    )
    while True:
        for service, process in running:
            if process.poll() is not None:
                print(f"{service.name} stopped (exit {process.returncode}); see {log_dir}", file=sys.stderr)
                shutdown()
        time.sleep(1)


def main(argv: Optional[list[str]] = None) -> int:
    """Command-line entry point."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["bench"]:
        from bot.benchmarks import run_all  # noqa: PLC0415 - heavy, only for this command

        return run_all(argv[1:])  # the suite's own options (--only, --levels, ...)
    parser = argparse.ArgumentParser(prog="bot.launcher")
    sub = parser.add_subparsers(dest="command", required=True)
    up_parser = sub.add_parser("up", help="bring up the whole system")
    up_parser.add_argument("--rasa-port", type=int, default=int(os.environ.get("RASA_PORT", 5005)))
    up_parser.add_argument("--action-port", type=int, default=int(os.environ.get("ACTION_PORT", 5055)))
    up_parser.add_argument("--web-port", type=int, default=int(os.environ.get("WEB_PORT", 8000)))
    up_parser.add_argument("--review-port", type=int, default=int(os.environ.get("REVIEW_PORT", 8700)))
    train_parser = sub.add_parser("train", help="train the model if its inputs changed")
    train_parser.add_argument("--force", action="store_true")
    sub.add_parser("bench", help="run the evaluation and benchmark suite (options as python -m bot.benchmarks)")
    args = parser.parse_args(argv)
    if args.command == "up":
        return up(args)
    if args.command == "train":
        train(force=args.force)
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
