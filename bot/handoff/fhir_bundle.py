"""The intake record as an HL7 FHIR R4 transaction Bundle.

``build_fhir_bundle`` maps a record shaped like ``intake-record.schema.json`` onto
five resources, each built and validated with ``fhir.resources`` (R4, 4.0.1):

* **Patient** - name, birth date, phone/email (the preferred one ranked first), state
  and country from the ISO 3166-2 region, preferred language.
* **Condition** - the diagnosis in the patient's words, the ICD-10-CM code when known,
  the diagnosis date at the precision the patient gave (``YYYY``, ``YYYY-MM`` or a full
  date; anything else is kept as ``onsetString``), verification status ``confirmed`` or
  ``provisional`` (omitted when unknown) and the stage as a summary text. The patient is
  the asserter: this is a patient-reported diagnosis, not a clinician's.
* **QuestionnaireResponse** - one item per answered field, linkId = field path, for the
  Questionnaire in ``bot.handoff.questionnaire``.
* **ServiceRequest** - the request for a second opinion. Its intent is ``proposal``: the
  patient asks, nobody with authority to order has ordered anything, and the review
  service decides whether to take the case. Priority maps the record's urgency:
  ``routine`` -> ``routine``, ``soon`` (decision within 30 days) -> ``urgent``,
  ``urgent`` (decision within 7 days) -> ``asap``. The patient's questions are notes; a
  treatment-decision deadline is both an extension and a note.
* **Consent** - patient-privacy consent given in the conversation.

Resource ids are name-based UUIDs derived from the record's reference, so the same
record always yields the same Bundle (retried deliveries send identical bytes).
"""
from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from typing import Any, Callable

from fhir.resources.bundle import Bundle

from bot.handoff.questionnaire import INTAKE_FIELDS, IntakeField, public_base_url, questionnaire_url

ICD10CM_SYSTEM = "http://hl7.org/fhir/sid/icd-10-cm"
BCP47_SYSTEM = "urn:ietf:bcp:47"
CONDITION_VER_STATUS_SYSTEM = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
CONSENT_SCOPE_SYSTEM = "http://terminology.hl7.org/CodeSystem/consentscope"
CONSENT_ACTION_SYSTEM = "http://terminology.hl7.org/CodeSystem/consentaction"
V3_ACT_CODE_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
LOINC_SYSTEM = "http://loinc.org"
LOINC_PATIENT_CONSENT = "59284-0"

PRIORITY_BY_URGENCY = {"routine": "routine", "soon": "urgent", "urgent": "asap"}
"""Record urgency -> FHIR request priority (see the module docstring)."""

_PARTIAL_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
_UUID_NAMESPACE = uuid.UUID("1b0e3a52-3f4c-5e0f-9a57-2f0d9a6c5e41")


def reference_system() -> str:
    """Returns the identifier system for intake references (``SO-...``)."""
    return public_base_url() + "/fhir/sid/intake-reference"


def decision_deadline_extension_url() -> str:
    """Returns the URL of the extension carrying the treatment-decision deadline."""
    return public_base_url() + "/fhir/StructureDefinition/treatment-decision-deadline"


def _get(record: dict[str, Any], path: str) -> Any:
    value: Any = record
    for part in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def _present(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, (str, list, dict)) and not value:
        return False
    return True


def _fhir_datetime(value: str) -> str:
    """Returns an ISO date-time with an explicit offset (FHIR requires one with a time)."""
    parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.timezone.utc)
    return parsed.isoformat()


def _is_partial_date(value: str) -> bool:
    if not _PARTIAL_DATE.match(value):
        return False
    if len(value) == 10:
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            return False
    return True


def _urn(reference: str, resource_type: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_UUID_NAMESPACE, f'{reference}/{resource_type}')}"


def _identifier(reference: str) -> dict[str, Any]:
    return {"system": reference_system(), "value": reference}


def _patient(record: dict[str, Any]) -> dict[str, Any]:
    patient = record.get("patient") or {}
    name = patient.get("name") or {}
    human_name: dict[str, Any] = {"use": "official", "text": name.get("text")}
    if _present(name.get("family")):
        human_name["family"] = name["family"]
    if _present(name.get("given")):
        human_name["given"] = name["given"].split()
    resource: dict[str, Any] = {"resourceType": "Patient", "name": [human_name]}
    if _present(patient.get("birth_date")):
        resource["birthDate"] = patient["birth_date"]

    preferred = patient.get("preferred_contact")
    telecom: list[dict[str, Any]] = []
    if _present(patient.get("phone")):
        if preferred == "sms":
            telecom.append({"system": "sms", "value": patient["phone"], "rank": 1})
        telecom.append({"system": "phone", "value": patient["phone"],
                        **({"rank": 1} if preferred == "phone" else {})})
    if _present(patient.get("email")):
        telecom.append({"system": "email", "value": patient["email"],
                        **({"rank": 1} if preferred == "email" else {})})
    if telecom:
        resource["telecom"] = telecom

    region = patient.get("region")
    if _present(region):
        country, _, subdivision = region.partition("-")
        address: dict[str, Any] = {"country": country} if country else {}
        if subdivision:
            address["state"] = subdivision
        if address:
            resource["address"] = [address]

    if _present(patient.get("language")):
        resource["communication"] = [{
            "language": {"coding": [{"system": BCP47_SYSTEM, "code": patient["language"]}],
                         "text": patient["language"]},
            "preferred": True,
        }]
    return resource


def _condition(record: dict[str, Any], patient_ref: str) -> dict[str, Any]:
    diagnosis = record.get("diagnosis") or {}
    code: dict[str, Any] = {"text": diagnosis.get("text")}
    coded = diagnosis.get("code")
    if isinstance(coded, dict) and _present(coded.get("code")):
        coding = {"system": ICD10CM_SYSTEM, "code": coded["code"]}
        if _present(coded.get("display")):
            coding["display"] = coded["display"]
        code["coding"] = [coding]
    resource: dict[str, Any] = {
        "resourceType": "Condition",
        "code": code,
        "subject": {"reference": patient_ref},
        "asserter": {"reference": patient_ref},
    }
    confirmed = diagnosis.get("confirmed")
    if confirmed is not None:
        status = "confirmed" if confirmed else "provisional"
        resource["verificationStatus"] = {
            "coding": [{"system": CONDITION_VER_STATUS_SYSTEM, "code": status}]
        }
    diagnosed_on = diagnosis.get("diagnosed_on")
    if _present(diagnosed_on):
        if _is_partial_date(diagnosed_on):
            resource["onsetDateTime"] = diagnosed_on
        else:
            resource["onsetString"] = diagnosed_on
    if _present(diagnosis.get("stage")):
        resource["stage"] = [{"summary": {"text": diagnosis["stage"]}}]
    return resource


def _answers(field: IntakeField, value: Any) -> list[dict[str, Any]]:
    values = value if isinstance(value, list) else [value]
    answers = []
    for item in values:
        if not _present(item):
            continue
        if field.path == "diagnosis.code":
            coding = {"system": ICD10CM_SYSTEM, "code": item.get("code")}
            if _present(item.get("display")):
                coding["display"] = item["display"]
            answers.append({"valueCoding": coding})
        elif field.type == "boolean":
            answers.append({"valueBoolean": bool(item)})
        elif field.type == "date":
            key = "valueDate" if _is_partial_date(str(item)) else "valueString"
            answers.append({key: str(item)})
        elif field.type == "dateTime":
            answers.append({"valueDateTime": _fhir_datetime(str(item))})
        else:
            answers.append({"valueString": str(item)})
    return answers


_VALUE_READERS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "patient.name": lambda record: _get(record, "patient.name.text"),
    "diagnosis.code": lambda record: (
        _get(record, "diagnosis.code") if _present(_get(record, "diagnosis.code.code")) else None
    ),
}


def _questionnaire_response(
    record: dict[str, Any], patient_ref: str
) -> dict[str, Any]:
    items = []
    for field in INTAKE_FIELDS:
        reader = _VALUE_READERS.get(field.path)
        value = reader(record) if reader else _get(record, field.path)
        if not _present(value):
            continue
        answers = _answers(field, value)
        if answers:
            items.append({"linkId": field.path, "text": field.text, "answer": answers})
    resource: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "identifier": _identifier(record["reference"]),
        "questionnaire": questionnaire_url(),
        "status": "completed",
        "subject": {"reference": patient_ref},
        "source": {"reference": patient_ref},
        "item": items,
    }
    if _present(record.get("submitted_at")):
        resource["authored"] = _fhir_datetime(record["submitted_at"])
    requester = record.get("requester") or {}
    if requester.get("role") == "caregiver":
        author = requester.get("name") or "caregiver"
        if _present(requester.get("relationship")):
            author = f"{author} ({requester['relationship']})"
        resource["author"] = {"display": author}
    else:
        resource["author"] = {"reference": patient_ref}
    return resource


def _service_request(
    record: dict[str, Any], patient_ref: str, condition_ref: str, response_ref: str
) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "ServiceRequest",
        "identifier": [_identifier(record["reference"])],
        "status": "active",
        "intent": "proposal",
        "code": {"text": "Second opinion"},
        "subject": {"reference": patient_ref},
        "requester": {"reference": patient_ref},
        "reasonReference": [{"reference": condition_ref}],
        "supportingInfo": [{"reference": response_ref}],
    }
    if record.get("urgency") in PRIORITY_BY_URGENCY:
        resource["priority"] = PRIORITY_BY_URGENCY[record["urgency"]]
    if _present(record.get("submitted_at")):
        resource["authoredOn"] = _fhir_datetime(record["submitted_at"])
    specialty = _get(record, "diagnosis.specialty")
    if _present(specialty):
        resource["performerType"] = {"text": specialty}
    notes = [{"text": question} for question in record.get("questions") or []
             if _present(question)]
    deadline = _get(record, "treatment.decision_deadline")
    if _present(deadline):
        resource["extension"] = [
            {"url": decision_deadline_extension_url(), "valueDate": deadline}
        ]
        notes.append({"text": f"Treatment decision needed by {deadline}."})
    if notes:
        resource["note"] = notes
    return resource


def _consent(record: dict[str, Any], patient_ref: str) -> dict[str, Any]:
    consent = record.get("consent") or {}
    resource: dict[str, Any] = {
        "resourceType": "Consent",
        "status": "active",
        "scope": {"coding": [{"system": CONSENT_SCOPE_SYSTEM, "code": "patient-privacy"}]},
        "category": [{"coding": [{"system": LOINC_SYSTEM, "code": LOINC_PATIENT_CONSENT}]}],
        "patient": {"reference": patient_ref},
        "policyRule": {"coding": [{"system": V3_ACT_CODE_SYSTEM, "code": "OPTIN"}]},
    }
    provision: dict[str, Any] = {
        "type": "permit",
        "action": [{"coding": [{"system": CONSENT_ACTION_SYSTEM, "code": "collect"}]}],
    }
    if _present(consent.get("at")):
        at = _fhir_datetime(consent["at"])
        resource["dateTime"] = at
        provision["period"] = {"start": at}
    share = consent.get("share_with_reviewers")
    if share is not None:
        provision["provision"] = [{
            "type": "permit" if share else "deny",
            "action": [{"coding": [{"system": CONSENT_ACTION_SYSTEM, "code": "disclose"}]}],
        }]
    resource["provision"] = provision
    return resource


def build_fhir_bundle(record: dict[str, Any]) -> dict[str, Any]:
    """Builds the FHIR R4 transaction Bundle for an intake record.

    Args:
        record: An intake record shaped like ``intake-record.schema.json`` (its ``fhir``
            member, if any, is ignored). Unknown values may be null.

    Returns:
        The Bundle as a JSON-compatible dict (type ``transaction``; entries with
        ``urn:uuid`` fullUrls and ``POST`` requests) that parses back with
        ``fhir.resources.bundle.Bundle.parse_obj``.

    Raises:
        pydantic.ValidationError: The record cannot form valid resources (for example
            a malformed birth date).
    """
    reference = record["reference"]
    refs = {
        kind: _urn(reference, kind)
        for kind in ("Patient", "Condition", "QuestionnaireResponse", "ServiceRequest",
                     "Consent")
    }
    resources = [
        _patient(record),
        _condition(record, refs["Patient"]),
        _questionnaire_response(record, refs["Patient"]),
        _service_request(record, refs["Patient"], refs["Condition"],
                         refs["QuestionnaireResponse"]),
        _consent(record, refs["Patient"]),
    ]
    bundle: dict[str, Any] = {
        "resourceType": "Bundle",
        "identifier": _identifier(reference),
        "type": "transaction",
        "entry": [
            {
                "fullUrl": refs[resource["resourceType"]],
                "resource": resource,
                "request": {"method": "POST", "url": resource["resourceType"]},
            }
            for resource in resources
        ],
    }
    if _present(record.get("submitted_at")):
        bundle["timestamp"] = _fhir_datetime(record["submitted_at"])
    return json.loads(Bundle.parse_obj(bundle).json())
