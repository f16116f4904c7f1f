"""The project's own conversation test set: simulated patients with gold records.

Each patient in ``eval/conversations/*.yml`` (written for testing only, never trained on)
is driven through the running assistant exactly as a client would: messages through
Rasa's REST channel, and the intake API's ``asking`` to know which scripted answer to give.
The final record is scored field by field against the patient's gold values.

A patient entry::

    - id: rich-03
      persona: who this is and what the case exercises
      consent: "/affirm"            # optional; the consent button by default
      opening: "..."                # answer to the opening question (the narrative)
      opening_gives: [care_team.physician, ...]   # facts the opening already states
      answers: {patient.name: "...", patient.birth_date: ["bad date", "good date"], ...}
      before_answer: {patient.phone: ["sorry, my birthday is 1958 not 1985"]}
      at_confirmation: ["change my email to ..."]
      max_turns_after_consent: 4    # optional target for this patient
      gold: {patient.name.text: "...", diagnosis.code.code: {prefix: C50}, ...}

``answers`` holds what the patient would say when asked (a list: successive answers when
asked again). ``before_answer`` messages are said the first time that field is asked,
before the answer (corrections, questions about the service). ``at_confirmation`` messages
are said at the summary before accepting it. A field the bot asks for that the patient has
no answer for gets "I don't know", and is reported.
"""
from __future__ import annotations

import asyncio
import json
import statistics
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Mapping, Optional, Sequence

import yaml

from bot.benchmarks import scoring
from bot.benchmarks.client import AssistantClient, new_session
from bot.benchmarks.stats import latency_summary
from bot.processes import ROOT

SET_DIR = ROOT / "eval" / "conversations"
COMPLETED = ("submitted", "delivered")
#: Statuses after which the simulated patient stops.
TERMINAL = COMPLETED + ("emergency", "needs_human", "abandoned", "opted_out")
MAX_TURNS = 45
#: The same question this many times in a row means the conversation is stuck.
MAX_SAME_QUESTION = 4
NO_ANSWER = "I don't know"
#: What a patient who is not in an emergency says when the assistant treats them as one.
NOT_AN_EMERGENCY = "It's not an emergency, I'm safe. I just want a second opinion."
_KEYS = {"id", "persona", "tags", "consent", "opening", "opening_gives", "answers", "before_answer",
         "at_confirmation", "max_turns_after_consent", "gold"}


@dataclass(frozen=True)
class SimulatedPatient:
    """One scripted patient with the record a careful nurse would write down."""

    id: str
    persona: str
    opening: str
    answers: Mapping[str, Sequence[str]]
    gold: Mapping[str, Any]
    consent: str = "/affirm"
    tags: Sequence[str] = ()
    opening_gives: Sequence[str] = ()
    before_answer: Mapping[str, Sequence[str]] = field(default_factory=dict)
    at_confirmation: Sequence[str] = ()
    max_turns_after_consent: Optional[int] = None


@dataclass
class PatientResult:
    """What happened to one simulated patient."""

    id: str
    tags: list[str]
    status: Optional[str]
    completed: bool
    turns_after_consent: int
    asked: list[str]
    redundant: list[str]
    unexpected: list[str]
    fields: dict[str, bool]
    latencies: list[float]
    max_turns_after_consent: Optional[int] = None
    false_alarm: bool = False
    error: Optional[str] = None
    transcript: list[tuple[str, str]] = field(default_factory=list)
    record: dict[str, Any] = field(default_factory=dict)


def _as_list(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value]
    for item in values:
        if isinstance(item, bool) or item is None:
            # YAML reads a bare no/yes/off as a boolean: a patient says words, so quote them.
            raise ValueError(f"patient message {item!r} is not text (quote it in the YAML)")
    return [str(item) for item in values]


def parse_patient(raw: Mapping[str, Any], source: str = "") -> SimulatedPatient:
    """Builds a patient from its YAML entry.

    Raises:
        ValueError: Unknown keys, a missing id/opening/gold, or an invalid gold matcher.
    """
    unknown = set(raw) - _KEYS
    if unknown:
        raise ValueError(f"{source}: unknown keys {sorted(unknown)} in patient {raw.get('id')}")
    for key in ("id", "opening", "gold"):
        if key not in raw:
            raise ValueError(f"{source}: patient {raw.get('id')} has no {key}")
    for expected in raw["gold"].values():
        scoring.matches(None, expected)  # raises on an unknown matcher
    return SimulatedPatient(
        id=str(raw["id"]),
        persona=str(raw.get("persona", "")),
        opening=str(raw["opening"]),
        answers={path: _as_list(value) for path, value in (raw.get("answers") or {}).items()},
        gold=dict(raw["gold"]),
        consent=str(raw.get("consent", "/affirm")),
        tags=list(raw.get("tags") or []),
        opening_gives=list(raw.get("opening_gives") or []),
        before_answer={path: _as_list(value) for path, value in (raw.get("before_answer") or {}).items()},
        at_confirmation=_as_list(raw.get("at_confirmation") or []),
        max_turns_after_consent=raw.get("max_turns_after_consent"),
    )


def load_set(directory: Path = SET_DIR) -> list[SimulatedPatient]:
    """All patients of the set, in file then entry order.

    Raises:
        ValueError: A malformed entry or a duplicate id.
    """
    patients: list[SimulatedPatient] = []
    for path in sorted(directory.glob("*.yml")):
        content = yaml.safe_load(path.read_text()) or {}
        for raw in content.get("patients") or []:
            patients.append(parse_patient(raw, path.name))
    ids = [p.id for p in patients]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ValueError(f"duplicate patient ids: {duplicates}")
    return patients


class _Conversation:
    """One patient's conversation in progress."""

    def __init__(self, client: AssistantClient, patient: SimulatedPatient, prefix: str) -> None:
        self.client = client
        self.patient = patient
        self.sender = f"{prefix}-{patient.id}-{uuid.uuid4().hex[:6]}"
        self.latencies: list[float] = []
        self.transcript: list[tuple[str, str]] = []

    async def say(self, text: str) -> None:
        turn = await self.client.say(self.sender, text)
        self.latencies.append(turn.seconds)
        self.transcript.append(("patient", text))
        self.transcript.extend(("bot", reply.get("text", "")) for reply in turn.replies)

    async def intake(self) -> dict[str, Any]:
        return await self.client.intake(self.sender) or {}


async def drive_patient(client: AssistantClient, patient: SimulatedPatient, *, prefix: str = "eval") -> PatientResult:
    """Runs one patient's whole conversation and scores the record it ends with."""
    talk = _Conversation(client, patient, prefix)
    asked: list[str] = []
    unexpected: list[str] = []
    times_asked: dict[str, int] = {}
    interjected: set[str] = set()
    confirmation_said = False
    false_alarm = False
    turns = 0
    error: Optional[str] = None
    intake: dict[str, Any] = {}
    try:
        await talk.say("hi")
        if (await talk.intake()).get("asking") != "consent":
            raise RuntimeError("the greeting did not lead to the consent question")
        await talk.say(patient.consent)
        if (await talk.intake()).get("asking") != "diagnosis.text":
            raise RuntimeError("consent did not lead to the opening question")
        await talk.say(patient.opening)
        turns = 1
        same_in_a_row = 0
        while turns < MAX_TURNS:
            intake = await talk.intake()
            if intake.get("status") == "emergency" and not false_alarm:
                # None of these patients is in an emergency: they say so, once, as a person would.
                false_alarm = True
                await talk.say(NOT_AN_EMERGENCY)
                turns += 1
                continue
            if intake.get("status") in TERMINAL:
                break
            asking = intake.get("asking")
            same_in_a_row = same_in_a_row + 1 if asked and asked[-1] == asking else 1
            if asking is None or same_in_a_row > MAX_SAME_QUESTION:
                error = f"stuck on {asking!r}"
                break
            asked.append(asking)
            if asking == "confirmation":
                if not confirmation_said and patient.at_confirmation:
                    confirmation_said = True
                    for text in patient.at_confirmation:
                        await talk.say(text)
                        turns += 1
                    continue
                await talk.say("yes")
                turns += 1
                continue
            if asking in patient.before_answer and asking not in interjected:
                interjected.add(asking)
                for text in patient.before_answer[asking]:
                    await talk.say(text)
                    turns += 1
                asked.pop()
                continue
            options = patient.answers.get(asking)
            if not options:
                unexpected.append(asking)
                answer = NO_ANSWER
            else:
                answer = options[min(times_asked.get(asking, 0), len(options) - 1)]
            times_asked[asking] = times_asked.get(asking, 0) + 1
            await talk.say(answer)
            turns += 1
        else:
            error = f"no end after {MAX_TURNS} turns"
        intake = await talk.intake()
    except Exception as failure:  # noqa: BLE001 - one broken conversation must not stop the set
        error = f"{failure.__class__.__name__}: {failure}"
    record = intake.get("record") or {}
    status = intake.get("status")
    return PatientResult(
        id=patient.id,
        tags=list(patient.tags),
        status=status,
        completed=status in COMPLETED,
        turns_after_consent=turns,
        asked=[a for a in asked if a != "confirmation"],
        redundant=sorted({a for a in asked if a in patient.opening_gives}),
        unexpected=unexpected,
        fields=scoring.score_fields(record, patient.gold),
        latencies=talk.latencies,
        max_turns_after_consent=patient.max_turns_after_consent,
        false_alarm=false_alarm,
        error=error,
        transcript=talk.transcript,
        record=record,
    )


async def drive_set(
    rasa_url: str, web_url: str, api_token: str, patients: Sequence[SimulatedPatient], *,
    prefix: str = "eval", concurrency: int = 2,
) -> list[PatientResult]:
    """Drives every patient (``concurrency`` at a time) and returns results in set order."""
    semaphore = asyncio.Semaphore(concurrency)
    async with new_session(concurrency) as session:
        client = AssistantClient(session, rasa_url, web_url, api_token)

        async def one(patient: SimulatedPatient) -> PatientResult:
            async with semaphore:
                return await drive_patient(client, patient, prefix=prefix)

        return list(await asyncio.gather(*(one(p) for p in patients)))


def summarise(results: Sequence[PatientResult]) -> dict[str, Any]:
    """Completion rate, field accuracy (overall and per field) and turns to complete."""
    completed = [r for r in results if r.completed]
    all_fields = [ok for r in results for ok in r.fields.values()]
    completed_fields = [ok for r in completed for ok in r.fields.values()]
    per_field: dict[str, list[bool]] = {}
    for result in results:
        for path, ok in result.fields.items():
            per_field.setdefault(path, []).append(ok)
    turns = [r.turns_after_consent for r in completed]
    targeted = [r for r in results if r.max_turns_after_consent is not None]
    per_tag: dict[str, list[PatientResult]] = {}
    for result in results:
        for tag in result.tags:
            per_tag.setdefault(tag, []).append(result)
    return {
        "patients": len(results),
        "completed": len(completed),
        "completion_rate": scoring.accuracy([r.completed for r in results]),
        "field_accuracy": scoring.accuracy(all_fields),
        "field_accuracy_completed_only": scoring.accuracy(completed_fields),
        "gold_fields": len(all_fields),
        "per_field": {path: {"n": len(oks), "accuracy": scoring.accuracy(oks)} for path, oks in sorted(per_field.items())},
        "per_tag": {
            tag: {"patients": len(rs), "completion_rate": scoring.accuracy([r.completed for r in rs]),
                  "field_accuracy": scoring.accuracy([ok for r in rs for ok in r.fields.values()])}
            for tag, rs in sorted(per_tag.items())
        },
        "turns_after_consent": {
            "mean": statistics.fmean(turns) if turns else None,
            "median": statistics.median(turns) if turns else None,
            "max": max(turns) if turns else None,
        },
        "turn_targets": {
            "patients": len(targeted),
            "met": sum(1 for r in targeted if r.completed and r.turns_after_consent <= r.max_turns_after_consent),
            "details": {r.id: {"turns": r.turns_after_consent, "target": r.max_turns_after_consent, "completed": r.completed}
                        for r in targeted},
        },
        "redundant_questions": sum(len(r.redundant) for r in results),
        "false_red_flag_alarms": sum(1 for r in results if r.false_alarm),
        "unexpected_questions": sum(len(r.unexpected) for r in results),
        "latency": latency_summary([s for r in results for s in r.latencies]),
        "failures": {
            r.id: {
                "status": r.status, "error": r.error, "false_alarm": r.false_alarm, "wrong": sorted(p for p, ok in r.fields.items() if not ok),
                "redundant": r.redundant, "unexpected": r.unexpected,
            }
            for r in results if not r.completed or r.error or r.false_alarm or not all(r.fields.values()) or r.redundant or r.unexpected
        },
    }


def run(rasa_url: str, web_url: str, api_token: str, *, label: str = "project",
        transcripts: Optional[Path] = None) -> tuple[dict[str, Any], list[PatientResult]]:
    """Drives the whole set against a running system and prints its numbers.

    Args:
        rasa_url: Base URL of the Rasa server.
        web_url: Base URL of the web app.
        api_token: Intake API token.
        label: Names the system in what is printed.
        transcripts: When given, every transcript is written there as JSON lines.

    Returns:
        The summary (see :func:`summarise`) plus the wall time, and every patient's result.
    """
    patients = load_set()
    started = time.monotonic()
    results = asyncio.run(drive_set(rasa_url, web_url, api_token, patients, prefix=label))
    summary = summarise(results)
    summary["wall_seconds"] = time.monotonic() - started
    if transcripts is not None:
        transcripts.parent.mkdir(parents=True, exist_ok=True)
        with transcripts.open("w") as out:
            for result in results:
                out.write(json.dumps(asdict(result)) + "\n")
    print_summary(summary, label)
    return summary, results


def print_summary(summary: Mapping[str, Any], label: str) -> None:
    """Prints the headline numbers of one run of the set."""
    def pct(value: Optional[float]) -> str:
        return "n/a" if value is None else f"{value * 100:.1f}%"

    turns = summary["turns_after_consent"]
    targets = summary["turn_targets"]
    print(f"\n[conversations:{label}] {summary['patients']} simulated patients, "
          f"{summary['wall_seconds']:.0f} s")
    print(f"  completion rate        {pct(summary['completion_rate'])} ({summary['completed']}/{summary['patients']})")
    print(f"  field accuracy         {pct(summary['field_accuracy'])} of {summary['gold_fields']} gold fields "
          f"(completed only: {pct(summary['field_accuracy_completed_only'])})")
    print(f"  turns after consent    mean {turns['mean'] or 0:.1f}, median {turns['median'] or 0}, max {turns['max']}")
    print(f"  turn targets met       {targets['met']}/{targets['patients']} (everything-up-front patients)")
    print(f"  questions re-asked     {summary['redundant_questions']} (already in the opening)")
    print(f"  false red-flag alarms  {summary['false_red_flag_alarms']} (patient said it was not an emergency)")
    weakest = sorted(summary["per_field"].items(), key=lambda item: item[1]["accuracy"] or 0)[:6]
    print("  weakest fields         " + ", ".join(f"{p} {pct(v['accuracy'])}" for p, v in weakest))
