"""Public API: find_diagnoses, main_diagnosis, normalise_diagnosis."""
from __future__ import annotations

import dataclasses

import pytest

from bot.clinical.diagnosis import (
    DiagnosisMatch,
    find_diagnoses,
    guess_diagnosis,
    is_external_cause,
    main_diagnosis,
    named_condition,
    normalise_diagnosis,
)


def _codes(text: str) -> list[str]:
    return [m.code for m in find_diagnoses(text)]


def _only(text: str) -> DiagnosisMatch:
    found = find_diagnoses(text)
    assert len(found) == 1, found
    return found[0]


# --- lay terms, in running text -------------------------------------------------------

LAY_TERMS = [
    ("I was diagnosed with breast cancer last month.", "C50.919"),
    ("They found DCIS on my mammogram biopsy.", "D05.10"),
    ("My husband has NHL.", "C85.90"),
    ("I have lymphoma and start chemo next week.", "C85.90"),
    ("The urologist says I have prostrate cancer.", "C61"),
    ("My father has glioblastoma.", "C71.9"),
    ("I had a melanoma removed from my back.", "C43.9"),
    ("She was diagnosed with chronic lymphocytic leukemia.", "C91.10"),
    ("My son has acute lymphoblastic leukemia.", "C91.00"),
    ("I've got AML.", "C92.00"),
    ("I have multiple myeloma.", "C90.00"),
    ("They told me I have a-fib.", "I48.91"),
    ("I was diagnosed with AFib last year.", "I48.91"),
    ("My mom has heart failure.", "I50.9"),
    ("He has CHF and diabetes.", "I50.9"),
    ("I have severe aortic stenosis.", "I35.0"),
    ("The cardiologist said I have blocked arteries.", "I25.10"),
    ("I had a heart attack.", "I21.9"),
    ("I have a slipped disk.", "M51.26"),
    ("MRI showed a herniated disc at L4-L5.", "M51.26"),
    ("I have spinal stenosis.", "M48.00"),
    ("I was diagnosed with MS.", "G35.D"),
    ("My wife has ALS.", "G12.21"),
    ("My dad has Parkinson's.", "G20.A1"),
    ("They found a brain aneurism.", "I67.1"),
    ("I have epilepsy.", "G40.909"),
    ("I suffer from migraines.", "G43.909"),
    ("The doctor says it's a pinched nerve.", "M54.10"),
    ("I have terrible sciatica.", "M54.30"),
    ("I have a torn ACL.", "S83.519A"),
    ("I have a torn meniscus in my left knee.", "S83.209A"),
    ("I have a rotator cuff tear.", "M75.100"),
    ("I have hip arthritis and they want to replace it.", "M16.9"),
    ("My daughter has scoliosis.", "M41.9"),
    ("I have Crohn's.", "K50.90"),
    ("I was diagnosed with UC in 2015.", "K51.90"),
    ("I have GERD.", "K21.9"),
    ("They say I have fatty liver.", "K76.0"),
    ("I keep getting kidney stones.", "N20.0"),
    ("I have an enlarged prostate.", "N40.0"),
    ("I have BPH.", "N40.0"),
    ("I have diabetis.", "E11.9"),
    ("I have type 2 diabetes.", "E11.9"),
    ("My son has type 1 diabetes.", "E10.9"),
    ("I have hypothyroidism.", "E03.9"),
    ("They found a thyroid nodule.", "E04.1"),
    ("I have Graves disease.", "E05.00"),
    ("I have lupus.", "M32.9"),
    ("I have RA.", "M06.9"),
    ("I have gout in my toe.", "M10.9"),
    ("I have CKD stage 3.", "N18.30"),
    ("He is in kidney failure.", "N19"),
    ("I have COPD.", "J44.9"),
    ("They found a lung nodule on my CT.", "R91.1"),
    ("I have sarcoidosis.", "D86.9"),
    ("I have pulmonary fibrosis.", "J84.10"),
    ("I have anemia.", "D64.9"),
    ("My son has sickle cell.", "D57.1"),
    ("I have ITP.", "D69.3"),
    ("I have hemochromatosis.", "E83.119"),
    ("I have endometriosis.", "N80.9"),
    ("I have fibroids.", "D25.9"),
    ("I have PCOS.", "E28.2"),
    ("I have high blood pressure.", "I10"),
    ("I have coeliac disease.", "K90.0"),
    ("My mother has leukaemia.", "C95.90"),
    ("I was diagnosed with cancer of the pancreas.", "C25.9"),
    ("I have kidney cancer.", "C64.9"),
    ("They found cancer in my left kidney.", "C64.2"),
    ("I have cancer in my left breast.", "C50.912"),
    ("She has vaginal cancer.", "C52"),
    ("He was diagnosed with duodenal cancer.", "C17.0"),
    ("They found cancer of my left ovary.", "C56.2"),
    ("I have a small bowel obstruction.", "K56.609"),
]


@pytest.mark.parametrize(("text", "code"), LAY_TERMS)
def test_lay_terms_in_running_text(text: str, code: str) -> None:
    assert code in _codes(text)


# --- abbreviations: case-aware ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("I was diagnosed with MS in 2019.", "G35.D"),
        ("My son has ALL.", "C91.00"),
        ("He has CLL.", "C91.10"),
        ("I have RA in my hands.", "M06.9"),
        ("She has SLE.", "M32.9"),
        ("I have UC.", "K51.90"),
        ("My dad had a TIA.", "G45.9"),
        ("I have IBS.", "K58.9"),
        ("i was diagnosed with ms last year", "G35.D"),
        ("my cll is back", "C91.10"),
        ("my ra is flaring again", "M06.9"),
        ("My daughter has CF.", "E84.9"),
        ("I have RLS and cannot sleep.", "G25.81"),
        ("He was diagnosed with SCA2.", "G11.9"),
        ("My uncle has EDS.", "Q79.60"),
        ("I have had IDDM since I was a child.", "E10.9"),
        ("Is SIBO treated with antibiotics?", "K63.8219"),
    ],
)
def test_abbreviations_in_context(text: str, code: str) -> None:
    assert code in _codes(text)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Our son has AML Cancer and started chemo.", "C92.00"),
        ("my dad has MS Im looking for a neurologist", "G35.D"),
        ("She was told she has CLL Disease stage 0.", "C91.10"),
    ],
)
def test_an_abbreviation_before_a_capitalised_word_that_is_not_a_name(text: str, code: str) -> None:
    assert code in _codes(text)


@pytest.mark.parametrize("text", ["We drove past the CF Foundation.", "He studied at UC Berkeley."])
def test_an_abbreviation_inside_a_name_is_not_a_condition(text: str) -> None:
    assert find_diagnoses(text) == []


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("What causes insulin-dependent diabetes in children?", "E10.9"),
        ("My father has non-insulin-dependent diabetes.", "E11.9"),
        ("Our boy has rickets.", "E55.0"),
        ("Does folliculitis go away on its own?", "L73.9"),
        ("I was told I have Machado-Joseph disease.", "G11.9"),
        ("Since the birth I have incontinence when I cough.", "R32"),
        ("What cream works for a fungal infection?", "B49"),
        ("My toenail fungus keeps coming back.", "B35.1"),
        ("The nursery says our son has lice.", "B85.2"),
        ("My cardiologist is not sure why I have syncope.", "R55"),
        ("She passed out at work twice this month.", "R55"),
        ("The lab found protein in urine again.", "R80.9"),
        ("He has had a hoarse voice for two months.", "R49.0"),
        ("My mother has trouble swallowing since the stroke.", "R13.10"),
        ("Is lockjaw still a risk after a rusty nail?", "A35"),
        ("The MRI shows a torn labrum in my hip.", "S73.199A"),
        ("My surgeon found a SLAP tear in my right shoulder.", "S43.439A"),
        ("Our daughter has a torn MCL from soccer.", "S83.419A"),
        ("The scan says my liver is enlarged.", "R16.0"),
        ("The cardiologist told us his heart muscle is weak.", "I42.9"),
    ],
)
def test_everyday_names_the_code_titles_do_not_give(text: str, code: str) -> None:
    assert code in _codes(text)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("I broke my collarbone in May.", "S42.009A"),
        ("My mother fractured her hip last week.", "S72.009A"),
        ("He tore his achilles tendon playing tennis.", "S86.019A"),
        ("I have a fractured nose from a fall.", "S02.2XXA"),
    ],
)
def test_an_injury_told_in_the_past_tense(text: str, code: str) -> None:
    assert code in _codes(text)


def test_broke_about_money_is_no_injury() -> None:
    assert find_diagnoses("I'm broke and the hospital wants a deposit.") == []


def test_skin_that_has_broken_out_is_no_fracture() -> None:
    assert not [c for c in _codes("My hands have broken out since I changed soap.") if c.startswith("S")]
    assert "L50.9" in _codes("I broke out in hives after the shot.")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("My son has Alport's disease.", "Q87.81"),
        ("my son has Alports Disease", "Q87.81"),
        ("She was born with Marfan disease.", "Q87.40"),
        ("He has Tourette's disease.", "F95.2"),
        ("I have Crohn's syndrome.", "K50.90"),
    ],
)
def test_an_eponym_with_disease_and_syndrome_swapped(text: str, code: str) -> None:
    assert code in _codes(text)


@pytest.mark.parametrize(
    ("text", "code", "not_code"),
    [
        # "PsA" is psoriatic arthritis; "PSA", in capitals, is the prostate blood test.
        ("I was diagnosed with PsA last year.", "L40.50", None),
        ("My PSA is rising after my prostate surgery.", "R97.20", "L40.50"),
        ("i was diagnosed with psa last year", "L40.50", None),
    ],
)
def test_a_mixed_case_abbreviation_written_in_capitals_is_another_abbreviation(
    text: str, code: str, not_code: str | None
) -> None:
    codes = _codes(text)
    assert code in codes
    assert not_code not in codes


@pytest.mark.parametrize(
    "text",
    [
        "The reaction time was 5 ms.",
        "Please send it to Ms. Jones.",
        "I have read all the leaflets.",
        "I have all the records.",
        "I had 5 ms of delay.",
        "Thank you all for your help.",
        "I take 500 MG of tylenol.",
        "We live near UC Davis.",
        "I had to cancel my appointment.",
        "I want a second opinion please.",
        "Ra was the sun god.",
        "My pots and pans are old.",
        "Mr Wilson from the clinic called me.",
        "Dr Marfan is my surgeon.",
        "He was a cheerful lad of nine.",
        "They used a blue dye for the scan.",
    ],
)
def test_ordinary_words_are_not_conditions(text: str) -> None:
    assert find_diagnoses(text) == []


# --- misspellings -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("I have prostrate cancer.", "C61"),
        ("They found a brain aneurism.", "I67.1"),
        ("I have diabetis.", "E11.9"),
        ("My sister has lukemia.", "C95.90"),
        ("My grandfather has alzhimers.", "G30.9"),
        ("I have leukimia.", "C95.90"),
        ("I have rheumatoid arthritus.", "M06.9"),
        ("I was diagnosed with multiple sclerosys.", "G35.D"),
        ("My mom has Alzeimers disease.", "G30.9"),
        ("She has lymphona.", "C85.90"),
        ("He has an enlarged prostrate.", "N40.0"),
        ("I was diagnosed with hypothyroidsm.", "E03.9"),
        ("My wife has leukima.", "C95.90"),
        ("I have arthritus.", "M19.90"),
        ("My son has excema.", "L30.9"),
        ("I have Chrons disease.", "K50.90"),
        ("They found an aortic aneurism.", "I71.9"),
    ],
)
def test_misspellings(text: str, code: str) -> None:
    assert code in _codes(text)


# --- rare diseases named exactly ---------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "code"),
    [
        ("Erdheim-Chester disease", "E88.89"),
        ("Frontal fibrosing alopecia", "L66.12"),
        ("hereditary angioedema", "D84.1"),
        ("Castleman disease", "D47.Z2"),
        ("hemophagocytic lymphohistiocytosis", "D76.1"),
        ("Takayasu arteritis", "M31.4"),
        ("lymphangioleiomyomatosis", "J84.81"),
        ("Stiff person syndrome", "G25.82"),
        ("Moyamoya disease", "I67.5"),
        ("Hand-Schüller-Christian disease", "C96.5"),
        ("Niemann-Pick disease type C", "E75.242"),
        ("Wolff-Parkinson-White syndrome", "I45.6"),
        ("Marfan", "Q87.40"),
        ("Wilson's", "E83.01"),
        ("FFA", "L66.12"),
        ("LAD-I", "D71.1"),
    ],
)
def test_rare_diseases_named_exactly(answer: str, code: str) -> None:
    match = normalise_diagnosis(answer)
    assert match is not None and match.code == code


def test_rare_disease_routing_override() -> None:
    match = normalise_diagnosis("Erdheim-Chester disease")
    assert match is not None and match.specialty == "hematology"


# --- several conditions: the one to review -----------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (
            "I had a heart attack in 2019 and now I've been diagnosed with aortic stenosis; "
            "they want to replace the valve.",
            "I35.0",
        ),
        ("I have diabetes and high blood pressure, but I want a second opinion on my lymphoma.", "C85.90"),
        ("I'm a breast cancer survivor, and now they found a nodule in my thyroid. I have a thyroid nodule.", "E04.1"),
        ("I've had back pain for years and the MRI showed a herniated disc. Surgeon recommends fusion.", "M51.26"),
        ("My knee hurts. They say I have a torn meniscus and want to operate.", "S83.209A"),
        ("I have headaches and they found a meningioma.", "D32.9"),
        ("No sign of cancer in my lymph nodes, but the lung nodule is growing.", "R91.1"),
        ("History of prostate cancer, now diagnosed with bladder cancer.", "C67.9"),
        ("They ruled out MS and think it is migraine.", "G43.909"),
        ("I have fatigue and was diagnosed with multiple myeloma.", "C90.00"),
        ("My mother, who has Alzheimer's, was just diagnosed with breast cancer.", "C50.919"),
        ("I have GERD, and my main question is about my Crohn's disease treatment.", "K50.90"),
        ("Hearing loss due to Alport syndrome: will it get worse?", "Q87.81"),
        ("My son has kidney failure caused by lupus.", "M32.9"),
        ("Vomiting blood clots this morning.", "K92.0"),
    ],
)
def test_main_diagnosis_among_several(text: str, code: str) -> None:
    main = main_diagnosis(text)
    assert main is not None and main.code == code


@pytest.mark.parametrize(
    "text",
    [
        "There was no sign of cancer in the nodes.",
        "They ruled out MS.",
        "I had a heart attack in 2019.",
        "I am a breast cancer survivor.",
        "Hello, I would like to book a review.",
    ],
)
def test_no_main_diagnosis_when_only_negated_or_past(text: str) -> None:
    assert main_diagnosis(text) is None


# --- suspected vs confirmed ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "They think it might be lymphoma.",
        "It is possible that I have MS.",
        "Suspected pancreatic cancer, waiting for biopsy results.",
        "My doctor wants to rule out lymphoma.",
        "They are testing me for lupus.",
        "Could it be leukemia?",
        "I have a mass in my pancreas and they suspect pancreatic cancer.",
        "The radiologist said it looks like a meningioma.",
        "There is concern for melanoma.",
        "I'm waiting for the biopsy results to see if it is breast cancer.",
    ],
)
def test_suspected(text: str) -> None:
    main = main_diagnosis(text)
    assert main is not None and main.confirmed is False and not main.negated


@pytest.mark.parametrize(
    "text",
    [
        "I was diagnosed with breast cancer in March.",
        "The biopsy showed lymphoma.",
        "I have been diagnosed with Parkinson's disease.",
        "I have MS.",
        "I want a second opinion on my glioblastoma.",
        "I'm being treated for CLL.",
        "I live with lupus.",
    ],
)
def test_confirmed(text: str) -> None:
    main = main_diagnosis(text)
    assert main is not None and main.confirmed is True


def test_unclear_certainty_is_none() -> None:
    match = _only("What is the best treatment for lymphoma?")
    assert match.confirmed is None


# --- negation ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "There was no sign of cancer in the nodes.",
        "They ruled out MS.",
        "MS was ruled out last year.",
        "The scan showed no evidence of lymphoma.",
        "I don't have diabetes.",
        "It is not cancer.",
        "The biopsy was negative for melanoma.",
        "I have never had a stroke.",
    ],
)
def test_negated(text: str) -> None:
    assert find_diagnoses(text) and all(m.negated for m in find_diagnoses(text))


@pytest.mark.parametrize(
    "text",
    [
        "I don't know if my lymphoma is curable.",
        "I'm not sure what stage my breast cancer is.",
        "There is no cure for my ALS.",
        "I do not want surgery for my herniated disc.",
        "My MS is not responding to treatment.",
    ],
)
def test_not_negated_in_conversational_phrases(text: str) -> None:
    assert find_diagnoses(text) and not any(m.negated for m in find_diagnoses(text))


# --- history vs current ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "I had a heart attack in 2019.",
        "I have a history of breast cancer.",
        "I'm a breast cancer survivor.",
        "My lymphoma is in remission.",
        "I had kidney stones years ago.",
        "Previous stroke in 2015.",
    ],
)
def test_historical(text: str) -> None:
    assert all(m.historical for m in find_diagnoses(text))


@pytest.mark.parametrize(
    "text",
    [
        "I was diagnosed with MS in 2019.",
        "I had breast cancer ten years ago and now it has come back.",
        "I have lymphoma.",
        "I had a biopsy that showed lymphoma.",
    ],
)
def test_current(text: str) -> None:
    main = main_diagnosis(text)
    assert main is not None and not main.historical


# --- normalise the answer to "What is the diagnosis?" ---------------------------------------


@pytest.mark.parametrize(
    ("answer", "code"),
    [
        ("breast cancer", "C50.919"),
        ("Breast cancer, stage 2", "C50.919"),
        ("a slipped disk in my lower back", "M51.26"),
        ("prostrate cancer", "C61"),
        ("lukemia", "C95.90"),
        ("MS", "G35.D"),
        ("ms", "G35.D"),
        ("ALL", "C91.00"),
        ("Non-Hodgkin's lymphoma", "C85.90"),
        ("heart problems", "I51.9"),
        ("cancer of the tongue", "C02.9"),
        ("carcinoma of the left kidney", "C64.2"),
        ("adenocarcinoma of the pancreas", "C25.9"),
        ("Malignant neoplasm of the female breast", "C50.919"),
        ("they think it's lymphoma", "C85.90"),
        ("Osteoarthritis of the knee", "M17.9"),
        # Near-misses of another code's words: IgA nephropathy is not Buerger's disease,
        # CIDP is not Lyme polyneuropathy.
        ("Berger's disease", "N02.8"),
        ("chronic inflammatory demyelinating polyneuropathy", "G61.81"),
        ("Lambert-Eaton syndrome", "G70.80"),
        ("valley fever", "B38.9"),
        # ... IgA vasculitis is not IgA deficiency, anti-GBM disease not glioblastoma (GBM),
        # Parsonage-Turner syndrome not Turner syndrome.
        ("IgA vasculitis", "D69.0"),
        ("anti-GBM disease", "M31.0"),
        ("Parsonage-Turner syndrome", "G54.5"),
        ("vocal cord paralysis", "J38.00"),
        # ... May-Thurner is not Turner, Swyer syndrome not Swyer-James syndrome, superior
        # mesenteric artery syndrome not an injury of that artery, a molar pregnancy not a
        # blighted ovum.
        ("May-Thurner syndrome", "I87.1"),
        ("Swyer syndrome", "Q99.1"),
        ("superior mesenteric artery syndrome", "K31.5"),
        ("molar pregnancy", "O01.9"),
        # Everyday names and misspellings from the checked lists.
        ("water infection", "N39.0"),
        ("hardening of the arteries", "I70.90"),
        ("hemroids", "K64.9"),
        ("congestive hart failure", "I50.9"),
    ],
)
def test_normalise_answer(answer: str, code: str) -> None:
    match = normalise_diagnosis(answer)
    assert match is not None and match.code == code


@pytest.mark.parametrize("answer", ["", "   ", "I don't know", "not sure", "prostate", "my knee", "nothing yet"])
def test_normalise_non_answers(answer: str) -> None:
    assert normalise_diagnosis(answer) is None


def test_normalise_keeps_certainty() -> None:
    match = normalise_diagnosis("they think it's lymphoma")
    assert match is not None and match.confirmed is False


def test_match_fields_and_offsets() -> None:
    text = "Last year I was diagnosed with AFib."
    match = _only(text)
    assert text[match.start : match.end] == match.text == "AFib"
    assert (match.code, match.specialty, match.confirmed, match.negated, match.historical) == (
        "I48.91",
        "cardiology",
        True,
        False,
        False,
    )
    assert match.display == "Unspecified atrial fibrillation"
    assert 0.0 < match.score <= 1.0
    with pytest.raises(dataclasses.FrozenInstanceError):
        match.code = "X"  # type: ignore[misc]


def test_mentions_come_in_text_order() -> None:
    found = find_diagnoses("I have COPD, heart failure and kidney stones.")
    assert [m.code for m in found] == ["J44.9", "I50.9", "N20.0"]
    assert [m.start for m in found] == sorted(m.start for m in found)


# --- whole messages as patients and caregivers write them ------------------------------------


@pytest.mark.parametrize(
    ("text", "code", "specialty", "confirmed"),
    [
        (
            "My 45 year old husband was just told he has stage 3 colon cancer. They want to do surgery "
            "then chemo. We want another opinion before we start.",
            "C18.9",
            "oncology",
            True,
        ),
        (
            "I've had lower back pain for 2 years. MRI shows L5-S1 disc herniation and the neurosurgeon "
            "wants to do a fusion. Is that really necessary?",
            "M51.26",
            "neurosurgery",
            True,
        ),
        (
            "Mom (78) has Alzheimer's and now they found a 3cm aortic aneurysm. Is surgery worth the risk?",
            "I71.9",
            "cardiology",
            True,
        ),
        ("Got diagnosed with T2D, A1c was 9. Doc wants me on insulin right away.", "E11.9", "endocrinology", True),
        (
            "They found a 2 cm mass on my left kidney, probably renal cell carcinoma, and recommend "
            "removing the whole kidney.",
            "C64.9",
            "oncology",
            False,
        ),
        (
            "Diagnosed with relapsing remitting MS in 2021; my neurologist wants to switch treatment.",
            "G35.A",
            "neurology",
            True,
        ),
        (
            "I had a heart attack 3 weeks ago and got 2 stents. Is it normal to still have chest pain?",
            "I21.9",
            "cardiology",
            True,
        ),
        (
            "PSA went up to 8, biopsy showed Gleason 7 prostate cancer. Surgery or radiation?",
            "C61",
            "oncology",
            True,
        ),
        ("I was told I have a meningioma and they want to operate.", "D32.9", "neurosurgery", True),
        ("Diagnosed with CLL, watch and wait. Is that right?", "C91.10", "oncology", True),
        (
            "My son was born with a hole in his heart and the cardiologist says he needs surgery.",
            "Q21.10",
            "cardiology",
            True,
        ),
        (
            "I have had Crohn's for 10 years and now they want to remove part of my bowel.",
            "K50.90",
            "gastroenterology",
            True,
        ),
    ],
)
def test_whole_messages(text: str, code: str, specialty: str, confirmed: bool) -> None:
    main = main_diagnosis(text)
    assert main is not None
    assert (main.code, main.specialty, main.confirmed) == (code, specialty, confirmed)


@pytest.mark.parametrize(
    ("text", "mention"),
    [
        ("<b>lupus</b>", "lupus"),
        ("I\u2019ve got Crohn\u2019s", "Crohn\u2019s"),
        ("\U0001F600 I have MS \U0001F600", "MS"),
        ("CANCER!!!", "CANCER"),
    ],
)
def test_odd_input_keeps_exact_offsets(text: str, mention: str) -> None:
    (match,) = find_diagnoses(text)
    assert match.text == mention == text[match.start : match.end]


def test_long_message() -> None:
    text = " ".join(["I was diagnosed with breast cancer and they think it might be MS."] * 50)
    found = find_diagnoses(text)
    assert len(found) == 100
    assert main_diagnosis(text) is not None


# --- a body part alone is not a diagnosis ------------------------------------------------


@pytest.mark.parametrize(
    "answer",
    ["second opinion on my back", "I would like a second opinion on my upper back", "my left arm and wrist"],
)
def test_a_body_part_alone_gives_no_diagnosis(answer: str) -> None:
    assert normalise_diagnosis(answer) is None


# --- a generic or default-site code takes the body part the message names --------------


@pytest.mark.parametrize(
    ("text", "prefix"),
    [
        ("I have osteoarthritis in both knees and they suggest a replacement.", "M17"),
        ("Arthritis in both knees, is surgery the only way?", "M17"),
        ("I have a bulging disc in my neck and the surgeon recommends fusion.", "M50"),
        ("Slipped disc in my lower back.", "M51"),
        ("My dad has cancer. It started in his colon and spread to the liver.", "C18"),
        ("I was diagnosed with cancer and they want to remove part of my lung.", "C34"),
    ],
)
def test_condition_takes_the_named_site(text: str, prefix: str) -> None:
    main = main_diagnosis(text)
    assert main is not None and main.code.startswith(prefix), main


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("My mother has cancer.", "C80.1"),
        ("I have breast cancer and my hands shake.", "C50.919"),
        ("I have cancer; my doctor says my hands are fine.", "C80.1"),
    ],
)
def test_specific_codes_and_unrelated_sites_are_kept(text: str, code: str) -> None:
    main = main_diagnosis(text)
    assert main is not None and main.code == code, main


# --- the condition asked about, not the background ----------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("My son has autism and epilepsy. Can epilepsy be cured?", "G40.909"),
        ("I suffer from depression and now they found a lump in my breast.", "N63.0"),
        ("Information about scleroderma please, my sister has it and also has high cholesterol.", "M34.9"),
        ("I have sleep apnea. I want to know more about atrial fibrillation, diagnosed last month.", "I48.91"),
        ("I have high blood pressure and need information on glaucoma.", "H40.9"),
        ("My wife has asthma. Is there a cure for gout?", "M10.9"),
    ],
)
def test_the_condition_asked_about_wins(text: str, code: str) -> None:
    main = main_diagnosis(text)
    assert main is not None and main.code == code, main


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # Nothing else tells them apart: a longer name does not outweigh being named first.
        ("I have migraines and irritable bowel syndrome.", "G43.909"),
        ("I have psoriasis and rheumatoid arthritis.", "L40.9"),
        ("I have endometriosis and polycystic ovary syndrome, will I be able to get pregnant?", "N80.9"),
        # A cue still outweighs the order.
        ("I have glaucoma and my eye doctor found cataracts. What treatment is best?", "H26.9"),
    ],
)
def test_among_equals_the_condition_named_first_wins(text: str, code: str) -> None:
    main = main_diagnosis(text)
    assert main is not None and main.code == code, main


# --- a best-effort guess when no term matches ---------------------------------------------


def test_guess_from_a_clause_that_overlaps_a_title() -> None:
    text = "Hello, the clinic said it was lipomatous benign neoplasm, what can be done about it these days"
    guess = guess_diagnosis(text)
    assert guess is not None and guess.code == "D17.9" and guess.score < 1.0
    assert text[guess.start : guess.end] == guess.text


@pytest.mark.parametrize(
    "text",
    [
        "They suggested a bone marrow transplant and radical surgery after the chemo.",
        "It is stage 2, grade 3, and my appointment is on 10/19/2026.",
        "I would like a second opinion on my lower back and my left shoulder.",
    ],
)
def test_no_guess_from_sites_stages_or_procedures(text: str) -> None:
    assert guess_diagnosis(text) is None


# --- symptoms and untold injuries give way to the disease -------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("I have shingles and now there are blisters on my ear, is that normal?", "B02.9"),
        ("I have severe pain in my right knee joint and bursitis.", "M71.9"),
        ("My joint pain and gout keep getting worse.", "M10.9"),
    ],
)
def test_symptoms_and_untold_injuries_give_way(text: str, code: str) -> None:
    main = main_diagnosis(text)
    assert main is not None and main.code == code, main


def test_a_told_injury_still_counts() -> None:
    main = main_diagnosis("I fell off my bike and now have a broken wrist.")
    assert main is not None and main.code.startswith("S62")


# --- a generic mention made specific by the rest of the message -------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("My son is 12 and type 1. His diabetes is getting hard to control.", "E10.9"),
        ("My son is type one, diabetic since age 5.", "E10.9"),
        ("I have diabetes, type 2, and my feet are numb.", "E11.9"),
        ("Cancer. The doctors said leukemia, AML.", "C92.00"),
        ("She has cancer. The oncologist says it is a melanoma.", "C43.9"),
    ],
)
def test_the_rest_of_the_message_sharpens_a_generic_mention(text: str, code: str) -> None:
    main = main_diagnosis(text)
    assert main is not None and main.code == code, main


def test_two_types_named_leave_the_mention_alone() -> None:
    found = {m.text: m.code for m in find_diagnoses("Dad has type 2 and I have type 1 diabetes... and grandma diabetes.")}
    assert found["type 1 diabetes"] == "E10.9" and found["diabetes"] == "E11.9"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Cancer that spread to the liver.", "C80.1"),
        ("She has cancer with mets in the bones, it began in the breast.", "C50.919"),
        ("He has adenocarcinoma, what now?", "C80.1"),
    ],
)
def test_a_site_the_cancer_spread_to_is_not_its_site(text: str, code: str) -> None:
    main = main_diagnosis(text)
    assert main is not None and main.code == code, main


def test_an_external_cause_is_never_the_main_diagnosis() -> None:
    text = "Overexertion from prolonged standing at work."
    assert any(is_external_cause(m) for m in find_diagnoses(text))
    assert main_diagnosis(text) is None


@pytest.mark.parametrize(
    ("text", "prefix"),
    [
        ("I have a disc problem in my neck and the surgeon recommends fusion.", "M50"),
        ("Disc disease in my lower back, they want to operate.", "M51"),
    ],
)
def test_a_disc_problem_takes_its_spine_level(text: str, prefix: str) -> None:
    main = main_diagnosis(text)
    assert main is not None and main.code.startswith(prefix), main


@pytest.mark.parametrize(
    ("text", "code", "specialty"),
    [
        ("I have hives every morning.", "L50.9", "other"),
        ("My son has mono and is very tired.", "B27.90", "other"),
        ("I have a staph infection that keeps coming back.", "A49.01", "other"),
        ("I got whiplash in a car accident.", "S13.4XXA", "orthopedics"),
        ("I have an abscess on my leg.", "L02.91", "other"),
    ],
)
def test_everyday_names_of_common_conditions(text: str, code: str, specialty: str) -> None:
    main = main_diagnosis(text)
    assert main is not None and (main.code, main.specialty) == (code, specialty), main


# --- a condition named in words the code set lacks ----------------------------------------


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("Our daughter was just told she has Quorvath-Blenkin syndrome, where do we start?", "Quorvath-Blenkin syndrome"),
        ("The dermatologist removed a small trichoblastoma from my nose last week.", "trichoblastoma"),
        # A capitalised name that is also an English word, or an acronym in capitals.
        ("The geneticist says our son has Coffin-Siris syndrome. What does it mean for him?", "Coffin-Siris"),
        ("My doctor thinks I may have Wolfram syndrome because of my eyes and my diabetes.", "Wolfram"),
        ("She was born with CHARGE syndrome and has had many operations.", "CHARGE"),
        ("Our baby was diagnosed with VACTERL association after birth, what happens next?", "VACTERL"),
        # What the patient says the diagnosis was called, and a syndrome named in ordinary words.
        ("They diagnosed me with zqx and it is getting worse.", "zqx"),
        ("Genetic testing diagnosed him with a KMT2D variant.", "KMT2D variant"),
        ("The doctors say her condition is known as Brannock Vell Atrophy.", "Brannock Vell Atrophy"),
        ("My daughter has tangled nail syndrome, is it treatable?", "tangled nail syndrome"),
    ],
)
def test_a_condition_named_outside_the_code_set_is_kept_without_a_code(text: str, named: str) -> None:
    match = named_condition(text)
    assert match is not None and match.text.startswith(named.split()[0]), match
    assert (match.code, match.specialty) == ("", "other")


@pytest.mark.parametrize(
    "text",
    [
        "I live in Oklahoma and my doctor is at the big hospital there.",
        "My brother has a nice diploma from college.",
        "Rare disease clinics are far from where we live, can you help us find one nearby?",
        "I want to know more about my Mom's disease and what the doctors are planning next week.",
        "We have been told it is a Rare Disease and nobody seems to know much about it at all.",
        "I was diagnosed with Stage 3 last year and want to know the options.",
        "He was diagnosed with something rare and nobody can tell us more.",
        "My son has a rare syndrome and nobody knows what to do.",
    ],
)
def test_places_and_everyday_words_are_not_named_conditions(text: str) -> None:
    assert named_condition(text) is None


# --- the mention as written -------------------------------------------------------------


@pytest.mark.parametrize(("text", "mention"), [
    ("I have a-fib and want to know if I need ablation", "a-fib"),
    ("they say it's A-Fib", "A-Fib"),
    ("my t-cell lymphoma came back", "t-cell lymphoma"),
    ("after my check-up they found melanoma", "melanoma"),
])
def test_the_mention_is_the_whole_written_word(text: str, mention: str) -> None:
    """What the patient hears back ("I've noted a-fib") is what they wrote, not "fib"."""
    match = main_diagnosis(text)

    assert match is not None
    assert match.text == mention
    assert text[match.start:match.end] == mention


def test_a_pregnancy_symptom_does_not_outrank_the_condition_named_with_it() -> None:
    main = main_diagnosis("I was diagnosed with a meningioma while I had terrible morning sickness. Should I have surgery now?")
    assert main is not None and main.code == "D32.9"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("I have a lump in my neck. My uncle died of cancer.", "R22.1"),
        ("We lost my mother to breast cancer, and now I have a lump in my breast.", "N63.0"),
    ],
)
def test_what_a_relative_died_of_is_family_history_not_the_condition_to_review(text: str, code: str) -> None:
    main = main_diagnosis(text)
    assert main is not None and main.code == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("I have narrowing of the spine.", "M48.00"),
        ("He has a hole in his eardrum.", "H72.90"),
        ("There is a blockage in his bowel.", "K56.609"),
        ("My husband has prostate problems.", "N42.9"),
        ("My mom has liver problems.", "K76.9"),
        ("I have wear and tear arthritis in my hip.", "M16.9"),
        ("She has thin bones.", "M81.0"),
        ("My son has a squint.", "H50.9"),
        ("I have a fast heart rate.", "R00.0"),
        ("She was born with a heart defect.", "Q24.9"),
        ("My mother has bad circulation in her legs.", "I73.9"),
        ("He has a bleed on the brain.", "I61.9"),
        ("She has a leaking heart valve.", "I38"),
        ("He has a blocked carotid artery.", "I65.29"),
        ("I was told I have a prolapsed disc in my lower back.", "M51.26"),
    ],
)
def test_lay_words_for_clinical_ones(text: str, code: str) -> None:
    main = main_diagnosis(text)
    assert main is not None and main.code == code


@pytest.mark.parametrize("text", ["I have no problems with my heart.", "We had problems with the insurance."])
def test_a_problem_that_is_no_condition(text: str) -> None:
    assert main_diagnosis(text) is None


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("She had a subarachnoid hemorrhage from an aneurysm last week.", "I60.9"),
        ("He has an intracerebral bleed.", "I61.9"),
        ("My daughter was diagnosed with IIH.", "G93.2"),
        ("My son has Duchenne.", "G71.01"),
    ],
)
def test_brain_bleeds_named_without_nontraumatic_and_neurology_abbreviations(text: str, code: str) -> None:
    main = main_diagnosis(text)
    assert main is not None and main.code == code


def test_a_traumatic_bleed_stays_an_injury() -> None:
    main = main_diagnosis("He has a traumatic subarachnoid hemorrhage after a fall.")
    assert main is not None and main.code.startswith("S06.6")
