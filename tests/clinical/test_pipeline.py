"""The spaCy pipeline and its components."""
from __future__ import annotations

import spacy

from bot.clinical.components import LABEL
from bot.clinical.negation import patient_termset
from bot.clinical.pipeline import build_pipeline, get_pipeline


def test_pipeline_components_in_order() -> None:
    nlp = get_pipeline()
    assert nlp.pipe_names == ["sentencizer", "medical_terms", "negex", "condition_context"]
    assert nlp.lang == "en"


def test_entities_and_extensions() -> None:
    doc = get_pipeline()("I was diagnosed with MS in 2019. They ruled out lupus.")
    ents = [e for e in doc.ents if e.label_ == LABEL]
    assert [e.text for e in ents] == ["MS", "lupus"]
    ms, lupus = ents
    assert (ms._.icd10_code, ms._.specialty, ms._.certainty, ms._.negex) == ("G35.D", "neurology", True, False)
    assert ms._.icd10_display == "Multiple sclerosis, unspecified"
    assert ms._.match_score == 1.0 and not ms._.is_fuzzy and not ms._.is_symptom
    assert lupus._.negex is True and lupus._.certainty is None


def test_fuzzy_and_symptom_flags() -> None:
    doc = get_pipeline()("My mom has leukimia and headaches.")
    by_text = {e.text: e for e in doc.ents}
    assert by_text["leukimia"]._.is_fuzzy and by_text["leukimia"]._.match_score < 1.0
    assert by_text["headaches"]._.is_symptom


def test_suspected_and_historical_flags() -> None:
    doc = get_pipeline()("I had a heart attack in 2019. They think it might be lymphoma.")
    heart, lymphoma = doc.ents
    assert heart._.is_historical and not heart._.is_suspected
    assert lymphoma._.is_suspected and lymphoma._.certainty is False


def test_other_entities_are_kept() -> None:
    nlp = build_pipeline(warm=False)
    nlp.add_pipe("entity_ruler", first=True).add_patterns([{"label": "PERSON", "pattern": "Dr Smith"}])
    doc = nlp("Dr Smith said I have lupus.")
    assert {(e.text, e.label_) for e in doc.ents} == {("Dr Smith", "PERSON"), ("lupus", LABEL)}


def test_empty_text() -> None:
    assert list(get_pipeline()("").ents) == []


def test_negation_term_set_is_patient_tuned() -> None:
    terms = patient_termset()
    assert "rule out" not in terms["preceding_negations"]
    assert "ruled out" in terms["preceding_negations"]
    assert "don't" not in terms["preceding_negations"]
    assert "not sure if" in terms["pseudo_negations"]
    assert set(terms) == {"pseudo_negations", "preceding_negations", "following_negations", "termination"}


def test_blank_english_only() -> None:
    assert isinstance(get_pipeline(), spacy.Language)
    assert "ner" not in get_pipeline().pipe_names
