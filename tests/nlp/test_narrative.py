"""Tests for bot.nlp.narrative: facts from an opening narrative (everything but the diagnosis)."""
from __future__ import annotations

import datetime as dt
import time
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.nlp.facts import Fact
from bot.nlp.narrative import extract_narrative_facts

TODAY = dt.date(2024, 11, 15)  # a Friday

ABSENT = object()


def values(text: str) -> dict[str, Any]:
    facts = extract_narrative_facts(text, today=TODAY)
    paths = [f.path for f in facts]
    assert len(paths) == len(set(paths)), f"duplicate paths: {paths}"
    return {f.path: f.value for f in facts}


# Each case: (narrative, expected values; ABSENT means the path must not be extracted).
CASES: list[tuple[str, dict[str, Any]]] = [
    (
        "My mother was diagnosed with stage 2 breast cancer last March at Mass General by Dr. Susan Lee. "
        "They want to do a mastectomy and surgery is scheduled Dec 9. Should she do chemo first? "
        "Is lumpectomy an option? It's covered through my employer's benefit.",
        {
            "requester.role": "caregiver",
            "requester.relationship": "child",
            "care_team.physician": "Dr. Susan Lee",
            "care_team.institution": "Mass General",
            "treatment.proposed": "mastectomy",
            "treatment.decision_deadline": "2024-12-09",
            "diagnosis.diagnosed_on": "2024-03",
            "diagnosis.stage": "2",
            "questions": ["Should she do chemo first?", "Is lumpectomy an option?"],
            "reason": "surgery_recommended",
            "coverage.type": "employer_benefit",
            "patient.name": ABSENT,
        },
    ),
    (
        "i was diagnosed w/ prostate cancer in 2019. my urologist dr patel says i need a prostatectomy. "
        "im on lupron right now. what are the risks of waiting",
        {
            "requester.role": "patient",
            "care_team.physician": "Dr. Patel",
            "treatment.proposed": "prostatectomy",
            "treatment.current": "lupron",
            "diagnosis.diagnosed_on": "2019",
            "questions": ["what are the risks of waiting"],
            "reason": "surgery_recommended",
        },
    ),
    (
        "Hi, I'm John Smith. I have stage IIIA lung cancer, diagnosed two months ago at the University of "
        "Chicago Medical Center. I'm currently doing radiation. My oncologist Dr Patel wants me to start "
        "immunotherapy. I want to know whether surgery is an option. You can reach me at 617-555-0142 or "
        "john.smith@example.com. I live in Ohio. Born 3/4/61.",
        {
            "requester.role": "patient",
            "patient.name": {"text": "John Smith", "given": "John", "family": "Smith"},
            "diagnosis.stage": "IIIA",
            "diagnosis.diagnosed_on": "2024-09",
            "care_team.institution": "University of Chicago Medical Center",
            "treatment.current": "radiation",
            "treatment.proposed": "immunotherapy",
            "care_team.physician": "Dr. Patel",
            "questions": ["I want to know whether surgery is an option."],
            "patient.phone": "+16175550142",
            "patient.email": "john.smith@example.com",
            "patient.region": "US-OH",
            "patient.birth_date": "1961-03-04",
        },
    ),
    (
        "My daughter is filling this in for me. I had a knee replacement recommended by Doctor Nguyen at "
        "St. Mary's Hospital and I need to decide by January 5. I have my MRI and x-rays. I'll pay myself.",
        {
            "requester.role": "caregiver",
            "requester.relationship": "daughter",
            "care_team.physician": "Dr. Nguyen",
            "care_team.institution": "St. Mary's Hospital",
            "treatment.proposed": "knee replacement",
            "treatment.decision_deadline": "2025-01-05",
            "records.available": ["imaging"],
            "coverage.type": "self_pay",
            "reason": "surgery_recommended",
        },
    ),
    (
        "My husband has had back pain for years and nothing is helping. They recommend spinal fusion surgery "
        "in 10 days at Cleveland Clinic. Is this really necessary? We have Blue Cross.",
        {
            "requester.role": "caregiver",
            "requester.relationship": "spouse",
            "treatment.proposed": "spinal fusion surgery",
            "treatment.decision_deadline": "2024-11-25",
            "care_team.institution": "Cleveland Clinic",
            "questions": ["Is this really necessary?"],
            "coverage.type": "insurance",
            "coverage.sponsor": "Blue Cross",
            "patient.region": ABSENT,
        },
    ),
    (
        "I'm on tamoxifen since my lumpectomy last year. My oncologist wants to add radiation. Do I need it?",
        {
            "requester.role": "patient",
            "treatment.current": "tamoxifen",
            "treatment.proposed": "radiation",
            "questions": ["Do I need it?"],
            "care_team.physician": ABSENT,
        },
    ),
    (
        "I want to make sure my diagnosis is right. The biopsy said lymphoma but my doctor isn't sure.",
        {"reason": "confirm_diagnosis", "requester.role": "patient", "questions": ABSENT},
    ),
    (
        "Hello this is Maria Gonzalez, writing for my dad. He was diagnosed with stage four colon cancer in "
        "August 2023 at Kaiser. He's getting FOLFOX. We live in California. my email is maria.g@example.org",
        {
            "requester.role": "caregiver",
            "requester.relationship": "child",
            "requester.name": "Maria Gonzalez",
            "diagnosis.stage": "4",
            "diagnosis.diagnosed_on": "2023-08",
            "care_team.institution": "Kaiser",
            "treatment.current": "FOLFOX",
            "patient.region": "US-CA",
            "patient.email": "maria.g@example.org",
            "patient.name": ABSENT,
        },
    ),
    (
        "my son (16) has a brain tumor, neurosurgeon Dr. Alan Brooks at Boston Children's Hospital wants to "
        "operate next Tuesday. Is there a less invasive option?? we're from Rhode Island",
        {
            "requester.role": "caregiver",
            "requester.relationship": "parent",
            "care_team.physician": "Dr. Alan Brooks",
            "care_team.institution": "Boston Children's Hospital",
            "treatment.proposed": "surgery",
            "treatment.decision_deadline": "2024-11-19",
            "questions": ["Is there a less invasive option??"],
            "patient.region": "US-RI",
            "reason": "surgery_recommended",
        },
    ),
    (
        "Diagnosed with MS 3 years ago. Currently taking Ocrevus. Still having relapses so it isn't working. "
        "What other treatments are there? What about stem cell transplant?",
        {
            "diagnosis.diagnosed_on": "2021",
            "treatment.current": "Ocrevus",
            "reason": "no_improvement",
            "questions": ["What other treatments are there?", "What about stem cell transplant?"],
            "treatment.proposed": ABSENT,
        },
    ),
    (
        "Can you help me? How long does this take?",
        {"questions": ABSENT, "reason": ABSENT, "requester.role": ABSENT},
    ),
    (
        "I was told I have thyroid cancer on 10/02/2024. The surgeon recommended a total thyroidectomy. "
        "I'd like to know if radioactive iodine alone would be enough.",
        {
            "diagnosis.diagnosed_on": "2024-10-02",
            "treatment.proposed": "total thyroidectomy",
            "questions": ["I'd like to know if radioactive iodine alone would be enough."],
            "reason": "surgery_recommended",
        },
    ),
    (
        "hi im writing on behalf of my wife, shes 54. dx stage 1 breast cancer. dr. kim wants lumpectomy plus "
        "radiation. we need to decide by next friday. our insurance is aetna",
        {
            "requester.role": "caregiver",
            "requester.relationship": "spouse",
            "diagnosis.stage": "1",
            "care_team.physician": "Dr. Kim",
            "treatment.decision_deadline": "2024-11-22",
            "coverage.type": "insurance",
            "coverage.sponsor": "Aetna",
            "patient.birth_date": ABSENT,
        },
    ),
    (
        "Surgery is scheduled for December 2nd. I'm nervous.",
        {"treatment.proposed": "Surgery", "treatment.decision_deadline": "2024-12-02"},
    ),
    (
        "I had surgery in 2019 and I'm fine now, but my new doctor thinks the cancer is back.",
        {"treatment.proposed": ABSENT, "treatment.decision_deadline": ABSENT, "diagnosis.diagnosed_on": ABSENT},
    ),
    (
        "My name is Robert O'Connor, DOB 07/09/1958, phone (617) 555-0142 ext 3. I live in Portland, ME.",
        {
            "patient.name": {"text": "Robert O'Connor", "given": "Robert", "family": "O'Connor"},
            "patient.birth_date": "1958-07-09",
            "patient.phone": "+16175550142",
            "patient.region": "US-ME",
        },
    ),
    (
        "I'm in pain every day. I'm tired of waiting.",
        {"patient.name": ABSENT, "patient.region": ABSENT, "treatment.current": ABSENT},
    ),
    (
        "I'm Very Worried about all this. Thanks.",
        {"patient.name": ABSENT},
    ),
    (
        "I'm thinking of a second opinion at Mayo Clinic. My care is at Dartmouth-Hitchcock.",
        {"care_team.institution": "Dartmouth-Hitchcock"},
    ),
    (
        "Should I go to Johns Hopkins instead?",
        {"care_team.institution": ABSENT, "questions": ["Should I go to Johns Hopkins instead?"]},
    ),
    (
        "Dr. Lee said the MRI shows a herniated disc. She wants me to have a microdiscectomy within two weeks. "
        "I would rather try physical therapy first. Is that reasonable?",
        {
            "care_team.physician": "Dr. Lee",
            "treatment.proposed": "microdiscectomy",
            "treatment.decision_deadline": "2024-11-29",
            "questions": ["Is that reasonable?"],
        },
    ),
    (
        "They found a mass in my pancreas in September and they're recommending a Whipple procedure. "
        "I have the CT scans, the pathology report and my blood work.",
        {
            "requester.role": "patient",
            "diagnosis.diagnosed_on": "2024-09",
            "treatment.proposed": "Whipple procedure",
            "records.available": ["pathology", "imaging", "labs"],
        },
    ),
    (
        "My 80 year old father has aortic stenosis. Cardiologist Dr. Raj Mehta at Houston Methodist suggests "
        "TAVR. Is he too old for open heart surgery? He's on Eliquis.",
        {
            "requester.role": "caregiver",
            "requester.relationship": "child",
            "care_team.physician": "Dr. Raj Mehta",
            "care_team.institution": "Houston Methodist",
            "treatment.proposed": "TAVR",
            "treatment.current": "Eliquis",
            "questions": ["Is he too old for open heart surgery?"],
        },
    ),
    (
        "I am not on any medication and nobody has recommended surgery.",
        {"treatment.current": "none", "treatment.proposed": ABSENT, "reason": ABSENT},
    ),
    (
        "Diagnosed Jan 2022 with RA. Methotrexate hasn't helped and my rheumatologist wants to start Humira. "
        "Is there something safer? I'm a Texas resident and I'd pay out of pocket.",
        {
            "diagnosis.diagnosed_on": "2022-01",
            "treatment.proposed": "Humira",
            "reason": "no_improvement",
            "patient.region": "US-TX",
            "coverage.type": "self_pay",
            "questions": ["Is there something safer?"],
        },
    ),
    (
        "my grandma was diagnosed last week with leukemia at st jude's? no sorry, at a local hospital. "
        "what questions should we ask",
        {
            "requester.role": "caregiver",
            "requester.relationship": "grandchild",
            "diagnosis.diagnosed_on": "2024-11-08",
        },
    ),
    (
        "Stage IV melanoma. Keytruda. Scans every 3 months. It's working but I want to know how long to continue.",
        {
            "diagnosis.stage": "IV",
            "questions": ["It's working but I want to know how long to continue."],
            "treatment.current": ABSENT,
        },
    ),
    (
        "We were told my sister needs a kidney transplant. She is on dialysis three times a week. "
        "Her name is Anna Kowalski. She lives in Chicago.",
        {
            "requester.role": "caregiver",
            "requester.relationship": "sibling",
            "treatment.proposed": "kidney transplant",
            "treatment.current": "dialysis",
            "patient.name": {"text": "Anna Kowalski", "given": "Anna", "family": "Kowalski"},
            "patient.region": "US-IL",
        },
    ),
    (
        "I got diagnosed with DCIS a couple of months ago. My insurance through work is UnitedHealthcare. "
        "Do I really need radiation after the lumpectomy?",
        {
            "diagnosis.diagnosed_on": "2024-09",
            "coverage.type": "insurance",
            "coverage.sponsor": "UnitedHealthcare",
            "questions": ["Do I really need radiation after the lumpectomy?"],
        },
    ),
    (
        "my employer Acme Corp offers this second opinion benefit. I have Crohn's, diagnosed in 2015, "
        "on Stelara now. GI doc wants to remove part of my colon.",
        {
            "coverage.type": "employer_benefit",
            "coverage.sponsor": "Acme Corp",
            "diagnosis.diagnosed_on": "2015",
            "treatment.current": "Stelara",
        },
    ),
    (
        "Surgery was recommended by Dr. Carla Ruiz from NYU Langone for my hip. The operation is on the 3rd "
        "of December. Are there alternatives like injections?",
        {
            "care_team.physician": "Dr. Carla Ruiz",
            "care_team.institution": "NYU Langone",
            "treatment.proposed": "Surgery",
            "treatment.decision_deadline": "2024-12-03",
            "questions": ["Are there alternatives like injections?"],
        },
    ),
    (
        "Ive had chest pain. The cardiologist wants a bypass, scheduled in 3 days. Whats the risk?",
        {
            "treatment.proposed": "bypass",
            "treatment.decision_deadline": "2024-11-18",
            "questions": ["Whats the risk?"],
        },
    ),
    (
        "I was born on 12/31/1970 and I'm the patient. They said it's stage 3b. Text me at 415 555 2671.",
        {
            "requester.role": "patient",
            "patient.birth_date": "1970-12-31",
            "diagnosis.stage": "3B",
            "patient.phone": "+14155552671",
        },
    ),
    (
        "My mom is 72 and I was born in 1980, we live in NJ. She was diagnosed yesterday.",
        {
            "requester.role": "caregiver",
            "patient.birth_date": ABSENT,
            "patient.region": "US-NJ",
            "diagnosis.diagnosed_on": "2024-11-14",
        },
    ),
    (
        "Hello. My oncologist, Priya Raman, wants me to do 6 rounds of chemo before surgery. "
        "Is that standard for stage 2 pancreatic cancer? I'd like to know if there are trials.",
        {
            "care_team.physician": "Priya Raman",
            "treatment.proposed": "6 rounds of chemo",
            "diagnosis.stage": "2",
            "questions": [
                "Is that standard for stage 2 pancreatic cancer?",
                "I'd like to know if there are trials.",
            ],
        },
    ),
    (
        "got the biopsy back 2 weeks ago. gleason 7. urologist says radical prostatectomy asap. "
        "other option is radiation. which is better for a 60 yr old",
        {
            "treatment.proposed": "radical prostatectomy",
            "reason": "surgery_recommended",
            "questions": ["which is better for a 60 yr old"],
        },
    ),
    (
        "We're in Massachusets. My father-in-law has Parkinson's and the neurologist proposed deep brain "
        "stimulation surgery. We want to know whether he is a good candidate.",
        {
            "patient.region": "US-MA",
            "requester.role": "caregiver",
            "requester.relationship": "relative",
            "treatment.proposed": "deep brain stimulation surgery",
            "questions": ["We want to know whether he is a good candidate."],
        },
    ),
    (
        "Our appointment with the surgeon is Monday but I doubt the diagnosis.",
        {"reason": "confirm_diagnosis", "treatment.decision_deadline": "2024-11-18"},
    ),
    (
        "I'm Sarah. I'd like a second opinion please.",
        {"patient.name": ABSENT, "questions": ABSENT},
    ),
    (
        "This is Dr. Emily Chen's patient, I was referred to Memorial Sloan Kettering for a consult next month.",
        {"care_team.physician": "Dr. Emily Chen", "care_team.institution": ABSENT, "patient.name": ABSENT},
    ),
    (
        "They want to start hormone therapy and then maybe surgery. Decision by 12/20. "
        "Email is Pat.Lee@Example.COM",
        {
            "treatment.proposed": "hormone therapy",
            "treatment.decision_deadline": "2024-12-20",
            "patient.email": "Pat.Lee@example.com",
        },
    ),
    (
        "no questions really, just want someone to double check the pathology slides",
        {"reason": "confirm_diagnosis", "questions": ABSENT},
    ),
    (
        "my wife and I live in Arizona. I have a tumor on my kidney. the urologist says partial nephrectomy. "
        "can it be done robotically?",
        {
            "requester.role": "patient",
            "patient.region": "US-AZ",
            "treatment.proposed": "partial nephrectomy",
            "questions": ["can it be done robotically?"],
        },
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[f"case{i:02d}" for i in range(len(CASES))])
def test_narratives(text: str, expected: dict[str, Any]) -> None:
    found = values(text)
    for path, value in expected.items():
        if value is ABSENT:
            assert path not in found, f"{path} should be absent, got {found.get(path)!r}"
        else:
            assert found.get(path) == value, f"{path}: expected {value!r}, got {found.get(path)!r}"


@pytest.mark.parametrize(("text", "_"), CASES, ids=[f"span{i:02d}" for i in range(len(CASES))])
def test_every_fact_quotes_the_message(text: str, _: Any) -> None:
    for fact in extract_narrative_facts(text, today=TODAY):
        assert isinstance(fact, Fact)
        assert fact.source_text and fact.source_text in text
        assert 0.0 < fact.confidence <= 1.0


def test_empty_and_blank() -> None:
    assert extract_narrative_facts("", today=TODAY) == []
    assert extract_narrative_facts("   \n ", today=TODAY) == []


def test_today_defaults_to_the_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INTAKE_TODAY", "2025-06-01")
    facts = {f.path: f.value for f in extract_narrative_facts("Surgery is scheduled in 10 days.")}
    assert facts["treatment.decision_deadline"] == "2025-06-11"


def test_deadline_needs_a_future_day() -> None:
    found = values("Surgery was scheduled Dec 9 but we postponed it to March.")
    assert found.get("treatment.decision_deadline") == "2024-12-09"
    assert "treatment.decision_deadline" not in values("The surgery is planned for next spring.")


def test_repeated_extraction_gives_the_same_facts_and_reports_its_time() -> None:
    # The time is printed, not asserted: latency is measured by the benchmark command.
    text = CASES[0][0]
    first = extract_narrative_facts(text, today=TODAY)  # also warms the lazily built patterns
    started = time.perf_counter()
    for _ in range(20):
        assert extract_narrative_facts(text, today=TODAY) == first
    print(f"\nnarrative extraction: {(time.perf_counter() - started) / 20 * 1000:.2f} ms per message")


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=200))
def test_never_raises_and_always_quotes(text: str) -> None:
    for fact in extract_narrative_facts(text, today=TODAY):
        assert fact.source_text in text


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("My wife has ovarian cancer and her oncologist is recommending more chemotherapy after her surgery. "
         "We want to know if there are better options, like a clinical trial.", "treatment_options"),
        ("My oncologist recommends surgery after the chemo. I'd like to compare surgery with radiation.",
         "treatment_options"),
        ("They want to operate on my back. I'm hoping to confirm the diagnosis first.", "confirm_diagnosis"),
    ],
)
def test_a_stated_reason_wins_over_a_mentioned_surgery(text: str, reason: str) -> None:
    assert values(text)["reason"] == reason


def test_a_recommended_surgery_is_the_reason_when_none_is_stated() -> None:
    assert values("I'd like a second opinion. They recommend a knee replacement.")["reason"] == "surgery_recommended"
