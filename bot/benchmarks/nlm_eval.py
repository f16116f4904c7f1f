"""External text: real consumer health questions as the opening narrative of an intake.

Every text of ``../shared/eval/nlm-consumer-questions.jsonl`` is sent, after the greeting
and consent, as the answer to the opening question of a fresh conversation, through the
REST channel; the record is then read back through the intake API. The 150 labelled texts
(``nlm-dev-labels.jsonl``) are scored; predictions for all 300 are written out so the held
out half can be scored by whoever holds its labels.

Scoring (see ``../shared/eval/README.md``): the ICD-10-CM code is right when it starts with
the gold category or one of its alternatives; specialty and requester role must be equal.
The requester role counts as stated only when the assistant recorded one (the record's
provenance has ``requester.role``); the record's default "patient" for an unknown writer
is not a prediction. These texts are for measuring only: nothing here trains or tunes.
"""
from __future__ import annotations

import asyncio
import json
import time
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Mapping, Optional, Sequence

from bot.benchmarks import scoring
from bot.benchmarks.client import AssistantClient, new_session
from bot.benchmarks.stats import latency_summary
from bot.processes import ROOT

EVAL_DIR = ROOT.parent / "shared" / "eval"
QUESTIONS = EVAL_DIR / "nlm-consumer-questions.jsonl"
LABELS = EVAL_DIR / "nlm-dev-labels.jsonl"


@dataclass
class Prediction:
    """What the assistant made of one text.

    Attributes:
        id: The text's id.
        status: The intake status after the narrative (``emergency`` when a red flag fired).
        asking: What the assistant asked next.
        code: ``diagnosis.code.code`` or None.
        display: The code's title.
        diagnosis_text: ``diagnosis.text``.
        specialty: ``diagnosis.specialty``.
        confirmed: ``diagnosis.confirmed``.
        requester_role: The recorded requester role, None when the assistant did not decide.
        proposed_treatment: ``treatment.proposed``.
        seconds: Latency of the narrative turn.
        error: What went wrong, if anything.
    """

    id: str
    status: Optional[str] = None
    asking: Optional[str] = None
    code: Optional[str] = None
    display: Optional[str] = None
    diagnosis_text: Optional[str] = None
    specialty: Optional[str] = None
    confirmed: Optional[bool] = None
    requester_role: Optional[str] = None
    proposed_treatment: Optional[str] = None
    seconds: Optional[float] = None
    error: Optional[str] = None


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """The JSON objects of a JSON-lines file."""
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def prediction_from_intake(text_id: str, intake: Mapping[str, Any], seconds: Optional[float] = None) -> Prediction:
    """Reads a prediction out of an intake API response."""
    record = intake.get("record") or {}
    provenance = record.get("provenance") or {}
    role = scoring.record_value(record, "requester.role") if "requester.role" in provenance else None
    return Prediction(
        id=text_id,
        status=intake.get("status"),
        asking=intake.get("asking"),
        code=scoring.record_value(record, "diagnosis.code.code"),
        display=scoring.record_value(record, "diagnosis.code.display"),
        diagnosis_text=scoring.record_value(record, "diagnosis.text"),
        specialty=scoring.record_value(record, "diagnosis.specialty"),
        confirmed=scoring.record_value(record, "diagnosis.confirmed"),
        requester_role=role,
        proposed_treatment=scoring.record_value(record, "treatment.proposed"),
        seconds=seconds,
    )


def score(predictions: Mapping[str, Prediction], labels: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """ICD category, specialty and requester-role accuracy over the labelled texts.

    Also broken down by difficulty, and for requester role over the texts whose role is
    stated (non-null gold) only.
    """
    rows = []
    for label in labels:
        prediction = predictions.get(label["id"])
        if prediction is None:
            continue
        rows.append({
            "difficulty": label.get("difficulty"),
            "icd": scoring.icd_correct(prediction.code, label.get("icd10"), label.get("icd10_alternatives") or []),
            "specialty": scoring.same_label(prediction.specialty, label.get("specialty")),
            "role": scoring.same_label(prediction.requester_role, label.get("requester_role")),
            "role_stated": label.get("requester_role") is not None,
            "emergency": prediction.status == "emergency",
        })

    def block(subset: list[dict[str, Any]]) -> dict[str, Any]:
        return {
            "n": len(subset),
            "icd10_category_accuracy": scoring.accuracy([r["icd"] for r in subset]),
            "specialty_accuracy": scoring.accuracy([r["specialty"] for r in subset]),
            "requester_role_accuracy": scoring.accuracy([r["role"] for r in subset]),
        }

    result = block(rows)
    result["requester_role_accuracy_stated_only"] = scoring.accuracy([r["role"] for r in rows if r["role_stated"]])
    result["red_flag_stops"] = sum(1 for r in rows if r["emergency"])
    result["by_difficulty"] = {
        level: block([r for r in rows if r["difficulty"] == level]) for level in ("easy", "medium", "hard")
    }
    return result


async def _predict_all(client: AssistantClient, texts: Sequence[Mapping[str, Any]], concurrency: int) -> dict[str, Prediction]:
    semaphore = asyncio.Semaphore(concurrency)

    async def one(item: Mapping[str, Any]) -> Prediction:
        sender = f"nlm-{uuid.uuid4().hex[:12]}"
        async with semaphore:
            try:
                await client.say(sender, "hi")
                await client.say(sender, "/affirm")
                turn = await client.say(sender, item["text"])
                intake = await client.intake(sender) or {}
                return prediction_from_intake(item["id"], intake, turn.seconds)
            except Exception as failure:  # noqa: BLE001 - one failure must not stop the set
                return Prediction(id=item["id"], error=f"{failure.__class__.__name__}: {failure}")

    predictions = await asyncio.gather(*(one(item) for item in texts))
    return {p.id: p for p in predictions}


def run(rasa_url: str, web_url: str, api_token: str, *, out: Optional[Path] = None, concurrency: int = 2) -> dict[str, Any]:
    """Sends every text through a running system, scores the labelled half, prints it.

    Args:
        rasa_url: Base URL of the Rasa server.
        web_url: Base URL of the web app.
        api_token: Intake API token.
        out: Where to write every prediction (JSON lines), when given.
        concurrency: Conversations at a time.

    Returns:
        The scores (see :func:`score`), counts and the narrative-turn latency.
    """
    texts = read_jsonl(QUESTIONS)
    labels = read_jsonl(LABELS)
    started = time.monotonic()

    async def go() -> dict[str, Prediction]:
        async with new_session(concurrency) as session:
            return await _predict_all(AssistantClient(session, rasa_url, web_url, api_token), texts, concurrency)

    predictions = asyncio.run(go())
    result = score(predictions, labels)
    result["texts_sent"] = len(texts)
    result["errors"] = sum(1 for p in predictions.values() if p.error)
    result["red_flag_stops_all_300"] = sum(1 for p in predictions.values() if p.status == "emergency")
    result["no_code_all_300"] = sum(1 for p in predictions.values() if not p.code)
    result["narrative_latency"] = latency_summary([p.seconds for p in predictions.values() if p.seconds is not None])
    result["wall_seconds"] = time.monotonic() - started
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("w") as handle:
            for text in texts:
                handle.write(json.dumps(asdict(predictions[text["id"]])) + "\n")
    print_result(result)
    return result


def print_result(result: Mapping[str, Any]) -> None:
    """Prints the external-set numbers."""
    def pct(value: Optional[float]) -> str:
        return "n/a" if value is None else f"{value * 100:.1f}%"

    print(f"\n[nlm] {result['texts_sent']} consumer questions sent, {result['n']} labelled scored, "
          f"{result['wall_seconds']:.0f} s")
    print(f"  ICD-10-CM category     {pct(result['icd10_category_accuracy'])}   (target >= 85%)")
    print(f"  specialty              {pct(result['specialty_accuracy'])}   (target >= 90%)")
    print(f"  requester role         {pct(result['requester_role_accuracy'])}   (target >= 90%; "
          f"{pct(result['requester_role_accuracy_stated_only'])} where the text states it)")
    for level, block in result["by_difficulty"].items():
        print(f"    {level:<6} n={block['n']:<3} ICD {pct(block['icd10_category_accuracy'])}, "
              f"specialty {pct(block['specialty_accuracy'])}, role {pct(block['requester_role_accuracy'])}")
    print(f"  red-flag stops         {result['red_flag_stops']} of the labelled, {result['red_flag_stops_all_300']} of all "
          f"{result['texts_sent']}; no code at all: {result['no_code_all_300']}; errors: {result['errors']}")
