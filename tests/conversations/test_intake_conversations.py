"""Complete intakes through the real model and action server (REST channel, intake API).

Every conversation ends in a submitted record that validates against the shared schema
and carries the values the patient gave. INTAKE_TODAY is 2026-11-20 (conftest.TODAY).
"""
from __future__ import annotations

import re
from typing import Any

import pytest

from bot.intake.record import validation_errors
from tests.conversations.driver import Patient, drive, start

pytestmark = pytest.mark.conversation

REFERENCE = re.compile(r"\bSO-[2-9A-HJ-NP-Z]{6}\b")

#: Answers for a patient who gives one fact per answer.
TERSE = {
    "requester.role": "I am the patient",
    "patient.name": "Robert Chen",
    "patient.birth_date": "3/4/61",
    "patient.phone": "617.555.0142",
    "patient.region": "Massachusetts",
    "diagnosis.text": "a-fib",
    "diagnosis.diagnosed_on": "March 2024",
    "care_team.physician": "Dr. Alan Gupta",
    "care_team.institution": "Boston Medical Center",
    "treatment.current": "metoprolol",
    "treatment.proposed": "catheter ablation",
    "treatment.decision_deadline": "no deadline",
    "reason": "to compare treatment options",
    "questions": "Is ablation better than staying on medication? What are the risks?",
    "records.available": "my EKG and blood work",
    "coverage.type": "my health insurance",
    "coverage.sponsor": "Blue Cross",
}


def submitted(patient: Patient) -> dict[str, Any]:
    """The submitted record, after checking the reference and the schema."""
    match = REFERENCE.search(patient.text)
    assert match, f"no reference in the last reply\n{patient.dump()}"
    intake = patient.intake()
    assert intake["status"] in ("submitted", "delivered"), intake["status"]
    assert intake["reference"] == match.group(0)
    record = intake["record"]
    assert record["reference"] == match.group(0)
    assert validation_errors(record) == []
    assert record["fhir"]["resourceType"] == "Bundle"
    return record


def test_terse_patient_answers_one_fact_at_a_time(patient: Patient) -> None:
    start(patient)
    patient.say("I'd like a second opinion")
    asked = drive(patient, TERSE)
    record = submitted(patient)
    assert record["patient"]["name"]["text"] == "Robert Chen"
    assert record["patient"]["birth_date"] == "1961-03-04"
    assert record["patient"]["phone"] == "+16175550142"
    assert record["patient"]["region"] == "US-MA"
    assert record["diagnosis"]["code"]["code"].startswith("I48")
    assert record["diagnosis"]["specialty"] == "cardiology"
    assert record["diagnosis"]["diagnosed_on"] == "2024-03"
    assert record["treatment"]["proposed"] == "catheter ablation"
    assert record["treatment"]["decision_deadline"] is None
    assert record["reason"] == "treatment_options"
    assert record["questions"] == ["Is ablation better than staying on medication?", "What are the risks?"]
    assert set(record["records"]["available"]) == {"labs"} or "labs" in record["records"]["available"]
    assert record["coverage"] == {"type": "insurance", "sponsor": "Blue Cross"}
    assert record["urgency"] == "routine"
    assert record["requester"]["role"] == "patient"
    assert record["consent"]["data_collection"] is True
    assert record["provenance"]["patient.birth_date"]["method"] == "patient_answer"
    assert record["provenance"]["patient.birth_date"]["source_text"] == "3/4/61"
    assert record["provenance"]["patient.birth_date"]["confirmed"] is True
    assert len(asked) == len(TERSE) + 1  # every field once, then the summary


def test_rich_narrative_is_only_asked_what_is_missing(patient: Patient) -> None:
    start(patient)
    patient.say(
        "I was diagnosed with stage 2 breast cancer last March at Mass General by Dr. Susan Lee. "
        "They want to do a mastectomy and surgery is scheduled Dec 9. Should I do chemo first? "
        "Is a lumpectomy an option for me? It's covered through my employer's benefit."
    )
    asked = drive(patient, {
        "requester.role": "I'm the patient",
        "patient.name": "Linda Morales",
        "patient.birth_date": "born July 9th '58",
        "patient.phone": "linda.morales@example.com",
        "patient.region": "NY",
        "treatment.current": "none",
        "reason": "to compare treatment options",
        "records.available": "pathology and MRI",
        "coverage.sponsor": "Acme Corp",
    })
    record = submitted(patient)
    for extracted in ("diagnosis.diagnosed_on", "care_team.physician", "care_team.institution",
                      "treatment.proposed", "treatment.decision_deadline", "questions", "coverage.type"):
        assert extracted not in asked
    assert record["diagnosis"]["code"]["code"].startswith("C50")
    assert record["diagnosis"]["specialty"] == "oncology"
    assert record["diagnosis"]["stage"] == "stage 2"
    assert record["diagnosis"]["diagnosed_on"] == "2026-03"
    assert record["care_team"]["physician"] == "Dr. Susan Lee"
    assert "Mass General" in record["care_team"]["institution"]
    assert "mastectomy" in record["treatment"]["proposed"]
    assert record["treatment"]["decision_deadline"] == "2026-12-09"
    assert record["urgency"] == "soon"
    assert "Should I do chemo first?" in record["questions"]
    assert record["coverage"] == {"type": "employer_benefit", "sponsor": "Acme Corp"}
    assert record["patient"]["birth_date"] == "1958-07-09"
    assert record["patient"]["email"] == "linda.morales@example.com"
    assert record["patient"]["phone"] is None
    assert record["patient"]["preferred_contact"] == "email"
    assert record["patient"]["region"] == "US-NY"
    assert record["provenance"]["care_team.physician"]["method"] == "nlu"


def test_caregiver_is_asked_for_the_patients_details(patient: Patient) -> None:
    start(patient)
    patient.say("My father has been told he needs spinal fusion for a slipped disk. Is surgery really necessary?")
    asked = drive(patient, {
        "requester.name": "Emily Walsh",
        "patient.name": "Thomas Walsh",
        "patient.birth_date": "12/02/1949",
        "patient.phone": "(216) 555-0187",
        "patient.region": "Ohio",
        "diagnosis.diagnosed_on": "skip",
        "care_team.physician": "skip",
        "care_team.institution": "Cleveland Clinic",
        "treatment.current": "physical therapy",
        "treatment.decision_deadline": "no",
        "reason": "surgery was recommended",
        "records.available": "imaging",
        "coverage.type": "self-pay",
    })
    record = submitted(patient)
    assert "requester.role" not in asked  # "my father" already says who is writing
    assert record["requester"] == {"role": "caregiver", "name": "Emily Walsh", "relationship": "child"}
    assert record["patient"]["name"]["text"] == "Thomas Walsh"
    assert record["patient"]["region"] == "US-OH"
    assert record["diagnosis"]["code"]["code"].startswith("M51")
    assert record["diagnosis"]["specialty"] in ("neurosurgery", "orthopedics")
    assert record["treatment"]["proposed"] is not None and "fusion" in record["treatment"]["proposed"]
    assert record["reason"] == "surgery_recommended"
    assert record["care_team"]["physician"] is None
    assert record["coverage"]["type"] == "self_pay"


def test_daughter_filling_in_for_the_speaker(patient: Patient) -> None:
    start(patient)
    patient.say("skip")
    asked = drive(patient, {
        **TERSE,
        "requester.role": "my daughter is filling this in for me",
        "requester.name": "Grace Chen",
    })
    record = submitted(patient)
    assert record["requester"]["role"] == "caregiver"
    assert record["requester"]["relationship"] == "daughter"
    assert "requester.relationship" not in asked


def test_suspected_diagnosis_is_not_confirmed(patient: Patient) -> None:
    start(patient)
    patient.say("they think it might be lymphoma and want to start chemo. Do I need a biopsy first?")
    drive(patient, {**TERSE, "treatment.proposed": "chemo", "diagnosis.stage": "I don't know"})
    record = submitted(patient)
    assert record["diagnosis"]["confirmed"] is False
    assert record["diagnosis"]["code"]["code"].startswith(("C85", "C81", "C82", "C83", "C84", "C88"))


def test_correction_of_birth_year_mid_form(patient: Patient) -> None:
    start(patient)
    patient.say("skip")
    for asking, text in [("requester.role", "me"), ("patient.name", "Maria Garcia"),
                         ("patient.birth_date", "06/15/1985")]:
        patient.answer(asking, text)
    patient.answer("patient.phone", "sorry, my birthday is 1958 not 1985")
    assert "updated" in patient.text.lower()
    assert patient.asking() == "patient.phone"
    drive(patient, TERSE)
    record = submitted(patient)
    assert record["patient"]["birth_date"] == "1958-06-15"
    assert record["provenance"]["patient.birth_date"]["method"] == "patient_correction"


def test_correction_of_email_at_the_summary(patient: Patient) -> None:
    start(patient)
    patient.say("skip")
    drive(patient, {**TERSE, "patient.phone": "old.address@example.com"}, confirm=False)
    patient.say("change my email to new.address@example.org")
    assert patient.asking() == "confirmation"
    assert "new.address@example.org" in patient.text
    patient.say("yes")
    record = submitted(patient)
    assert record["patient"]["email"] == "new.address@example.org"
    assert record["provenance"]["patient.email"]["method"] == "patient_correction"


def test_summary_no_then_fix_then_yes(patient: Patient) -> None:
    start(patient)
    patient.say("skip")
    drive(patient, TERSE, confirm=False)
    patient.say("no")
    assert "change" in patient.text.lower()
    patient.say("my phone number is 617-555-0199")
    assert "+16175550199" in patient.text or "617" in patient.text
    patient.say("yes")
    record = submitted(patient)
    assert record["patient"]["phone"] == "+16175550199"


def test_why_do_you_need_my_birth_date_then_back_to_the_question(patient: Patient) -> None:
    start(patient)
    patient.say("skip")
    patient.answer("requester.role", "I am the patient")
    patient.answer("patient.name", "Ana Lopez")
    patient.answer("patient.birth_date", "why do you need my date of birth?")
    assert "match" in patient.text.lower()
    assert patient.asking() == "patient.birth_date"
    drive(patient, TERSE)
    record = submitted(patient)
    assert record["patient"]["name"]["text"] == "Ana Lopez"


@pytest.mark.parametrize(
    "question, expected",
    [("is this private?", "protected"), ("how long does it take?", "minutes"), ("what does it cost?", "cover")],
)
def test_questions_about_the_service_are_answered_and_the_intake_continues(patient: Patient, question: str, expected: str) -> None:
    start(patient)
    patient.say("skip")
    patient.answer("requester.role", "I am the patient")
    patient.answer("patient.name", question)
    assert expected in patient.text.lower()
    assert patient.asking() == "patient.name"
    drive(patient, TERSE)
    submitted(patient)


def test_off_topic_gets_a_short_redirect(patient: Patient) -> None:
    start(patient)
    patient.say("skip")
    patient.answer("requester.role", "I am the patient")
    patient.answer("patient.name", "who won the football game last night?")
    assert "second-opinion request" in patient.text
    assert patient.asking() == "patient.name"
    drive(patient, TERSE)
    submitted(patient)


def test_optional_fields_can_be_skipped(patient: Patient) -> None:
    start(patient)
    patient.say("skip")
    skips = {key: "I don't know" for key in ("patient.region", "diagnosis.diagnosed_on", "care_team.physician",
                                              "care_team.institution", "treatment.current", "treatment.proposed")}
    skips.update({"records.available": "skip", "coverage.type": "not sure", "reason": "skip"})
    drive(patient, {**TERSE, **skips})
    record = submitted(patient)
    assert record["patient"]["region"] is None
    assert record["diagnosis"]["diagnosed_on"] is None
    assert record["care_team"] == {"physician": None, "institution": None}
    assert record["treatment"]["current"] is None and record["treatment"]["proposed"] is None
    assert record["coverage"]["type"] is None


def test_invalid_optional_answer_twice_offers_to_skip(patient: Patient) -> None:
    start(patient)
    patient.say("skip")
    answers = dict(TERSE)
    del answers["diagnosis.diagnosed_on"]
    for asking in iter(patient.asking, "diagnosis.diagnosed_on"):
        patient.say(answers[asking])
    patient.say("a while back")
    assert "march 2024" in patient.text.lower()  # explains what is expected
    patient.say("hmm, some time ago")
    assert "skip" in patient.buttons()
    patient.say("skip")
    drive(patient, answers)
    record = submitted(patient)
    assert record["diagnosis"]["diagnosed_on"] is None


def test_invalid_birth_date_twice_offers_a_navigator_then_try_again(patient: Patient) -> None:
    start(patient)
    patient.say("skip")
    patient.answer("requester.role", "I am the patient")
    patient.answer("patient.name", "Sam Fischer")
    patient.answer("patient.birth_date", "12/12/2090")
    assert "future" in patient.text.lower()
    patient.answer("patient.birth_date", "not telling")
    assert "care navigator" in patient.text.lower()
    patient.say("/deny")
    assert patient.asking() == "patient.birth_date"
    drive(patient, TERSE)
    record = submitted(patient)
    assert record["patient"]["birth_date"] == "1961-03-04"


def test_navigator_follow_up_after_repeated_failures(patient: Patient) -> None:
    start(patient)
    patient.say("skip")
    patient.answer("requester.role", "I am the patient")
    patient.answer("patient.name", "Sam Fischer")
    patient.say("skip")
    patient.say("no idea")
    assert "care navigator" in patient.text.lower()
    patient.say("/affirm")
    intake = patient.intake()
    assert intake["status"] == "needs_human"
    assert "human_requested" in intake["record"]["flags"]
    assert intake["record"]["patient"]["name"]["text"] == "Sam Fischer"


def test_a_health_question_with_someone_in_it_is_the_narrative_not_a_hand_over(patient: Patient) -> None:
    # The model reads "Can someone get this ...?" as a request for a person; it names none.
    start(patient)
    patient.say("Can measles be prevented? Can someone get this at a school?")
    intake = patient.intake()
    assert intake["status"] == "in_progress", patient.dump()
    assert intake["asking"] not in (None, "diagnosis.text")
    assert intake["record"]["diagnosis"]["code"]["code"] == "B05.9"
    assert "human_requested" not in intake["record"].get("flags", [])


def test_an_injury_told_as_a_verb_is_heard_back_as_the_injury(patient: Patient) -> None:
    start(patient)
    patient.say("I broke my wrist skiing and the surgeon wants to put in a plate")
    assert "I've noted your broken wrist." in patient.text, patient.dump()
    record = patient.intake()["record"]
    assert record["diagnosis"]["text"] == "broke my wrist"  # the record keeps their words
    assert record["diagnosis"]["code"]["code"].startswith("S62")


def test_declining_consent_ends_politely_and_stores_nothing(patient: Patient) -> None:
    patient.say("hello")
    patient.say("/deny")
    assert "nothing has been saved" in patient.text.lower()
    intake = patient.intake()
    assert intake["status"] == "abandoned"
    assert intake["record"]["patient"]["name"] is None


def test_resume_after_the_rasa_server_restarts(patient: Patient, system: Any) -> None:
    start(patient)
    patient.say("skip")
    patient.answer("requester.role", "I am the patient")
    patient.answer("patient.name", "Joan Baker")
    system.restart_rasa()
    drive(patient, TERSE)
    record = submitted(patient)
    assert record["patient"]["name"]["text"] == "Joan Baker"


def test_returning_patient_hears_what_is_still_needed(patient: Patient) -> None:
    start(patient)
    patient.say("I have a-fib and want to know if I need ablation")
    assert patient.asking() == "patient.name"  # "I have a-fib": the writer is the patient
    patient.say("/session_start")
    assert "welcome back" in patient.text.lower()
    assert "date of birth" in patient.text.lower()
    assert "diagnosis" not in patient.text.lower().split("still need:")[1]
    patient.say("hi again")
    assert patient.asking() == "patient.name"
    drive(patient, TERSE)
    submitted(patient)


def test_lay_terms_and_phone_formats(patient: Patient) -> None:
    start(patient)
    patient.say("skip")
    drive(patient, {**TERSE, "diagnosis.text": "slipped disk", "patient.phone": "call me at (617) 555 0123 ext 4"})
    record = submitted(patient)
    assert record["diagnosis"]["code"]["code"].startswith("M51")
    assert record["patient"]["phone"] == "+16175550123"


def test_deadline_within_a_week_is_urgent(patient: Patient) -> None:
    start(patient)
    patient.say("skip")
    drive(patient, {**TERSE, "treatment.decision_deadline": "surgery is scheduled Nov 24"})
    record = submitted(patient)
    assert record["treatment"]["decision_deadline"] == "2026-11-24"
    assert record["urgency"] == "urgent"


def test_employer_benefit_with_sponsor_in_one_answer(patient: Patient) -> None:
    start(patient)
    patient.say("skip")
    answers = dict(TERSE)
    del answers["coverage.sponsor"]
    drive(patient, {**answers, "coverage.type": "through my employer's benefit, I work at Boeing"})
    record = submitted(patient)
    assert record["coverage"]["type"] == "employer_benefit"
    assert record["coverage"]["sponsor"] == "Boeing"


def test_required_question_cannot_be_skipped(patient: Patient) -> None:
    start(patient)
    patient.say("skip")
    patient.answer("requester.role", "I am the patient")
    patient.answer("patient.name", "skip")
    assert "need" in patient.text.lower()
    assert patient.asking() == "patient.name"
    drive(patient, TERSE)
    submitted(patient)


def test_relative_diagnosis_date(patient: Patient) -> None:
    start(patient)
    patient.say("skip")
    drive(patient, {**TERSE, "diagnosis.diagnosed_on": "two weeks ago"})
    record = submitted(patient)
    assert record["diagnosis"]["diagnosed_on"] == "2026-11-06"


def test_buttons_are_offered_and_understood(patient: Patient) -> None:
    patient.say("hi")
    assert patient.buttons() == ["/affirm", "/deny"]
    patient.say("/affirm")
    patient.say("skip")
    assert "I am the patient" in patient.buttons()
    patient.say("I am the patient")
    assert patient.asking() == "patient.name"
    drive(patient, TERSE)
    submitted(patient)


def test_progress_note_is_shown_with_each_question(patient: Patient) -> None:
    start(patient)
    patient.say("skip")
    assert re.search(r"\(1 of \d+\)", patient.text), patient.text
    patient.say("I am the patient")
    assert re.search(r"\(2 of \d+\)", patient.text), patient.text
    intake = patient.intake()
    assert intake["progress"]["answered"] == 1
    assert intake["progress"]["total"] >= 15


def test_everything_up_front_finishes_within_four_turns_after_consent(patient: Patient) -> None:
    start(patient)
    turns_after_consent = 1
    patient.say(
        "Hi, I'm Maria Gonzalez, born 3/4/1961, my phone is 617-555-0142 and I live in Ohio. I was "
        "diagnosed with stage 2 breast cancer in March 2026 by Dr. Susan Lee at Cleveland Clinic. I'm "
        "currently taking tamoxifen. They recommend a mastectomy and the surgery is scheduled Dec 9. I have "
        "my pathology report and MRI. It's covered through my employer's benefit at Acme Corp. Should I do "
        "chemo first? Is a lumpectomy an option?"
    )
    asked = drive(patient, {"coverage.sponsor": "Acme Corp", "reason": "to compare treatment options"})
    turns_after_consent += len(asked)
    record = submitted(patient)
    assert turns_after_consent <= 4, asked
    assert record["patient"]["name"]["text"] == "Maria Gonzalez"
    assert record["patient"]["birth_date"] == "1961-03-04"
    assert record["patient"]["phone"] == "+16175550142"
    assert record["patient"]["region"] == "US-OH"
    assert record["diagnosis"]["diagnosed_on"] == "2026-03"
    assert record["care_team"] == {"physician": "Dr. Susan Lee", "institution": "Cleveland Clinic"}
    assert "tamoxifen" in record["treatment"]["current"]
    assert record["treatment"]["decision_deadline"] == "2026-12-09"
    assert set(record["records"]["available"]) >= {"pathology", "imaging"}
    assert record["coverage"]["type"] == "employer_benefit"
    assert record["questions"] == ["Should I do chemo first?", "Is a lumpectomy an option?"]
