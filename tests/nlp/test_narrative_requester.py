"""Who is writing a narrative, from grammatical person and possessive kinship terms."""
from __future__ import annotations

import pytest

from bot.nlp.narrative_requester import requester


def _said(text: str, conditions: tuple[str, ...] = ()) -> tuple[object, object]:
    found = {fact.path: fact.value for fact in requester(text, conditions)}
    return found.get("requester.role"), found.get("requester.relationship")


@pytest.mark.parametrize(
    "text",
    [
        "My doctor says I have fibromyalgia.",
        "I have diabetes and my feet hurt.",
        "What is the treatment for gout? I have had it for years.",
        "I am a 45 year old female with chronic back pain.",
        "I'm 62 and have high blood pressure.",
        "I've been having migraines for years.",
        "I tore my rotator cuff and the surgeon wants to repair it",
        "Can I take ibuprofen with warfarin?",
        "My mother had breast cancer and I was just diagnosed with it too.",
        "My father died of colon cancer, should I get tested?",
    ],
)
def test_first_person_illness_makes_the_writer_the_patient(text: str) -> None:
    assert _said(text) == ("patient", None)


def test_a_recognised_condition_after_i_have_makes_the_writer_the_patient() -> None:
    assert _said("I have Ehlers-Danlos and want advice.", ("Ehlers-Danlos",)) == ("patient", None)


@pytest.mark.parametrize(
    ("text", "relationship"),
    [
        ("My doctor says my son has ADHD.", "parent"),
        ("my mother has Alzheimer's.", "child"),
        ("My 3-year-old has a fever that won't go away.", "parent"),
        ("My little girl has water on the brain", "parent"),
        ("I have a son with Down syndrome. What therapies help?", "parent"),
        ("my grandmother, who is 90, fell and broke her hip", "grandchild"),
        ("I'm worried about my dad who has COPD.", "child"),
        ("My mother had a stroke last week. Should I take her to a specialist?", "child"),
    ],
)
def test_a_relative_who_is_ill_makes_the_writer_a_caregiver(text: str, relationship: str) -> None:
    assert _said(text) == ("caregiver", relationship)


@pytest.mark.parametrize(
    "text",
    [
        "I have a question about diabetes.",
        "What are the side effects of metformin?",
        "Where can I find information on shingles?",
        "Does diabetes run in families?",
        "Please send me information about heart disease.",
    ],
)
def test_no_role_when_the_text_does_not_say_whose_illness_it_is(text: str) -> None:
    assert _said(text) == (None, None)


@pytest.mark.parametrize(
    "text",
    [
        "I had a hysterectomy two years ago and now have pain.",
        "I've been taking lisinopril for a year.",
        "Is it normal for me to feel dizzy after eating?",
        "I am a woman with endometriosis.",
        "I found a lump in my armpit.",
        "My vision has gotten blurry.",
        "My mother's side of the family has diabetes. Should I be tested?",
        "My father was diagnosed with colon cancer at 50. Should I get screened?",
    ],
)
def test_more_ways_of_speaking_about_ones_own_health(text: str) -> None:
    assert _said(text) == ("patient", None)


@pytest.mark.parametrize(
    ("text", "conditions"),
    [("A friend of mine has lupus.", ()), ("My son's teeth are turning grey.", ()),
     ("She has Ehlers-Danlos and needs help.", ("Ehlers-Danlos",)), ("What is her prognosis? Her oncologist says stage 4.", ())],
)
def test_more_ways_of_speaking_about_someone_elses_health(text: str, conditions: tuple[str, ...]) -> None:
    assert _said(text, conditions)[0] == "caregiver"


@pytest.mark.parametrize("text", ["I found information about lupus online.", "I had a question about statins."])
def test_first_person_without_an_illness_says_nothing(text: str) -> None:
    assert _said(text) == (None, None)


@pytest.mark.parametrize(
    "text",
    [
        "I am a breast cancer survivor and my scans show a new spot.",
        "I can't sleep more than two hours a night.",
        "I lost 20 pounds without trying.",
        "I was bitten by a tick last summer.",
        "I need surgery on my spine.",
        "My doctor gave me antibiotics.",
    ],
)
def test_first_person_experiences_of_illness(text: str) -> None:
    assert _said(text) == ("patient", None)


@pytest.mark.parametrize(
    "text",
    [
        "My father also has diabetes and sees a cardiologist.",
        "I took my son to the ER last night.",
        "Is this rash common in my 5 year old?",
        "The patient is my grandmother.",
        "My boy keeps coughing at night.",
    ],
)
def test_more_relatives_who_are_ill(text: str) -> None:
    assert _said(text)[0] == "caregiver"


def test_a_relative_who_speaks_about_the_writer_is_not_the_patient() -> None:
    assert _said("My husband thinks I should get a second opinion about my cancer.") == ("patient", None)
    assert _said("I talked to my husband about it.") == (None, None)


@pytest.mark.parametrize(
    ("text", "role"),
    [("Im 45 and have lupus", "patient"), ("Ive been having migraines", "patient"),
     ("I\u2019m a 30 year old woman", "patient"), ("i cant sleep at night", "patient"),
     ("My mom\u2019s doctor said she has MS", "caregiver"), ("my 6yo has a rash", "caregiver")],
)
def test_text_typed_without_apostrophes_or_with_curly_ones(text: str, role: str) -> None:
    assert _said(text)[0] == role


@pytest.mark.parametrize(
    ("text", "role"),
    [("my mom, who has dementia, keeps falling.", "caregiver"), ("The doctor put her on steroids.", "caregiver"),
     ("She was admitted last night.", "caregiver"), ("I am always tired and dizzy.", "patient"),
     ("I woke up with a stiff neck.", "patient"), ("I stopped taking metformin last month.", "patient"),
     ("I get tired of reading about it.", None)],
)
def test_how_someone_is_doing_tells_who_is_ill(text: str, role: str | None) -> None:
    assert _said(text)[0] == role


@pytest.mark.parametrize(
    ("text", "role"),
    [("My pinky hurts when I type.", "patient"), ("My scar is itchy.", "patient"), ("My son hurts all over.", "caregiver"),
     ("My baby vomits after every feed.", "caregiver")],
)
def test_what_hurts_and_whose_it_is(text: str, role: str) -> None:
    assert _said(text)[0] == role


@pytest.mark.parametrize(
    ("text", "conditions"),
    [
        ("What can I do about my eczema? Creams don't help.", ("eczema",)),
        ("Can my hypothyroidism cause hair loss?", ("hypothyroidism", "hair loss")),
        ("Will losing weight help my chronic migraines?", ("migraines",)),
        ("Recently diagnosed with Hashimoto's. What diet should I follow?", ("Hashimoto's",)),
        ("Had a knee replacement 6 weeks ago and still cannot bend it.", ()),
        ("Suffering from chronic fatigue for years, tested for everything.", ("chronic fatigue",)),
        ("How long will I be contagious with shingles?", ("shingles",)),
        ("I'm 29 weeks pregnant and have gestational diabetes.", ("gestational diabetes",)),
        ("Since being diagnosed with fibromyalgia, I have trouble sleeping.", ("fibromyalgia",)),
    ],
)
def test_the_writer_speaking_of_their_own_condition_is_the_patient(text: str, conditions: tuple[str, ...]) -> None:
    assert _said(text, conditions)[0] == "patient"


def test_a_condition_after_my_and_someone_else_is_not_the_writers() -> None:
    assert _said("My little one has asthma.", ("asthma",))[0] != "patient"
    assert _said("My question about lupus is simple.", ("lupus",)) == (None, None)


@pytest.mark.parametrize(
    "text",
    [
        "We have a 2 year old who was diagnosed with autism. Where can we get help?",
        "my daughter 16 yrs has scoliosis 40 degrees. do she need surgery",
        "He is 70 and was diagnosed with prostate cancer; the urologist wants surgery. I am his wife.",
        "My son (age 8) has been diagnosed with ADHD. Should he take medication?",
        "We have twins with cystic fibrosis. Is there a new drug?",
        "I have a friend whose son has spina bifida.",
        "Question about my nephew. Since last year he seems confused.",
        "Information needed for our little boy, thanks.",
    ],
)
def test_more_ways_of_writing_for_someone_else(text: str) -> None:
    assert _said(text)[0] == "caregiver"


def test_a_later_condition_after_my_still_counts_when_an_earlier_one_is_someone_elses() -> None:
    text = "My little one has asthma. And my eczema is back too."
    assert _said(text, ("asthma", "eczema"))[0] == "patient"


@pytest.mark.parametrize(
    ("text", "conditions"),
    [
        ("Can I drink alcohol while on methotrexate?", ()),
        ("Is it safe for me to fly after a blood clot?", ()),
        ("I'm scheduled for a knee replacement next month.", ()),
        ("I need a specialist for keratoconus.", ()),
        ("Should I worry about a PSA of 6?", ()),
        ("I am looking for a clinical trial for my stage 4 melanoma.", ("melanoma",)),
        ("Do you have information on Ehlers-Danlos syndrome? I have it.", ()),
    ],
)
def test_the_writers_own_treatment_worry_or_condition_makes_them_the_patient(
    text: str, conditions: tuple[str, ...]
) -> None:
    assert _said(text, conditions) == ("patient", None)


@pytest.mark.parametrize(
    "text",
    [
        "My son is scheduled for a tonsillectomy. Should I worry?",
        "I need a specialist for my daughter, she has scoliosis.",
        "My husband has Parkinson's. Can I travel with him while he is on levodopa?",
    ],
)
def test_the_same_words_about_a_relative_still_make_a_caregiver(text: str) -> None:
    assert _said(text)[0] == "caregiver"


@pytest.mark.parametrize(
    "text",
    [
        "I tested positive for hepatitis C last month.",
        "Since last year I have trouble walking.",
        "45 year old female, diagnosed with breast cancer in March.",
        "I'm a 29 year old with a rare condition.",
        "I carry the gene for cystic fibrosis. Will my children have it?",
        "I am a carrier of hemophilia.",
    ],
)
def test_self_descriptions_tests_and_carrier_status(text: str) -> None:
    assert _said(text) == ("patient", None)


@pytest.mark.parametrize(
    "text",
    [
        "I have trouble understanding the report.",
        "I had trouble finding a specialist near me.",
        "What does it mean to be a carrier?",
        "Does the gene carry a risk for children?",
    ],
)
def test_trouble_and_carriers_that_are_not_the_writers_health(text: str) -> None:
    assert _said(text) == (None, None)


def test_a_family_member_who_is_ill_makes_the_writer_a_caregiver() -> None:
    assert _said("A family member has been diagnosed with Huntington's.")[0] == "caregiver"
    assert _said("One of my relatives was diagnosed with ALS.")[0] == "caregiver"


@pytest.mark.parametrize(
    ("text", "conditions"),
    [
        ("Can I exercise with a herniated disc?", ("herniated disc",)),
        ("What diet should I follow with gout?", ("gout",)),
        ("I'm worried I might have diabetes.", ()),
        ("Hi, 34F here, just diagnosed with endometriosis.", ()),
        ("33 M, recently diagnosed with testicular cancer.", ()),
        ("Female, 52, with a new diagnosis of breast cancer.", ()),
    ],
)
def test_questions_about_living_with_it_and_forum_style_openers(text: str, conditions: tuple[str, ...]) -> None:
    assert _said(text, conditions)[0] == "patient"


@pytest.mark.parametrize(
    ("text", "conditions"),
    [
        ("How can I help my husband with depression?", ("depression",)),
        ("How do I care for a parent with Alzheimer's?", ("Alzheimer's",)),
        ("My youngest has type 1 diabetes.", ("type 1 diabetes",)),
        ("My ex-husband has schizophrenia.", ("schizophrenia",)),
    ],
)
def test_helping_or_caring_for_someone_with_it(text: str, conditions: tuple[str, ...]) -> None:
    assert _said(text, conditions)[0] == "caregiver"


def test_a_question_with_a_number_and_a_letter_later_on_is_not_an_opener() -> None:
    assert _said("What is stage 4 M cancer?") == (None, None)


@pytest.mark.parametrize(
    "text",
    [
        "The asthma that I came down with last winter will not go away.",
        "I was born with one kidney and now my blood pressure is high.",
        "im deaf in my left ear and the hearing aid does not help",
        "I am 30 yrs now and the pain started five years ago.",
        "I was detected with lupus in 2019 and take steroids.",
        "Can I skip my blood pressure pills on the day of surgery?",
        "I have to start using a steroid cream, is it safe in summer?",
        "I forgot to take my insulin this morning, what should I do?",
    ],
)
def test_the_writers_own_history_state_and_medicines(text: str) -> None:
    assert _said(text) == ("patient", None)


@pytest.mark.parametrize(
    ("text", "relationship"),
    [
        ("I had a daughter born with a hole in her heart.", "parent"),
        ("I need advice for my autistic son, he is 9.", "parent"),
        ("Is speech therapy useful for helping someone who had a stroke?", None),
        ("My aunt died last month from pancreatic cancer. Where can I read about it?", "relative"),
    ],
)
def test_a_relative_born_with_or_died_of_it_and_someone_being_helped(text: str, relationship: str | None) -> None:
    assert _said(text) == ("caregiver", relationship)


def test_a_relative_who_died_of_it_is_family_history_when_the_writer_asks_about_their_risk() -> None:
    assert _said("My uncle died of bowel cancer at 55. Should I be screened?") == ("patient", None)
