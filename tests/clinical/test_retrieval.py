"""Best-effort code for free wording."""
from __future__ import annotations

import pytest

from bot.clinical.retrieval import retrieve


@pytest.mark.parametrize(
    ("answer", "code"),
    [
        ("carcinoma of the pancreas head", "C25.0"),
        ("adenocarcinoma in the right lung", "C34.91"),
    ],
)
def test_overlap_finds_the_code(answer: str, code: str) -> None:
    found = retrieve(answer)
    assert found is not None and found.code == code and 0.5 <= found.score <= 1.0


@pytest.mark.parametrize("answer", ["prostate", "my knee", "hello there", ""])
def test_needs_two_covered_words(answer: str) -> None:
    assert retrieve(answer) is None


@pytest.mark.parametrize(
    "answer",
    [
        "second opinion on my back",
        "my upper back and neck",
        "my left arm and wrist",
        "the back of my right hand",
    ],
)
def test_body_sites_alone_propose_nothing(answer: str) -> None:
    assert retrieve(answer) is None


def test_a_site_with_a_condition_word_still_retrieves() -> None:
    found = retrieve("carcinoma of the upper lobe of the left lung")
    assert found is not None and found.code.startswith("C34")


@pytest.mark.parametrize("answer", ["stage 2", "grade 4", "stem cell transplant", "radical prostatectomy"])
def test_stages_and_procedures_alone_propose_nothing(answer: str) -> None:
    assert retrieve(answer) is None


def test_guesses_may_ask_for_two_condition_words() -> None:
    assert retrieve("hypoplastic left heart", min_naming=2) is None
    assert retrieve("herpes simplex virus infection", min_naming=2) is not None
