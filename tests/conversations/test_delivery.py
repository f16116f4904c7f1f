"""A completed conversation reaches the review service through the outbox worker."""
from __future__ import annotations

import time

import pytest
from fhir.resources.bundle import Bundle

from tests.conversations.driver import Patient, drive, start
from tests.conversations.test_intake_conversations import TERSE, submitted

pytestmark = pytest.mark.conversation


def test_submitted_intake_is_delivered_once_and_marked_delivered(patient: Patient) -> None:
    start(patient)
    patient.say("skip")
    drive(patient, TERSE)
    reference = submitted(patient)["reference"]
    deadline = time.monotonic() + 20
    while patient.intake()["status"] != "delivered" and time.monotonic() < deadline:
        time.sleep(0.2)
    intake = patient.intake()
    assert intake["status"] == "delivered"
    status, received = patient.system.received(reference)
    assert status == 200
    record = received.get("record", received)
    assert record["reference"] == reference
    assert record["patient"]["name"]["text"] == "Robert Chen"
    bundle = Bundle.parse_obj(record["fhir"])
    kinds = sorted(entry.resource.resource_type for entry in bundle.entry)
    assert kinds == ["Condition", "Consent", "Patient", "QuestionnaireResponse", "ServiceRequest"]
