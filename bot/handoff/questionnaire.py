"""The project's FHIR Questionnaire for a second-opinion intake.

Every QuestionnaireResponse in a handoff Bundle points at this Questionnaire by its
canonical URL. Its items are the intake record's field paths (``patient.birth_date``,
``diagnosis.text``, ``questions``, ...), the same names the intake API uses for
``asking`` (see ``../shared/spec/intake-record.schema.json``).
"""
from __future__ import annotations

import dataclasses
import os
from typing import Any

from aiohttp import web
from fhir.resources.questionnaire import Questionnaire

PUBLIC_BASE_URL_ENV = "PUBLIC_BASE_URL"
DEFAULT_PUBLIC_BASE_URL = "http://127.0.0.1:8000"
QUESTIONNAIRE_ID = "second-opinion-intake"
QUESTIONNAIRE_PATH = f"/fhir/Questionnaire/{QUESTIONNAIRE_ID}"
QUESTIONNAIRE_VERSION = "1"


def public_base_url() -> str:
    """Returns the web app's public base URL (``PUBLIC_BASE_URL``), without a trailing /."""
    return (os.environ.get(PUBLIC_BASE_URL_ENV) or DEFAULT_PUBLIC_BASE_URL).rstrip("/")


def questionnaire_url() -> str:
    """Returns the Questionnaire's canonical URL for the current ``PUBLIC_BASE_URL``."""
    return public_base_url() + QUESTIONNAIRE_PATH


QUESTIONNAIRE_URL: str = questionnaire_url()
"""Canonical URL of the Questionnaire, fixed when this module is first imported."""


@dataclasses.dataclass(frozen=True)
class IntakeField:
    """One question of the intake, i.e. one answerable field of the intake record.

    Attributes:
        path: Dotted field path in the intake record; the item's ``linkId``.
        text: The question as a human would read it.
        type: FHIR Questionnaire item type (string, text, date, boolean, choice, ...).
        repeats: The answer is a list.
        options: Allowed answers for ``choice`` items.
    """

    path: str
    text: str
    type: str
    repeats: bool = False
    options: tuple[str, ...] = ()


SPECIALTIES = (
    "oncology", "cardiology", "orthopedics", "neurosurgery", "neurology",
    "gastroenterology", "urology", "pulmonology", "endocrinology", "rheumatology",
    "nephrology", "hematology", "gynecology", "other",
)

INTAKE_FIELDS: tuple[IntakeField, ...] = (
    IntakeField("requester.role", "Who is filling in this request?", "choice",
                options=("patient", "caregiver")),
    IntakeField("requester.name", "Name of the person filling in the request", "string"),
    IntakeField("requester.relationship", "Relationship to the patient", "string"),
    IntakeField("patient.name", "Patient's full name", "string"),
    IntakeField("patient.birth_date", "Patient's date of birth", "date"),
    IntakeField("patient.phone", "Phone number", "string"),
    IntakeField("patient.email", "Email address", "string"),
    IntakeField("patient.preferred_contact", "Preferred way to be contacted", "choice",
                options=("phone", "sms", "email")),
    IntakeField("patient.region", "State or region of residence (ISO 3166-2)", "string"),
    IntakeField("patient.language", "Preferred language (BCP 47)", "string"),
    IntakeField("diagnosis.text", "Diagnosis, in the patient's own words", "text"),
    IntakeField("diagnosis.code", "Diagnosis code (ICD-10-CM)", "open-choice"),
    IntakeField("diagnosis.specialty", "Medical specialty", "choice", options=SPECIALTIES),
    IntakeField("diagnosis.confirmed", "Has the diagnosis been confirmed?", "boolean"),
    IntakeField("diagnosis.diagnosed_on", "When was it diagnosed?", "date"),
    IntakeField("diagnosis.stage", "Stage or grade, if known", "string"),
    IntakeField("care_team.physician", "Current treating physician", "string"),
    IntakeField("care_team.institution", "Current hospital or clinic", "string"),
    IntakeField("treatment.current", "Current treatment", "text"),
    IntakeField("treatment.proposed", "Proposed treatment", "text"),
    IntakeField("treatment.decision_deadline", "Date by which a treatment decision is needed",
                "date"),
    IntakeField("reason", "Main reason for seeking a second opinion", "choice",
                options=("confirm_diagnosis", "treatment_options", "surgery_recommended",
                         "no_improvement", "other")),
    IntakeField("questions", "Questions for the reviewing physician", "text", repeats=True),
    IntakeField("records.available", "Medical records available", "choice", repeats=True,
                options=("pathology", "imaging", "labs", "operative_notes", "clinic_notes",
                         "other")),
    IntakeField("records.notes", "Notes about the records", "text"),
    IntakeField("coverage.type", "How will the review be paid for?", "choice",
                options=("employer_benefit", "insurance", "self_pay")),
    IntakeField("coverage.sponsor", "Employer or insurer", "string"),
    IntakeField("urgency", "How soon is the second opinion needed?", "choice",
                options=("routine", "soon", "urgent")),
    IntakeField("consent.data_collection", "Consent to the collection of this information",
                "boolean"),
    IntakeField("consent.share_with_reviewers",
                "Consent to share this information with reviewing physicians", "boolean"),
    IntakeField("consent.sms_opt_in", "Agree to receive text messages", "boolean"),
    IntakeField("consent.at", "When consent was given", "dateTime"),
)
"""The intake's questions, in the order a conversation usually asks them."""


def _item(field: IntakeField) -> dict[str, Any]:
    item: dict[str, Any] = {"linkId": field.path, "text": field.text, "type": field.type}
    if field.repeats:
        item["repeats"] = True
    if field.options:
        item["answerOption"] = [{"valueString": option} for option in field.options]
    return item


def questionnaire_resource() -> dict[str, Any]:
    """Builds the Questionnaire as FHIR R4 JSON.

    Returns:
        A JSON-compatible dict; it validates as ``fhir.resources`` ``Questionnaire``.
    """
    resource = Questionnaire.parse_obj(
        {
            "resourceType": "Questionnaire",
            "id": QUESTIONNAIRE_ID,
            "url": questionnaire_url(),
            "version": QUESTIONNAIRE_VERSION,
            "name": "SecondOpinionIntake",
            "title": "Second-opinion intake",
            "status": "active",
            "subjectType": ["Patient"],
            "description": (
                "Questions asked by the conversational intake assistant before a request for "
                "a medical second opinion is handed to the reviewing physicians. linkIds are "
                "the field paths of intake-record.schema.json (version 1)."
            ),
            "item": [_item(field) for field in INTAKE_FIELDS],
        }
    )
    return resource.dict()


async def _get_questionnaire(request: web.Request) -> web.Response:
    return web.json_response(
        questionnaire_resource(), content_type="application/fhir+json"
    )


def add_questionnaire_routes(app: web.Application) -> None:
    """Serves the Questionnaire at ``GET /fhir/Questionnaire/second-opinion-intake``.

    Args:
        app: The web application to add the route to.
    """
    app.router.add_get(QUESTIONNAIRE_PATH, _get_questionnaire, name="fhir_questionnaire")
