"""Span finding over the term index."""
from __future__ import annotations

import pytest

from bot.clinical.matcher import find_terms, noun_forms


def _found(text: str, **kwargs: bool) -> list[tuple[str, str]]:
    return [(text[h.start : h.end], h.code) for h in find_terms(text, **kwargs)]


def test_longest_match_wins() -> None:
    assert _found("non-small cell lung cancer") == [("non-small cell lung cancer", "C34.90")]


def test_function_words_do_not_break_a_span() -> None:
    assert _found("cancer of the pancreas") == [("cancer of the pancreas", "C25.9")]


def test_hard_punctuation_breaks_a_span() -> None:
    assert _found("kidney. stones") == []


def test_conjunction_needs_three_words() -> None:
    assert [code for _text, code in _found("heart failure and kidney stones")] == ["I50.9", "N20.0"]


def test_without_is_bound_to_its_word() -> None:
    assert _found("Type 2 diabetes mellitus without complications") == [
        ("Type 2 diabetes mellitus without complications", "E11.9")
    ]


def test_fuzzy_hits_are_marked_and_scored_lower() -> None:
    (hit,) = find_terms("leukimia")
    assert hit.fuzzy and hit.code == "C95.90" and hit.score < 1.0
    assert find_terms("leukimia", fuzzy=False) == []


def test_answer_only_terms_need_the_whole_answer() -> None:
    assert _found("Marfan", whole_answer=True) == [("Marfan", "Q87.40")]
    assert _found("Marfan is my surgeon") == []


@pytest.mark.parametrize(
    ("text", "code"), [("My son has Marfan's.", "Q87.40"), ("He was diagnosed with Wilson's last year.", "E83.01")]
)
def test_an_eponym_with_a_possessive_after_a_diagnosis_cue_is_the_disease(text: str, code: str) -> None:
    assert [c for _m, c in _found(text)] == [code]


@pytest.mark.parametrize(
    "text",
    ["We went to Dr. Wilson's office.", "My son has Alexander as his tutor.", "My son has Alexander's toy.", "he has marfan's"],
)
def test_a_name_without_the_cue_the_possessive_or_the_capital_is_a_person(text: str) -> None:
    assert _found(text) == []


@pytest.mark.parametrize(
    ("text", "code"),
    [("My daughter has Tay-Sachs.", "E75.02"), ("my son has Prader-Willi", "Q87.11"), ("I was told it is Stevens-Johnson.", "L51.1")],
)
def test_names_joined_by_a_hyphen_name_their_disease_in_running_text(text: str, code: str) -> None:
    assert [c for _m, c in _found(text)] == [code]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Our son has Niemann-Pick.", "E75.249"),  # "pick" is an English word, "Niemann-Pick" is not
        ("She was born with Dandy-Walker.", "Q03.1"),
        ("He was diagnosed with Diamond-Blackfan.", "D61.01"),  # printed the other way round
        ("My daughter has von Willebrand.", "D68.00"),
        ("Her father had von Hippel-Lindau.", "Q85.83"),
        ("My son has Sturge-Weber.", "Q85.89"),  # printed "Sturge-Weber (-Dimitri) syndrome"
    ],
)
def test_joined_and_particle_names_name_their_disease_in_running_text(text: str, code: str) -> None:
    assert [c for _m, c in _found(text)] == [code]


def test_a_joined_name_with_an_english_word_counts_only_as_printed() -> None:
    assert _found("I had to niemann-pick the apples.") == []


def test_a_hyphenated_eponym_before_another_name_is_an_organisation() -> None:
    assert _found("We called the Prader-Willi Association.") == []
    assert _found("We called the Niemann-Pick Foundation.") == []


def test_case_sensitive_abbreviations() -> None:
    assert _found("MS") == [("MS", "G35.D")]
    assert _found("5 MS") == []
    assert _found("MS Word") == []


def test_hits_carry_flags() -> None:
    (hit,) = find_terms("headache")
    assert hit.symptom and hit.curated and hit.specialty == ""
    (hit,) = find_terms("POTS")
    assert hit.specialty == "cardiology"


def test_one_alternative_of_a_title_is_found_alone() -> None:
    (hit,) = find_terms("My son has Becker muscular dystrophy.")
    assert hit.code == "G71.01"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("My son is epileptic.", "G40.909"),
        ("I am asthmatic.", "J45.909"),
        ("Our daughter is autistic.", "F84.0"),
        ("My son is deaf.", "H91.90"),
        ("She is constipated all the time.", "K59.00"),
        ("He is jaundiced.", "R17"),
        ("I am infertile.", "N97.9"),
        ("My ear is infected.", "H66.90"),
        ("She has an infected bladder.", "N30.90"),
        ("My ankles swell at night.", "R60.0"),
        ("There is swelling of the knee.", "M25.469"),
    ],
)
def test_an_adjective_names_its_condition(text: str, code: str) -> None:
    (hit,) = find_terms(text)
    assert hit.code == code and hit.fuzzy


@pytest.mark.parametrize(
    ("text", "code"),
    [("I broke my heel bone.", "S92.009A"), ("a fractured knee cap", "S82.009A"), ("She broke her hip.", "S72.009A")],
)
def test_broken_or_fractured_with_a_bone_is_its_fracture(text: str, code: str) -> None:
    assert [c for _m, c in _found(text)] == [code]


@pytest.mark.parametrize("text", ["My heart is broken.", "The machine was broken.", "My knee cap hurts.", "my heel bone"])
def test_broken_alone_or_a_bone_alone_is_no_condition(text: str) -> None:
    assert _found(text) == []


def test_noun_forms_need_a_known_noun() -> None:
    assert noun_forms("epileptic", {"epilepsy": 1}) == ("epilepsy",)
    assert noun_forms("fantastic", {"epilepsy": 1}) == ()
    assert noun_forms("deaf", {"deafness": 1}) == ("deafness",)
    assert noun_forms("deaf", {"epilepsy": 1}) == ()


def test_a_blind_date_is_not_blindness() -> None:
    assert find_terms("We met on a blind date.") == []


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("I have heart burn every night.", "R12"),
        ("She has fibro myalgia.", "M79.7"),
        ("I have hypo thyroidism.", "E03.9"),
    ],
)
def test_a_compound_written_apart_is_one_word(text: str, code: str) -> None:
    (hit,) = find_terms(text)
    assert hit.code == code


def test_possessives_are_not_joined() -> None:
    (hit,) = find_terms("Non-Hodgkin's lymphoma")
    assert hit.code == "C85.90"


def test_diabetic_reads_as_diabetes_after_a_type() -> None:
    (hit,) = find_terms("I am a type 1 diabetic.")
    assert hit.code == "E10.9"


@pytest.mark.parametrize(("text", "code"), [("My son has chickenpox.", "B01.9"), ("She had German measles.", "B06.9")])
def test_a_bracketed_synonym_of_a_title_is_found(text: str, code: str) -> None:
    (hit,) = find_terms(text)
    assert hit.code == code


@pytest.mark.parametrize("text", ["We went to the ER last night.", "It went well.", "A band played."])
def test_everyday_words_from_brackets_are_not_terms(text: str) -> None:
    assert find_terms(text) == []


@pytest.mark.parametrize(
    ("text", "code"),
    [("My baby has Kawasaki disease.", "M30.3"), ("I was diagnosed with Takayasu's disease.", "M31.4")],
)
def test_an_eponym_in_a_title_s_brackets_names_the_disease(text: str, code: str) -> None:
    (hit,) = find_terms(text)
    assert hit.code == code


def test_a_bracketed_eponym_that_is_an_english_word_stays_out() -> None:
    assert find_terms("The weather was sweet and the day went well.") == []


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Since the car crash I have post concussion syndrome.", "F07.81"),
        ("Doctors call it post-concussion syndrome.", "F07.81"),
        ("My mother has post herpetic neuralgia on her side.", "B02.29"),
        ("Is post menopausal bleeding always serious?", "N95.0"),
    ],
)
def test_a_prefix_written_apart_joins_its_word(text: str, code: str) -> None:
    assert code in [c for _t, c in _found(text)]


def test_the_prefix_reading_does_not_hide_the_word_alone() -> None:
    assert [c for _t, c in _found("I get post concussion headaches.")] == ["S06.0X0A", "R51.9"]


@pytest.mark.parametrize(
    ("text", "mention", "code"),
    [
        ("I have stenosis of the spine and they want surgery.", "stenosis of the spine", "M48.00"),
        ("I have stenosis in my spine.", "stenosis in my spine", "M48.00"),
        ("My mom has amyloidosis of the heart.", "amyloidosis of the heart", "E85.4"),
        ("I have heart amyloidosis.", "heart amyloidosis", "E85.4"),
        ("She has kidney artery stenosis.", "kidney artery stenosis", "I70.1"),  # one noun of two
    ],
)
def test_an_organ_named_by_its_noun_reads_as_the_titles_adjective(text: str, mention: str, code: str) -> None:
    assert _found(text) == [(mention, code)]


def test_the_adjective_reading_keeps_the_nouns_own_terms() -> None:
    assert _found("I have a cyst on my kidney.") == [("cyst on my kidney", "N28.1")]
    assert _found("He has heart failure.") == [("heart failure", "I50.9")]


@pytest.mark.parametrize(
    ("text", "mention", "code"),
    [
        ("My mom has breastcancer.", "breastcancer", "C50.919"),
        ("He was diagnosed with multiplesclerosis last year.", "multiplesclerosis", "G35.D"),
        ("I have lungcancer stage 3.", "lungcancer", "C34.90"),
        ("He has chronickidney disease.", "chronickidney disease", "N18.9"),
    ],
)
def test_two_words_typed_without_the_space_read_as_the_term(text: str, mention: str, code: str) -> None:
    assert _found(text) == [(mention, code)]


@pytest.mark.parametrize(
    ("run_on", "spaced"),
    [
        ("She was told MSinher case is mild.", "She was told MS in her case is mild."),
        ("My father has COPDandthe flu.", "My father has COPD and the flu."),
        ("The scan showed MS lesionsinthe brain.", "The scan showed MS lesions in the brain."),
        ("She was told she had diabetesofthe adult kind.", "She was told she had diabetes of the adult kind."),
    ],
)
def test_function_words_run_on_after_a_term_read_as_if_spaced(run_on: str, spaced: str) -> None:
    found = [code for _m, code in _found(run_on)]
    assert found and found == [code for _m, code in _found(spaced)]


def test_a_split_only_counts_where_a_term_spans_the_missing_space() -> None:
    # "cancercenter" splits into two index words, but only "cancer" is a term: nothing is read
    assert _found("The cancercenter called me back.") == []
    assert _found("She has heartbreak.") == []  # an English word is never split


@pytest.mark.parametrize(
    ("text", "mention", "code"),
    [
        ("I have a cyst on the right ovary.", "cyst on the right ovary", "N83.209"),
        ("There is a cyst behind my ovary.", "cyst behind my ovary", "N83.209"),
        ("They found a cyst on my left kidney.", "cyst on my left kidney", "N28.1"),
        ("A fracture of my right wrist.", "fracture of my right wrist", "S62.109A"),
    ],
)
def test_a_side_or_a_position_between_condition_and_site_does_not_break_the_term(
    text: str, mention: str, code: str
) -> None:
    assert _found(text) == [(mention, code)]


def test_a_term_that_names_the_side_keeps_it() -> None:
    assert _found("cancer in my left breast") == [("cancer in my left breast", "C50.912")]


def test_a_side_word_alone_joins_nothing() -> None:
    # "left" is a verb here; the reading without it must not make "hospital ... pneumonia" longer
    assert _found("I left the hospital with pneumonia.") == [("pneumonia", "J18.9")]


@pytest.mark.parametrize(("text", "code"), [("Three of us have Best Disease.", "H35.54"), ("He has Job Syndrome.", "D82.4")])
def test_a_case_sensitive_name_with_a_capitalised_noun(text: str, code: str) -> None:
    assert [c for _t, c in _found(text)] == [code]


@pytest.mark.parametrize("text", ["We did our best Disease or no disease.", "I did my BEST DISEASE talk."])
def test_the_name_itself_must_keep_its_case(text: str) -> None:
    assert "H35.54" not in [c for _t, c in _found(text)]


def test_allergic_names_an_allergy() -> None:
    assert _found("I am allergic to penicillin.") == [("allergic", "T78.40XA")]
    assert _found("I am allergic to shellfish.") == [("allergic to shellfish", "Z91.013")]
    assert [c for _t, c in _found("I have allergic rhinitis.")] == ["J30.9"]
    assert noun_forms("allergic", {"allergy": 1}) == ("allergy",)


@pytest.mark.parametrize(
    ("text", "code"),
    [("Our son has craniometaphyseal dysplasia.", "Q78.5"), ("Is a fibrolipoma dangerous?", "D17.9")],
)
def test_an_unknown_compound_reads_as_its_known_second_part(text: str, code: str) -> None:
    ((_written, found),) = _found(text)
    assert found == code


def test_a_compound_read_without_its_first_part_ranks_as_a_correction() -> None:
    (hit,) = find_terms("craniometaphyseal dysplasia")
    assert hit.fuzzy and hit.score < 1.0
    assert find_terms("craniometaphyseal dysplasia", fuzzy=False) == []


def test_the_site_of_a_metastasis_is_not_the_primary_cancer() -> None:
    assert [c for _t, c in _found("Dad has prostate cancer with bone metastases.")] == ["C61", "C79.51"]
    assert [c for _t, c in _found("She has kidney cancer with lung mets.")] == ["C64.9", "C78.00"]
    assert [c for _t, c in _found("He has cancer of the bone.")] == ["C41.9"]
