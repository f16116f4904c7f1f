"""detect_red_flag: every category, the ways patients say it, and what must not flag."""
from __future__ import annotations

import statistics
import time

import pytest

from bot.safety.detector import RedFlag, detect_red_flag, warm_up

KIND = {
    "cardiac": "medical_emergency",
    "breathing": "medical_emergency",
    "stroke": "medical_emergency",
    "bleeding": "medical_emergency",
    "unconscious": "medical_emergency",
    "seizure": "medical_emergency",
    "anaphylaxis": "medical_emergency",
    "overdose": "medical_emergency",
    "suicide": "mental_health_crisis",
    "self_harm": "mental_health_crisis",
    "harm_to_others": "harm_to_others",
    "child_danger": "child_safety",
}

EMERGENCIES = [
    ("cardiac", "I have crushing chest pain right now"),
    ("cardiac", "my chest feels tight and heavy"),
    ("cardiac", "i think im having a heart attack"),
    ("cardiac", "pressure in my chest going down my left arm"),
    ("breathing", "I can't breathe"),
    ("breathing", "struggling to breathe"),
    ("breathing", "he is choking on food"),
    ("breathing", "my lips are turning blue"),
    ("stroke", "the left side of my face is drooping"),
    ("stroke", "my right arm is weak and numb"),
    ("stroke", "his speech is slurred"),
    ("stroke", "she's suddenly confused"),
    ("stroke", "worst headache of my life"),
    ("bleeding", "the cut is bleeding heavily and won't stop"),
    ("bleeding", "I'm coughing up blood"),
    ("bleeding", "vomiting blood"),
    ("unconscious", "my husband passed out"),
    ("unconscious", "she's not responding"),
    ("unconscious", "I can't wake him"),
    ("seizure", "my son is having a seizure right now"),
    ("seizure", "she is seizing"),
    ("anaphylaxis", "my throat is closing after a bee sting"),
    ("anaphylaxis", "my tongue is swelling up after eating peanuts"),
    ("overdose", "I took too many pills"),
    ("overdose", "my toddler drank bleach"),
    ("suicide", "I want to die"),
    ("suicide", "I don't want to live anymore"),
    ("suicide", "I'm going to kill myself"),
    ("suicide", "I'm going to end it all"),
    ("suicide", "there's no reason to live"),
    ("suicide", "I plan to take all my pills tonight"),
    ("self_harm", "I've been cutting myself"),
    ("self_harm", "I keep hurting myself"),
    ("harm_to_others", "I'm going to hurt someone"),
    ("harm_to_others", "I'm going to kill my neighbor"),
    ("child_danger", "my child is being abused"),
    ("child_danger", "my baby is not breathing"),
    ("child_danger", "my kid is in danger"),
]

MISSPELLED_OR_SMS = [
    ("breathing", "cant breath"),
    ("cardiac", "chest pian"),
    ("suicide", "im suicidel"),
    ("stroke", "i think im having a stroek"),
    ("cardiac", "CHEST PAIN RIGHT NOW HELP"),
    ("suicide", "i wanna die"),
    ("suicide", "kms"),
    ("breathing", "cnt brethe pls help"),
    ("seizure", "my son is having a siezure"),
    ("cardiac", "my chesst hurts so bad"),
]

INSIDE_INTAKE = [
    ("bleeding", "After my last chemo I started bleeding and it will not stop"),
    ("cardiac", "my birthday is 3/4/61 and btw my chest is really tight right now"),
    ("breathing", "Insurance: Aetna, member 1234. Also I'm struggling to breathe."),
    ("suicide", "The second opinion is about my hip. Honestly I don't want to live anymore."),
    ("stroke", "My email is a@b.com. My dad's face is drooping on one side"),
]

NOT_RED_FLAGS = [
    # negation
    "no chest pain",
    "denies shortness of breath",
    "I'm not suicidal",
    "never had seizures",
    "No chest pain, no fever, no trouble breathing",
    "I don't want to die, I want to fight this cancer",
    # history
    "I had a heart attack in 2019",
    "my father died of a stroke",
    "I tried to kill myself when I was 16, I'm doing well now",
    "my seizures are controlled",
    # hypothetical / informational
    "what are the signs of a stroke?",
    "would chest pain be a side effect?",
    "What should I do if my throat starts swelling?",
    "I'm worried I will bleed profusely during the surgery",
    # past and habitual bleeding, the reason for a second opinion on surgery
    "After my last two operations I bled profusely.",
    "I've bled heavily after every tooth extraction",
    # idioms and jokes
    "the surgery might kill me financially",
    "this form is killing me",
    "the bill is killing me",
    "I'm dying to know",
    "I could kill for a coffee",
    "my brother is going to kill me when he sees this lol",
    # ordinary intake answers about chest, heart, blood, breath
    "chest X-ray",
    "chest wall pain from costochondritis",
    "breast cancer in my chest",
    "I take blood thinners",
    "my blood pressure is 130/80",
    "I'd like a second opinion on my heart valve",
    "I use an inhaler twice a day",
    "I'm cooking dinner",
]


@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    warm_up()


@pytest.mark.parametrize("category,text", EMERGENCIES + MISSPELLED_OR_SMS + INSIDE_INTAKE)
def test_flags_current_emergencies_with_their_category(category: str, text: str) -> None:
    flag = detect_red_flag(text)
    assert flag is not None, text
    assert flag.category == category
    assert flag.kind == KIND[category]


def test_every_category_is_covered() -> None:
    assert {c for c, _ in EMERGENCIES} == set(KIND)


@pytest.mark.parametrize("text", NOT_RED_FLAGS)
def test_does_not_flag_negated_historical_hypothetical_or_idiomatic_mentions(text: str) -> None:
    assert detect_red_flag(text) is None, detect_red_flag(text)


def test_flag_points_at_the_words_the_patient_wrote() -> None:
    text = "Hi. My chest is really TIGHT right now"
    flag = detect_red_flag(text)
    assert isinstance(flag, RedFlag)
    assert text[flag.start : flag.end] == flag.matched_text
    assert "chest" in flag.matched_text.lower()


def test_contractions_keep_original_offsets() -> None:
    text = "I can't breathe"
    flag = detect_red_flag(text)
    assert flag is not None and flag.matched_text == "can't breathe"


@pytest.mark.parametrize("text", ["", "   ", "\n", "ok", "12/03/1961"])
def test_empty_or_plain_answers_are_not_flagged(text: str) -> None:
    assert detect_red_flag(text) is None


def test_negation_does_not_reach_across_a_new_clause() -> None:
    assert detect_red_flag("no fever but my chest hurts a lot") is not None
    assert detect_red_flag("I couldn't sleep and now my chest is crushing") is not None


def test_presence_overrides_history() -> None:
    assert detect_red_flag("I had a heart attack in 2019") is None
    assert detect_red_flag("I had a heart attack in 2019 and I think I'm having another one right now") is not None


def test_more_urgent_category_wins_when_several_match() -> None:
    flag = detect_red_flag("I took all my pills because I want to die")
    assert flag is not None and flag.category == "overdose"


def test_repeated_detection_gives_the_same_answer_and_reports_its_time() -> None:
    # The time is printed, not asserted: latency is measured by the benchmark command.
    texts = [t for _, t in EMERGENCIES] + NOT_RED_FLAGS
    timings = []
    for text in texts:
        best = float("inf")
        first = detect_red_flag(text)
        for _ in range(3):  # best of 3: the test machine is shared
            began = time.perf_counter()
            assert detect_red_flag(text) == first
            best = min(best, time.perf_counter() - began)
        timings.append(best * 1000)
    print(f"\nred-flag detection: {statistics.fmean(timings):.2f} ms per message on average")


@pytest.mark.parametrize(
    "category,text",
    [
        ("cardiac", "ｃｈｅｓｔ ｐａｉｎ ｎｏｗ"),  # full-width letters
        ("cardiac", "my chest—it’s so tight"),  # dash and curly apostrophe
        ("breathing", "I CAN’T BREATHE!!!"),
        ("cardiac", ("I would like a second opinion about my knee surgery. " * 30) + "Also my chest is crushing right now"),
    ],
)
def test_unusual_typing_still_flags(category: str, text: str) -> None:
    flag = detect_red_flag(text)
    assert flag is not None and flag.category == category


def test_package_exports_the_api() -> None:
    import bot.safety

    assert bot.safety.detect_red_flag is detect_red_flag
    assert callable(bot.safety.emergency_instruction)


def test_a_joke_marker_never_hides_a_child_being_hurt() -> None:
    flag = detect_red_flag("my boyfriend hits my son lol")
    assert flag is not None and flag.category == "child_danger"


def test_a_joke_marker_hides_idiomatic_threats() -> None:
    assert detect_red_flag("I'm gonna kill my brother if he eats my fries again lol") is None


def test_suicidal_conditionals_are_not_treated_as_hypothetical() -> None:
    flag = detect_red_flag("no one would care if I killed myself")
    assert flag is not None and flag.category == "suicide"
    # ...while informational questions still are not flagged
    assert detect_red_flag("what are the warning signs of suicide?") is None
    assert detect_red_flag("does this drug increase suicidal thoughts in teenagers?") is None
