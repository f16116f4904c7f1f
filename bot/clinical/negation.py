"""The NegEx term set used with negspacy's ``negex`` component.

negspacy's clinical term set is written for clinical notes, where "rule out X" means "X is
being checked for" only in the order context and bare "don't"/"never" rarely precede an
unrelated finding. In a patient's own words they do ("I don't know if my lymphoma is
curable"), so this term set:

* drops "rule out" / "r/o" / "evaluate for" (the context component reads them as
  *suspected*) and keeps "ruled out" (past tense: negated);
* drops bare auxiliaries ("don't", "didn't", "can't", "never") and bare "without" in favour
  of explicit forms ("don't have", "never had", "didn't find", "without evidence of");
* adds pseudo-negations for conversational phrases that contain "no"/"not" without
  negating the condition ("not sure if", "no cure for", "no one", "not responding");
* ends the scope of a negation at clause words ("because", "if", "whether", "that", ...).
"""
from __future__ import annotations

from negspacy.termsets import termset

_DROP_PRECEDING = frozenset(
    {
        "rule out",
        "rules out",
        "rule him out",
        "rule her out",
        "rule patient out",
        "rule the patient out",
        "r/o",
        "ro",
        "evaluate for",
        "versus",
        "doubt",
        "symptoms atypical",
        "doesn't",
        "doesnt",
        "don't",
        "dont",
        "didn't",
        "didnt",
        "cannot",
        "can't",
        "cant",
        "couldn't",
        "couldnt",
        "never",
        "declined",
        "denied",
        "without",
    }
)

_EXTRA_PRECEDING = [
    "no evidence of",
    "no signs of",
    "no sign of",
    "no trace of",
    "no history of",
    "no family history of",
    "negative for",
    "tested negative for",
    "came back negative for",
    "clear of",
    "cleared of",
    "free of",
    "never had",
    "never been diagnosed with",
    "not diagnosed with",
    "wasn't diagnosed with",
    "was not diagnosed with",
    "don't have",
    "do not have",
    "doesn't have",
    "does not have",
    "didn't have",
    "did not have",
    "didn't find",
    "did not find",
    "didn't find any",
    "didn't show",
    "did not show",
    "doesn't show",
    "does not show",
    "don't think it's",
    "do not think it is",
    "excluded",
    "ruled out",
]

_EXTRA_PSEUDO = [
    "not sure",
    "not sure if",
    "not sure whether",
    "not certain",
    "not know",
    "don't know",
    "do not know",
    "not understand",
    "not clear",
    "not yet",
    "not been confirmed",
    "not confirmed",
    "not want",
    "don't want",
    "do not want",
    "not going to",
    "not happy",
    "not responding",
    "not working",
    "not improving",
    "not getting better",
    "not helping",
    "not convinced",
    "no cure",
    "no cure for",
    "no treatment",
    "no treatment for",
    "no one",
    "no idea",
    "no choice",
    "no option",
    "no other option",
    "no improvement",
    "no relief",
    "no better",
    "no longer",
    "not gone",
    "not go away",
    "not only",
    "not just",
    "no,",
    "not,",
]

_EXTRA_FOLLOWING = [
    "has been ruled out",
    "have been ruled out",
    "is ruled out",
    "was excluded",
    "has been excluded",
    "was negative",
    "came back negative",
    "is negative",
    "was not found",
    "not found",
]

_EXTRA_TERMINATION = [
    "because",
    "since",
    "if",
    "whether",
    "that",
    "what",
    "how",
    "when",
    "who",
    "so",
    "and now",
    "now",
    "instead",
    "think",
    "thinks",
    "believe",
    "believes",
    "suspect",
    "suspects",
]


def patient_termset() -> dict[str, list[str]]:
    """NegEx term set tuned for patients' own words (see module docstring).

    Returns:
        Mapping with the four keys negspacy expects: ``pseudo_negations``,
        ``preceding_negations``, ``following_negations`` and ``termination``.
    """
    base = termset("en_clinical").get_patterns()
    preceding = [t for t in base["preceding_negations"] if t not in _DROP_PRECEDING]
    return {
        "pseudo_negations": sorted(set(base["pseudo_negations"]) | set(_EXTRA_PSEUDO)),
        "preceding_negations": sorted(set(preceding) | set(_EXTRA_PRECEDING)),
        "following_negations": sorted(set(base["following_negations"]) | set(_EXTRA_FOLLOWING)),
        "termination": sorted(set(base["termination"]) | set(_EXTRA_TERMINATION)),
    }
