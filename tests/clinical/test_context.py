"""Certainty and time of a mention from the words around it."""
from __future__ import annotations

import pytest

from bot.clinical.context import MentionContext, analyse
from bot.clinical.diagnosis import find_diagnoses, main_diagnosis


def _context(sentence: str, mention: str) -> MentionContext:
    start = sentence.index(mention)
    return analyse(sentence, start, start + len(mention), sentence)


@pytest.mark.parametrize(
    ("sentence", "mention"),
    [
        ("Probable lymphoma on the CT.", "lymphoma"),
        ("They are checking for lupus.", "lupus"),
        ("The working diagnosis is sarcoidosis.", "sarcoidosis"),
        ("I am scared it is cancer.", "cancer"),
        ("Could I have MS?", "MS"),
        ("MS is suspected.", "MS"),
        ("Lymphoma, not confirmed yet.", "Lymphoma"),
        ("They sent me for tests to find out if it is Crohn's.", "Crohn's"),
    ],
)
def test_hedges(sentence: str, mention: str) -> None:
    context = _context(sentence, mention)
    assert context.suspected and context.confirmed is False


@pytest.mark.parametrize(
    ("sentence", "mention"),
    [
        ("I was diagnosed with lupus.", "lupus"),
        ("The biopsy came back as melanoma.", "melanoma"),
        ("Melanoma was confirmed by the biopsy.", "Melanoma"),
        ("My lymphoma needs treatment.", "lymphoma"),
    ],
)
def test_assertions(sentence: str, mention: str) -> None:
    assert _context(sentence, mention).confirmed is True


@pytest.mark.parametrize(
    ("sentence", "mention", "historical"),
    [
        ("I had a mild stroke two years ago.", "stroke", True),
        ("Prior DVT in 2012.", "DVT", True),
        ("I had kidney stones as a child.", "kidney stones", True),
        ("I had breast cancer and it came back.", "breast cancer", False),
        ("I have had MS since 2010.", "MS", False),
        ("My cancer has spread.", "cancer", False),
        ("My aunt died of breast cancer.", "breast cancer", True),
        ("My dad passed away last month from a heart attack.", "heart attack", True),
        ("We lost my mother to ovarian cancer.", "ovarian cancer", True),
        ("I passed out from the pain of my kidney stone.", "kidney stone", False),
        ("My husband is dying of lung cancer.", "lung cancer", False),
    ],
)
def test_history(sentence: str, mention: str, historical: bool) -> None:
    assert _context(sentence, mention).historical is historical


@pytest.mark.parametrize(
    ("sentence", "mention", "hypothetical"),
    [
        ("What are the risks of heart failure on this drug?", "heart failure", True),
        ("I am at risk for diabetes.", "diabetes", True),
        ("What are my chances of getting breast cancer?", "breast cancer", True),
        ("What is the risk of my cancer spreading?", "cancer", False),
        ("What are the risks of surgery for my prostate cancer?", "prostate cancer", False),
        ("Is there a risk of another stroke?", "stroke", False),
    ],
)
def test_a_risk_of_a_condition_is_nobodys_condition(sentence: str, mention: str, hypothetical: bool) -> None:
    context = _context(sentence, mention)
    assert context.hypothetical is hypothetical
    assert context.not_the_patients is hypothetical


@pytest.mark.parametrize(
    ("sentence", "mention", "relatives"),
    [
        ("There is a family history of heart attacks.", "heart attacks", True),
        ("His family history is significant for colon cancer.", "colon cancer", False),
        ("Family history significant for colon cancer.", "colon cancer", True),
        ("Glaucoma runs in my family.", "Glaucoma", True),
        ("My aunt died of breast cancer.", "breast cancer", True),
        ("I have a history of kidney stones.", "kidney stones", False),
        ("My mother has lupus.", "lupus", False),
    ],
)
def test_a_relatives_condition_is_not_the_patients(sentence: str, mention: str, relatives: bool) -> None:
    context = _context(sentence, mention)
    assert context.relatives is relatives
    assert context.not_the_patients is relatives


def test_a_history_significant_for_a_condition_is_past() -> None:
    assert _context("Past history significant for DVT.", "DVT").historical


def test_only_a_risk_or_a_relatives_condition_is_never_the_one_to_review() -> None:
    assert main_diagnosis("Is there a risk of heart failure with this antifungal?") is None
    assert main_diagnosis("My grandfather died of a stroke, should I worry?") is None
    found = main_diagnosis("Heart disease runs in my family and my cardiologist found a leaky valve.")
    assert found is not None and found.code.startswith("I3")


def test_pending_results_elsewhere_in_the_message() -> None:
    text = "They found something on my pancreas. It may be pancreatic cancer. Still waiting on the biopsy."
    (match,) = [m for m in find_diagnoses(text) if m.code == "C25.9"]
    assert match.confirmed is False


def test_clause_break_limits_the_hedge() -> None:
    context = _context("They thought it might be an infection, but it turned out to be lymphoma.", "lymphoma")
    assert not context.suspected


@pytest.mark.parametrize(
    "text",
    [
        "Without treatment, my cancer will spread.",
        "No one told me I have diabetes.",
        "I had no idea I had diabetes.",
        "They think it is not serious, but I have lymphoma.",
        "It's not just MS.",
        "No, I have lymphoma.",
    ],
)
def test_negation_scope_stays_local(text: str) -> None:
    found = find_diagnoses(text)
    assert found and not found[-1].negated


@pytest.mark.parametrize(
    ("sentence", "mention"),
    [
        ("I should probably get a second opinion on my lymphoma.", "lymphoma"),
        ("I will likely need surgery for my herniated disc.", "herniated disc"),
        ("I might have to have surgery for my slipped disc.", "slipped disc"),
    ],
)
def test_adverbs_far_from_the_mention_do_not_hedge(sentence: str, mention: str) -> None:
    assert not _context(sentence, mention).suspected


@pytest.mark.parametrize(
    ("sentence", "mention"),
    [
        ("It is probably lymphoma.", "lymphoma"),
        ("They said I might have MS.", "MS"),
        ("Possible early Parkinson's.", "Parkinson's"),
    ],
)
def test_adverbs_next_to_the_mention_hedge(sentence: str, mention: str) -> None:
    assert _context(sentence, mention).suspected


@pytest.mark.parametrize(
    ("sentence", "mention"),
    [
        ("What is the treatment for people who have lupus?", "lupus"),
        ("Can lupus run in families?", "lupus"),
        ("Has anyone had a stroke after this surgery?", "stroke"),
        ("What causes kidney stones?", "kidney stones"),
    ],
)
def test_questions_about_a_condition_are_unclear(sentence: str, mention: str) -> None:
    assert _context(sentence, mention).confirmed is None


@pytest.mark.parametrize(
    ("sentence", "mention"),
    [
        ("My son has autism.", "autism"),
        ("She has been diagnosed with MS.", "MS"),
        ("My doctor says my lymphoma is stage 2.", "lymphoma"),
        ("We have a daughter with cystic fibrosis and she's doing well.", "cystic fibrosis"),
        ("I've got gout.", "gout"),
    ],
)
def test_statements_about_a_person_are_confirmed(sentence: str, mention: str) -> None:
    assert _context(sentence, mention).confirmed is True


@pytest.mark.parametrize(
    ("sentence", "mention"),
    [
        ("My son was diagnosed with Duchenne muscular dystrophy 5 years ago.", "Duchenne muscular dystrophy"),
        ("I was diagnosed with MS ten years ago.", "MS"),
        ("My 5 year old son has Duchenne muscular dystrophy.", "Duchenne muscular dystrophy"),
        ("Our 7-year-old daughter has type 1 diabetes.", "type 1 diabetes"),
    ],
)
def test_a_dated_diagnosis_or_an_age_is_not_a_past_condition(sentence: str, mention: str) -> None:
    assert _context(sentence, mention).historical is False


@pytest.mark.parametrize(
    ("sentence", "mention"),
    [("I had breast cancer 10 years ago.", "breast cancer"), ("I had asthma as a child.", "asthma")],
)
def test_a_past_condition_is_still_historical(sentence: str, mention: str) -> None:
    assert _context(sentence, mention).historical is True
