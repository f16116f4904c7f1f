"""What the console shows: list order, search, field rows, transcript rows."""
from __future__ import annotations

import datetime as dt

from bot.console import presenting
from bot.intake.state import IntakeState
from bot.storage.intakes import IntakeView

T0 = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.timezone.utc)


def _view(cid: str, status: str = "in_progress", minutes: int = 0, name: str = "", reference=None) -> IntakeView:
    record = {"patient": {"name": {"text": name}}} if name else {}
    moment = T0 + dt.timedelta(minutes=minutes)
    return IntakeView(cid, "web", status, None, 1, 10, reference, record, [], None, moment, moment, moment, None, None)


def test_urgent_first_then_latest_activity() -> None:
    views = [_view("a", minutes=5), _view("b", "needs_human", 1), _view("c", "emergency", 0),
             _view("d", minutes=9), _view("e", "emergency", 3)]
    assert [v.conversation_id for v in presenting.sort_for_list(views)] == ["e", "c", "b", "d", "a"]


def test_search_matches_reference_id_and_name() -> None:
    view = _view("conv-42", name="Maria Garcia", reference="SO-7K4Q2M")
    for query in ("so-7k4", "CONV-4", "garcia", "maria g", ""):
        assert presenting.matches(view, query)
    assert not presenting.matches(view, "lopez")


def test_display_of_values() -> None:
    assert presenting.display({"text": "Maria Garcia", "given": "Maria"}) == "Maria Garcia"
    assert presenting.display({"system": "s", "code": "I48.91", "display": "AF"}) == "I48.91 AF"
    assert presenting.display(["imaging", "operative_notes"]) == "imaging; operative notes"
    assert presenting.display(True) == "yes" and presenting.display(None) == ""


def test_field_rows_know_skips_and_caregiver_questions() -> None:
    record = {
        "requester": {"role": "caregiver", "name": "Ana", "relationship": None},
        "patient": {"name": {"text": "Maria"}, "birth_date": None, "email": "m@example.com"},
        "provenance": {"requester.role": {"method": "patient_answer", "turn": 2, "source_text": "for my mother",
                                          "confidence": 0.95}},
    }
    state = IntakeState(skipped=["patient.region"])
    rows = {row["path"]: row for row in presenting.field_rows(record, state)}
    assert rows["requester.role"]["value"] == "caregiver" and rows["requester.role"]["confidence"] == 0.95
    assert rows["requester.relationship"]["missing"]  # caregivers are asked it
    assert not rows["patient.phone"]["missing"]       # an e-mail answers the contact question
    assert rows["patient.region"]["skipped"] and not rows["patient.region"]["missing"]
    assert rows["patient.birth_date"]["missing"] and rows["patient.birth_date"]["required"]


def test_transcript_rows_and_what_to_read_out() -> None:
    rows = presenting.transcript_rows([
        {"from": "patient", "text": "/greet"},
        {"from": "bot", "text": "Hello", "buttons": []},
        {"from": "bot", "text": "May I?", "buttons": [{"title": "Yes", "payload": "/affirm"}]},
    ])
    assert rows[0]["text"] == "greet" and rows[0]["kind"] == "payload"
    assert [m["text"] for m in presenting.to_read_out(rows)] == ["Hello", "May I?"]
    assert presenting.to_read_out(rows)[1]["buttons"] == ["Yes"]
