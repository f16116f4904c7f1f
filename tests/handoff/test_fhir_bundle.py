"""The intake record as a FHIR R4 transaction Bundle, and the Questionnaire it answers."""
from __future__ import annotations

import json
from typing import Any

import pytest
from aiohttp import web
from fhir.resources import get_fhir_model_class
from fhir.resources.bundle import Bundle
from fhir.resources.questionnaire import Questionnaire

from bot.handoff import questionnaire as questionnaire_module
from bot.handoff.fhir_bundle import ICD10CM_SYSTEM, build_fhir_bundle
from bot.handoff.questionnaire import (
    INTAKE_FIELDS,
    add_questionnaire_routes,
    questionnaire_resource,
    questionnaire_url,
)
from tests.handoff.records import full_record, sparse_record

EXPECTED_TYPES = ["Patient", "Condition", "QuestionnaireResponse", "ServiceRequest", "Consent"]


def _resources(bundle: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {entry["resource"]["resourceType"]: entry["resource"] for entry in bundle["entry"]}


def _items(bundle: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    response = _resources(bundle)["QuestionnaireResponse"]
    return {item["linkId"]: item["answer"] for item in response["item"]}


@pytest.mark.parametrize("make_record", [full_record, sparse_record])
def test_bundle_is_a_valid_transaction_that_round_trips(make_record) -> None:
    bundle = build_fhir_bundle(make_record())

    parsed = Bundle.parse_obj(bundle)
    assert parsed.type == "transaction"
    assert json.loads(parsed.json()) == bundle
    assert [entry["resource"]["resourceType"] for entry in bundle["entry"]] == EXPECTED_TYPES
    full_urls = [entry["fullUrl"] for entry in bundle["entry"]]
    assert all(url.startswith("urn:uuid:") for url in full_urls)
    assert len(set(full_urls)) == len(full_urls)
    for entry in bundle["entry"]:
        assert entry["request"] == {"method": "POST", "url": entry["resource"]["resourceType"]}
        model = get_fhir_model_class(entry["resource"]["resourceType"])
        resource = model.parse_obj(entry["resource"])
        assert json.loads(resource.json()) == entry["resource"]
    # Every internal reference points at an entry of the same Bundle.
    references = [value for value in _walk_references(bundle) if value.startswith("urn:uuid:")]
    assert set(references) <= set(full_urls)


def _walk_references(node: Any):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "reference" and isinstance(value, str):
                yield value
            else:
                yield from _walk_references(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk_references(value)


def test_bundle_is_deterministic_so_retries_send_identical_bytes() -> None:
    assert build_fhir_bundle(full_record()) == build_fhir_bundle(full_record())
    assert build_fhir_bundle(full_record("SO-AAAAAA")) != build_fhir_bundle(full_record("SO-BBBBBB"))


def test_ignores_an_existing_fhir_member() -> None:
    record = full_record()
    expected = build_fhir_bundle(record)
    record["fhir"] = {"resourceType": "Bundle", "type": "collection"}
    assert build_fhir_bundle(record) == expected


def test_patient_mapping() -> None:
    patient = _resources(build_fhir_bundle(full_record()))["Patient"]
    assert patient["name"] == [{"use": "official", "text": "Maria Elena Rivera",
                                "family": "Rivera", "given": ["Maria", "Elena"]}]
    assert patient["birthDate"] == "1956-03-14"
    assert {"system": "sms", "value": "+16175550123", "rank": 1} in patient["telecom"]
    assert {"system": "phone", "value": "+16175550123"} in patient["telecom"]
    assert {"system": "email", "value": "maria.rivera@example.org"} in patient["telecom"]
    assert patient["address"] == [{"state": "OH", "country": "US"}]
    assert patient["communication"][0]["language"]["coding"][0] == {
        "system": "urn:ietf:bcp:47", "code": "es"}


def test_condition_mapping() -> None:
    condition = _resources(build_fhir_bundle(full_record()))["Condition"]
    assert condition["code"]["text"] == "stage 2 breast cancer, HER2 positive"
    assert condition["code"]["coding"][0]["system"] == ICD10CM_SYSTEM
    assert condition["code"]["coding"][0]["code"] == "C50.911"
    assert condition["verificationStatus"]["coding"][0]["code"] == "confirmed"
    assert condition["onsetDateTime"] == "2024-02"
    assert condition["stage"] == [{"summary": {"text": "IIA"}}]


@pytest.mark.parametrize(
    ("diagnosed_on", "key", "expected"),
    [
        ("2021", "onsetDateTime", "2021"),
        ("2021-07", "onsetDateTime", "2021-07"),
        ("2021-07-19", "onsetDateTime", "2021-07-19"),
        ("2021-02-30", "onsetString", "2021-02-30"),
        ("last spring", "onsetString", "last spring"),
    ],
)
def test_diagnosis_date_keeps_the_precision_the_patient_gave(diagnosed_on, key, expected) -> None:
    record = full_record()
    record["diagnosis"]["diagnosed_on"] = diagnosed_on
    bundle = build_fhir_bundle(record)
    condition = _resources(bundle)["Condition"]
    assert condition[key] == expected
    assert {"onsetDateTime", "onsetString"} - {key} & condition.keys() == set()
    answer = _items(bundle)["diagnosis.diagnosed_on"][0]
    assert list(answer.values()) == [expected]
    Bundle.parse_obj(bundle)


@pytest.mark.parametrize(("confirmed", "status"), [(True, "confirmed"), (False, "provisional")])
def test_verification_status(confirmed, status) -> None:
    record = full_record()
    record["diagnosis"]["confirmed"] = confirmed
    condition = _resources(build_fhir_bundle(record))["Condition"]
    assert condition["verificationStatus"]["coding"][0]["code"] == status


def test_nulls_are_left_out_not_invented() -> None:
    bundle = build_fhir_bundle(sparse_record())
    resources = _resources(bundle)
    assert set(resources["Patient"]) == {"resourceType", "name", "birthDate"}
    condition = resources["Condition"]
    assert "verificationStatus" not in condition and "clinicalStatus" not in condition
    assert "onsetDateTime" not in condition and "stage" not in condition
    assert "coding" not in condition["code"]
    assert set(_items(bundle)) == {
        "requester.role", "patient.name", "patient.birth_date", "diagnosis.text", "questions",
        "urgency", "consent.data_collection", "consent.share_with_reviewers", "consent.at",
    }
    request = resources["ServiceRequest"]
    assert "extension" not in request and "performerType" not in request


def test_questionnaire_response_items_are_typed_field_paths() -> None:
    bundle = build_fhir_bundle(full_record())
    response = _resources(bundle)["QuestionnaireResponse"]
    assert response["status"] == "completed"
    assert response["questionnaire"] == questionnaire_url()
    items = _items(bundle)
    known_paths = {field.path for field in INTAKE_FIELDS}
    assert set(items) <= known_paths
    assert items["patient.birth_date"] == [{"valueDate": "1956-03-14"}]
    assert items["diagnosis.confirmed"] == [{"valueBoolean": True}]
    assert items["diagnosis.code"][0]["valueCoding"]["code"] == "C50.911"
    assert items["questions"] == [{"valueString": "Is a lumpectomy an option?"},
                                  {"valueString": "Should chemotherapy come first?"}]
    assert items["records.available"] == [{"valueString": "pathology"},
                                          {"valueString": "imaging"}]
    assert items["consent.at"] == [{"valueDateTime": "2024-04-20T14:03:11+00:00"}]
    assert "records.notes" not in items
    assert response["author"] == {"display": "Dana Rivera (daughter)"}


@pytest.mark.parametrize(("urgency", "priority"),
                         [("routine", "routine"), ("soon", "urgent"), ("urgent", "asap")])
def test_service_request(urgency, priority) -> None:
    record = full_record()
    record["urgency"] = urgency
    resources = _resources(build_fhir_bundle(record))
    request = resources["ServiceRequest"]
    assert request["intent"] == "proposal"
    assert request["status"] == "active"
    assert request["code"] == {"text": "Second opinion"}
    assert request["priority"] == priority
    assert request["performerType"] == {"text": "oncology"}
    notes = [note["text"] for note in request["note"]]
    assert notes[:2] == record["questions"]
    assert "Treatment decision needed by 2024-05-10." in notes
    assert request["extension"][0]["valueDate"] == "2024-05-10"
    assert request["identifier"][0]["value"] == record["reference"]


def test_references_link_the_resources() -> None:
    bundle = build_fhir_bundle(full_record())
    urls = {entry["resource"]["resourceType"]: entry["fullUrl"] for entry in bundle["entry"]}
    resources = _resources(bundle)
    patient = {"reference": urls["Patient"]}
    assert resources["Condition"]["subject"] == patient
    assert resources["QuestionnaireResponse"]["subject"] == patient
    assert resources["ServiceRequest"]["subject"] == patient
    assert resources["ServiceRequest"]["reasonReference"] == [{"reference": urls["Condition"]}]
    assert resources["ServiceRequest"]["supportingInfo"] == [
        {"reference": urls["QuestionnaireResponse"]}]
    assert resources["Consent"]["patient"] == patient


@pytest.mark.parametrize(("share", "nested"), [(True, "permit"), (False, "deny")])
def test_consent(share, nested) -> None:
    record = full_record()
    record["consent"]["share_with_reviewers"] = share
    consent = _resources(build_fhir_bundle(record))["Consent"]
    assert consent["status"] == "active"
    assert consent["scope"]["coding"][0]["code"] == "patient-privacy"
    assert consent["category"][0]["coding"][0] == {"system": "http://loinc.org",
                                                   "code": "59284-0"}
    assert consent["dateTime"] == "2024-04-20T14:03:11+00:00"
    assert consent["provision"]["type"] == "permit"
    assert consent["provision"]["provision"][0]["type"] == nested


def test_naive_timestamps_are_read_as_utc() -> None:
    record = full_record()
    record["consent"]["at"] = "2024-04-20T14:03:11"
    consent = _resources(build_fhir_bundle(record))["Consent"]
    assert consent["dateTime"] == "2024-04-20T14:03:11+00:00"


def test_questionnaire_is_valid_and_covers_every_field() -> None:
    resource = questionnaire_resource()
    parsed = Questionnaire.parse_obj(resource)
    assert parsed.url == questionnaire_url()
    assert parsed.status == "active"
    link_ids = [item["linkId"] for item in resource["item"]]
    assert len(link_ids) == len(set(link_ids))
    for path in ("patient.birth_date", "diagnosis.text", "questions", "urgency",
                 "treatment.decision_deadline", "consent.share_with_reviewers"):
        assert path in link_ids
    questions = next(item for item in resource["item"] if item["linkId"] == "questions")
    assert questions["repeats"] is True


def test_every_answer_links_to_a_questionnaire_item_of_matching_type() -> None:
    items = {item["linkId"]: item for item in questionnaire_resource()["item"]}
    expected = {"date": {"valueDate", "valueString"}, "boolean": {"valueBoolean"},
                "dateTime": {"valueDateTime"}, "open-choice": {"valueCoding"},
                "choice": {"valueString"}, "string": {"valueString"}, "text": {"valueString"}}
    for link_id, answers in _items(build_fhir_bundle(full_record())).items():
        item = items[link_id]
        assert len(answers) == 1 or item.get("repeats")
        for answer in answers:
            (key,) = answer
            assert key in expected[item["type"]]
            if item["type"] == "choice":
                assert {"valueString": answer["valueString"]} in item["answerOption"]


def test_public_base_url_sets_the_canonical_url(monkeypatch) -> None:
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://intake.example.org/")
    assert questionnaire_url() == (
        "https://intake.example.org/fhir/Questionnaire/second-opinion-intake")
    response = _resources(build_fhir_bundle(full_record()))["QuestionnaireResponse"]
    assert response["questionnaire"] == questionnaire_url()
    assert questionnaire_resource()["url"] == questionnaire_url()
    assert questionnaire_module.QUESTIONNAIRE_URL.endswith(
        "/fhir/Questionnaire/second-opinion-intake")


async def test_questionnaire_route(aiohttp_client) -> None:
    app = web.Application()
    add_questionnaire_routes(app)
    client = await aiohttp_client(app)
    response = await client.get("/fhir/Questionnaire/second-opinion-intake")
    assert response.status == 200
    assert response.content_type == "application/fhir+json"
    assert Questionnaire.parse_obj(await response.json()).id == "second-opinion-intake"
