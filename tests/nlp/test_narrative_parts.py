"""Tests for the narrative extractor's parts: sentences, people, care team, stage, questions."""
from __future__ import annotations

import datetime as dt

import pytest

from bot.nlp.narrative_care import institution
from bot.nlp.narrative_diagnosis import diagnosed_on, stage
from bot.nlp.narrative_people import names, physician
from bot.nlp.narrative_requester import requester
from bot.nlp.narrative_questions import questions
from bot.nlp.narrative_text import split_sentences
from bot.nlp.narrative_treatment import current_treatment, decision_deadline, proposed_treatment

TODAY = dt.date(2024, 11, 15)


def test_sentences_do_not_break_at_titles_or_initials() -> None:
    text = "Dr. J. R. Smith at St. Mary's said no. Surgery is Dec. 9! Why?\nnext line"
    assert [s.text for s in split_sentences(text)] == [
        "Dr. J. R. Smith at St. Mary's said no.",
        "Surgery is Dec. 9!",
        "Why?",
        "next line",
    ]
    for sentence in split_sentences(text):
        assert text[sentence.start:sentence.end] == sentence.text


def test_sentence_question_flag() -> None:
    flags = [s.is_question for s in split_sentences('Is it bad? "Really?" I hope not.')]
    assert flags == [True, True, False]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("stage 2 breast cancer", "2"),
        ("Stage IIIA NSCLC", "IIIA"),
        ("stage iv", "IV"),
        ("it's stage 3b", "3B"),
        ("stage four colon cancer", "4"),
        ("Stage 0 DCIS", "0"),
        ("stage-2", "2"),
        ("stage 1 c", "1C"),
    ],
)
def test_stage(text: str, expected: str) -> None:
    fact = stage(text)
    assert fact is not None and fact.value == expected and fact.source_text in text


@pytest.mark.parametrize("text", ["grade 3 tumor", "stage of grief", "upstage", "the last stage", "onstage tonight"])
def test_not_a_stage(text: str) -> None:
    assert stage(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("diagnosed by Dr. Susan Lee last year", "Dr. Susan Lee"),
        ("my oncologist Dr Patel", "Dr. Patel"),
        ("Doctor Nguyen said", "Dr. Nguyen"),
        ("DR. KIM's office", "Dr. KIM"),
        ("this is Dr. Emily Chen's patient", "Dr. Emily Chen"),
        ("dr. o'malley wants surgery", "Dr. O'malley"),
        ("my surgeon, Maria Lopez, said", "Maria Lopez"),
    ],
)
def test_physician(text: str, expected: str) -> None:
    fact = physician(text)
    assert fact is not None and fact.value == expected and fact.source_text in text


@pytest.mark.parametrize(
    "text",
    ["the doctor said it's fine", "my dr said wait", "Dr. appointments are hard", "doctors at Mayo", "doctor who"],
)
def test_no_physician(text: str) -> None:
    assert physician(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I'm treated at Mass General.", "Mass General"),
        ("She goes to the University of Chicago Medical Center.", "University of Chicago Medical Center"),
        ("We saw a surgeon at St. Mary's Hospital.", "St. Mary's Hospital"),
        ("diagnosed at md anderson", "md anderson"),
        ("Yesterday Boston Medical Center called.", "Boston Medical Center"),
        ("My care is at Kaiser.", "Kaiser"),
        ("seen at mercy general hospital last week", "mercy general hospital"),
        ("Treated at Memorial Sloan Kettering since May.", "Memorial Sloan Kettering"),
    ],
)
def test_institution(text: str, expected: str) -> None:
    fact = institution(split_sentences(text))
    assert fact is not None and fact.value == expected


@pytest.mark.parametrize(
    "text",
    [
        "I went to the hospital.",
        "Should we go to Mayo Clinic?",
        "I want a second opinion at Cleveland Clinic.",
        "They referred me to Johns Hopkins.",
        "Duke is my favourite team.",
        "Hopkins said no.",  # a surname on its own
    ],
)
def test_no_institution(text: str) -> None:
    assert institution(split_sentences(text)) is None


@pytest.mark.parametrize(
    ("text", "role", "relationship"),
    [
        ("My mother was diagnosed with lymphoma", "caregiver", "child"),
        ("I'm asking for my husband", "caregiver", "spouse"),
        ("my 6 year old son has leukemia", "caregiver", "parent"),
        ("My son is typing this for me because my eyes are bad", "caregiver", "son"),
        ("I'm writing on her behalf", "caregiver", None),
        ("She was diagnosed last week", "caregiver", None),
        ("I was diagnosed with MS", "patient", None),
        ("My husband wants me to get a second opinion about my cancer", "patient", None),
        ("I'm the patient", "patient", None),
    ],
)
def test_requester(text: str, role: str, relationship: str | None) -> None:
    found = {f.path: f.value for f in requester(text)}
    assert found.get("requester.role") == role
    assert found.get("requester.relationship") == relationship


def test_requester_unknown_without_clues() -> None:
    assert requester("What are the options for a torn rotator cuff?") == []


def test_names_for_a_patient_and_a_caregiver() -> None:
    own = {f.path: f.value for f in names("My name is ann lee and I have lupus", caregiver=False)}
    assert own == {"patient.name": {"text": "Ann Lee", "given": "Ann", "family": "Lee"}}
    both = {f.path: f.value for f in names("My name is Tom Reed. His name is Bill Reed.", caregiver=True)}
    assert both == {
        "requester.name": "Tom Reed",
        "patient.name": {"text": "Bill Reed", "given": "Bill", "family": "Reed"},
    }


@pytest.mark.parametrize(
    "text",
    ["I'm New York based", "I'm Very Worried", "My name is important to me", "I'm 54 and tired", "I'm Jewish."],
)
def test_no_names(text: str) -> None:
    assert names(text, caregiver=False) == []


def test_questions_exclude_questions_about_the_service() -> None:
    text = "How long does this take? Is surgery really needed? Are you a bot? What are the risks?"
    fact = questions(split_sentences(text), text)
    assert fact is not None
    assert fact.value == ["Is surgery really needed?", "What are the risks?"]
    assert fact.source_text == "Is surgery really needed? Are you a bot? What are the risks?"


def test_statements_of_wanting_to_know_are_questions() -> None:
    text = "I'd like to know if chemo is needed. I wonder whether the scan was misread. I like my doctor."
    fact = questions(split_sentences(text), text)
    assert fact is not None
    assert fact.value == ["I'd like to know if chemo is needed.", "I wonder whether the scan was misread."]


def test_proposed_and_current_treatment() -> None:
    sentences = split_sentences("I'm on letrozole. They want to put me on Ibrance too. Is that wise?")
    current = current_treatment(sentences)
    proposed = proposed_treatment(sentences)
    assert current is not None and current.value == "letrozole"
    assert proposed is not None and proposed.value == "Ibrance"


@pytest.mark.parametrize(
    ("text", "current"),
    [
        ("I take metformin for my diabetes.", "metformin"),
        ("I take Eliquis and metoprolol. He is recommending a catheter ablation.", "Eliquis and metoprolol"),
        ("I'm taking spironolactone and lactulose.", "spironolactone and lactulose"),
        ("I've been on methotrexate for a year.", "methotrexate"),
        ("I'm on Keppra but I'm still having seizures.", "Keppra"),
        ("I'm getting chemo every two weeks.", "chemo"),
    ],
)
def test_what_the_patient_takes_now_is_current_not_proposed(text: str, current: str) -> None:
    sentences = split_sentences(text)
    found = current_treatment(sentences)
    assert found is not None and found.value == current
    proposed = proposed_treatment(sentences)
    assert proposed is None or proposed.value not in current


def test_a_brand_name_after_a_medication_cue_is_a_treatment() -> None:
    proposed = proposed_treatment(split_sentences("My rheumatologist wants me to start CellCept."))
    assert proposed is not None and proposed.value == "CellCept"
    assert current_treatment(split_sentences("I take care of my mother on Mondays.")) is None


@pytest.mark.parametrize(
    ("text", "proposed"),
    [
        ("She recommends removing the whole kidney.", "removing the whole kidney"),
        ("They want to remove my gallbladder.", "remove my gallbladder"),
        ("She has referred me for a liver transplant.", "liver transplant"),
    ],
)
def test_a_proposed_removal_or_referral_is_a_proposed_treatment(text: str, proposed: str) -> None:
    found = proposed_treatment(split_sentences(text))
    assert found is not None and found.value == proposed


def test_treatments_given_together_are_kept_together() -> None:
    found = proposed_treatment(split_sentences("They did surgery already and now want radiation with temozolomide."))
    assert found is not None and found.value == "radiation with temozolomide"


def test_no_treatment_yet_is_current_treatment_none() -> None:
    found = current_treatment(split_sentences("I'm not on any treatment yet. Surgery is planned."))
    assert found is not None and found.value == "none"
    assert current_treatment(split_sentences("Is she not on any treatment?")) is None


def test_a_name_followed_by_a_bracket() -> None:
    found = names("Hi, I'm Rebecca Hall (born 2/14/1988), phone 617-555-0108.", caregiver=False)
    assert [fact.value["text"] for fact in found] == ["Rebecca Hall"]


def test_surgery_is_never_a_current_treatment() -> None:
    sentences = split_sentences("I'm having a hysterectomy on Monday.")
    assert current_treatment(sentences) is None
    proposed = proposed_treatment(sentences)
    assert proposed is not None and proposed.value == "hysterectomy"
    deadline = decision_deadline(sentences, TODAY)
    assert deadline is not None and deadline.value == "2024-11-18"


def test_deadline_ignores_past_and_vague_dates() -> None:
    assert decision_deadline(split_sentences("Surgery was on March 3, 2024."), TODAY) is None
    assert decision_deadline(split_sentences("Surgery is planned for next year."), TODAY) is None


def test_diagnosed_on_takes_the_date_nearest_the_diagnosis() -> None:
    sentences = split_sentences("Born 1950, I was diagnosed in June 2022 and had surgery in August 2022.")
    fact = diagnosed_on(sentences, TODAY)
    assert fact is not None and fact.value == "2022-06"


def test_diagnosed_on_can_come_first() -> None:
    fact = diagnosed_on(split_sentences("Back in 2018 I was diagnosed with Crohn's."), TODAY)
    assert fact is not None and fact.value == "2018"
