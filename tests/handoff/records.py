"""Sample intake records shaped like intake-record.schema.json, for tests."""
from __future__ import annotations

import copy
from typing import Any

_FULL: dict[str, Any] = {
    "schema_version": "1",
    "reference": "SO-7K4Q2M",
    "conversation_id": "conv-0001",
    "channel": "web",
    "status": "submitted",
    "assisted_by": None,
    "requester": {"role": "caregiver", "name": "Dana Rivera", "relationship": "daughter"},
    "patient": {
        "name": {"text": "Maria Elena Rivera", "given": "Maria Elena", "family": "Rivera"},
        "birth_date": "1956-03-14",
        "phone": "+16175550123",
        "email": "maria.rivera@example.org",
        "preferred_contact": "sms",
        "region": "US-OH",
        "language": "es",
    },
    "diagnosis": {
        "text": "stage 2 breast cancer, HER2 positive",
        "code": {"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "C50.911",
                 "display": "Malignant neoplasm of unspecified site of right female breast"},
        "specialty": "oncology",
        "confirmed": True,
        "diagnosed_on": "2024-02",
        "stage": "IIA",
    },
    "care_team": {"physician": "Dr. Okafor", "institution": "Riverside Cancer Center"},
    "treatment": {"current": "none yet", "proposed": "mastectomy then chemotherapy",
                  "decision_deadline": "2024-05-10"},
    "reason": "surgery_recommended",
    "questions": ["Is a lumpectomy an option?", "Should chemotherapy come first?"],
    "records": {"available": ["pathology", "imaging"], "notes": None},
    "coverage": {"type": "employer_benefit", "sponsor": "Acme Corp"},
    "urgency": "soon",
    "consent": {"data_collection": True, "share_with_reviewers": True, "sms_opt_in": True,
                "at": "2024-04-20T14:03:11Z"},
    "flags": [],
    "provenance": {},
    "submitted_at": "2024-04-20T14:09:45Z",
}


def full_record(reference: str = "SO-7K4Q2M", conversation_id: str = "conv-0001") -> dict[str, Any]:
    """Returns a fully answered record (no ``fhir`` member)."""
    record = copy.deepcopy(_FULL)
    record["reference"] = reference
    record["conversation_id"] = conversation_id
    return record


def sparse_record(reference: str = "SO-3P9XWA", conversation_id: str = "conv-0002") -> dict[str, Any]:
    """Returns a record with only the required fields known and every other field null."""
    return {
        "schema_version": "1",
        "reference": reference,
        "conversation_id": conversation_id,
        "channel": "sms",
        "status": "submitted",
        "assisted_by": None,
        "requester": {"role": "patient", "name": None, "relationship": None},
        "patient": {
            "name": {"text": "Lee", "given": None, "family": None},
            "birth_date": "1980-01-01",
            "phone": None, "email": None, "preferred_contact": None, "region": None,
            "language": None,
        },
        "diagnosis": {"text": "something in my knee", "code": None, "specialty": None,
                      "confirmed": None, "diagnosed_on": None, "stage": None},
        "care_team": {"physician": None, "institution": None},
        "treatment": {"current": None, "proposed": None, "decision_deadline": None},
        "reason": None,
        "questions": ["Do I really need surgery?"],
        "records": {"available": [], "notes": None},
        "coverage": {"type": None, "sponsor": None},
        "urgency": "routine",
        "consent": {"data_collection": True, "share_with_reviewers": False, "sms_opt_in": None,
                    "at": "2024-04-21T09:00:00+00:00"},
        "flags": [],
        "provenance": {},
        "submitted_at": "2024-04-21T09:05:00+00:00",
    }
