"""The rule book: loads, is reviewed (every family has a reason), and bad files are refused."""
from __future__ import annotations

import copy
import functools

import pytest
import yaml

from bot.safety.normalise import Normaliser
from bot.safety.patterns import PatternError, compile_pattern
from bot.safety.rules import RULES_PATH, RulesError, load_rules, parse_rules


@pytest.fixture(scope="module")
def raw() -> dict:
    with open(RULES_PATH, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def test_rules_load_with_all_categories() -> None:
    names = {c.name for c in load_rules().categories}
    assert names == {"cardiac", "breathing", "stroke", "bleeding", "unconscious", "seizure",
                     "anaphylaxis", "overdose", "suicide", "self_harm", "harm_to_others", "child_danger"}


def test_every_family_says_why() -> None:
    for category in load_rules().categories:
        for family in category.families:
            assert len(family.why) > 10


def test_every_pattern_compiles() -> None:
    rules = load_rules()
    words = functools.partial(Normaliser(rules.normalise).words, fuzzy=False)
    for category in rules.categories:
        for family in category.families:
            for source in family.patterns + family.not_followed_by + family.not_preceded_by:
                assert compile_pattern(source, rules.lexicon, words), source


def test_family_without_reason_is_refused(raw: dict) -> None:
    broken = copy.deepcopy(raw)
    del broken["categories"]["cardiac"]["families"][0]["why"]
    with pytest.raises(RulesError, match="why"):
        parse_rules(broken)


def test_long_sms_is_refused(raw: dict) -> None:
    broken = copy.deepcopy(raw)
    broken["categories"]["cardiac"]["instruction"]["sms"] = "Call 911 or go to the nearest emergency department. " * 10
    with pytest.raises(RulesError, match="sms"):
        parse_rules(broken)


def test_instruction_missing_the_kind_s_help_is_refused(raw: dict) -> None:
    broken = copy.deepcopy(raw)
    broken["categories"]["suicide"]["instruction"]["sms"] = "Please call 911."
    with pytest.raises(RulesError, match="988"):
        parse_rules(broken)


def test_unquoted_yaml_boolean_is_refused(raw: dict) -> None:
    broken = copy.deepcopy(raw)
    broken["cues"]["negation"] = [False, "not"]  # what an unquoted `no` becomes
    with pytest.raises(RulesError, match="quote"):
        parse_rules(broken)


def test_unknown_lexicon_in_pattern_is_refused() -> None:
    rules = load_rules()
    words = functools.partial(Normaliser(rules.normalise).words, fuzzy=False)
    with pytest.raises(PatternError):
        compile_pattern("<no_such_list> pain", rules.lexicon, words)
    with pytest.raises(PatternError):
        compile_pattern("*2 pain", rules.lexicon, words)


def test_multi_word_exclude_token_is_refused(raw: dict) -> None:
    broken = copy.deepcopy(raw)
    broken["categories"]["cardiac"]["families"][0]["exclude_tokens"] = ["chest_wall"]
    with pytest.raises(RulesError, match="single words"):
        parse_rules(broken)


def test_unknown_family_filter_is_refused(raw: dict) -> None:
    broken = copy.deepcopy(raw)
    broken["categories"]["cardiac"]["families"][0]["filters"] = ["sarcasm"]
    with pytest.raises(RulesError, match="filters"):
        parse_rules(broken)


def test_every_lexicon_and_cue_set_is_used() -> None:
    text = RULES_PATH.read_text(encoding="utf-8")
    rules_text = text[text.index("\ncues:") :]
    for name in load_rules().lexicon:
        assert f"<{name}>" in rules_text, f"unused lexicon {name}"
    fixed = {"negation", "negation_after", "pseudo_negation", "history", "past", "past_pseudo", "chronic",
             "hypothetical", "hypothetical_any", "question_modal", "question_openers", "presence",
             "presence_local", "deictic", "conditional", "resolved", "joke"}
    used = {n for c in load_rules().categories for f in c.families for n in f.needs + f.unless}
    assert set(load_rules().cues) <= fixed | used
