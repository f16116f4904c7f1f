"""The red-flag rule book (``red_flags.yml``), loaded once into typed, validated objects.

Everything the detector knows lives in the YAML file so that clinicians can review one
place; this module only reads it and refuses a file that breaks the house rules (a
family without a reason, an SMS instruction that is too long, an instruction that does
not point to the help its kind requires).
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Mapping

import yaml

Kind = Literal["medical_emergency", "mental_health_crisis", "harm_to_others", "child_safety"]

RULES_PATH = Path(__file__).with_name("red_flags.yml")
SMS_MAX_CHARS = 300
FILTER_NAMES = frozenset({"negation", "history", "past", "chronic", "hypothetical", "informational", "joke"})
_MARKDOWN = re.compile(r"[*_`#\[\]<>]")


class RulesError(ValueError):
    """The rule file is malformed or breaks a review rule."""


@dataclass(frozen=True)
class Instruction:
    """What to tell the patient, per channel.

    Attributes:
        web: Text for the web chat (may be a few sentences).
        sms: One plain SMS of at most ``SMS_MAX_CHARS`` characters.
        when_matched_any: For a variant, the words of the matched text that select it.
    """

    web: str
    sms: str
    when_matched_any: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Family:
    """A group of patterns that say the same thing in different words.

    Attributes:
        why: The reviewed reason the family exists.
        patterns: Patterns in the rule language (see the YAML header).
        needs: Cue sets of which the sentence must contain at least one.
        unless: Cue sets that cancel a match when present in the sentence.
        exclude_tokens: Words that cancel a match when inside its span.
        not_followed_by: Patterns that cancel a match when they start right after it.
        not_preceded_by: Patterns that cancel a match when they end right before it.
        filters: Context filters replacing the category's for this family, if any.
        priority: Priority replacing the category's for this family, if any (a sign
            that also comes with other emergencies yields to them).
    """

    why: str
    patterns: tuple[str, ...]
    needs: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()
    exclude_tokens: frozenset[str] = frozenset()
    not_followed_by: tuple[str, ...] = ()
    not_preceded_by: tuple[str, ...] = ()
    filters: frozenset[str] | None = None
    priority: int | None = None


@dataclass(frozen=True)
class Category:
    """One red-flag category (e.g. ``cardiac``).

    Attributes:
        name: Category name, as reported in ``RedFlag.category``.
        kind: The kind of emergency, which decides where to send the patient.
        priority: Lower wins when a message matches several categories.
        filters: Context filters allowed to un-flag a match of this category.
        instruction: Default instruction.
        variants: Instructions chosen instead when the matched text contains some words.
        families: The pattern families.
    """

    name: str
    kind: Kind
    priority: int
    filters: frozenset[str]
    instruction: Instruction
    variants: tuple[Instruction, ...]
    families: tuple[Family, ...]


@dataclass(frozen=True)
class NormaliseRules:
    """Rules that turn patient spelling into the words patterns are written in."""

    expand: Mapping[str, str]
    apostrophe: Mapping[str, str]
    misspellings: Mapping[str, str]
    two_means_to_after: frozenset[str]
    fuzzy_targets: tuple[str, ...]
    fuzzy_protected: frozenset[str]


@dataclass(frozen=True)
class Rules:
    """The whole rule book."""

    normalise: NormaliseRules
    lexicon: Mapping[str, tuple[str, ...]]
    cues: Mapping[str, tuple[str, ...]]
    categories: tuple[Category, ...]

    def category(self, name: str) -> Category:
        """Returns the category called ``name``.

        Raises:
            KeyError: There is no such category.
        """
        for category in self.categories:
            if category.name == name:
                return category
        raise KeyError(name)


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, (str, int)) and not isinstance(v, bool) for v in value):
        raise RulesError(f"{where}: expected a list of strings (quote yes/no/on/off)")
    return tuple(str(v) for v in value)


def _instruction(raw: Mapping[str, Any], where: str, must_mention: tuple[str, ...]) -> Instruction:
    web, sms = raw.get("web"), raw.get("sms")
    if not isinstance(web, str) or not isinstance(sms, str):
        raise RulesError(f"{where}: needs 'web' and 'sms' texts")
    if len(sms) > SMS_MAX_CHARS:
        raise RulesError(f"{where}: sms text is {len(sms)} > {SMS_MAX_CHARS} characters")
    for text, channel in ((web, "web"), (sms, "sms")):
        if _MARKDOWN.search(text):
            raise RulesError(f"{where}: {channel} text must be plain (no markdown)")
        for needed in must_mention:
            if needed not in text:
                raise RulesError(f"{where}: {channel} text must mention {needed!r}")
    return Instruction(
        web=web.strip(),
        sms=sms.strip(),
        when_matched_any=frozenset(_strings(raw.get("when_matched_any"), where)),
    )


def _family(raw: Mapping[str, Any], where: str, cue_names: frozenset[str]) -> Family:
    why = raw.get("why")
    if not isinstance(why, str) or not why.strip():
        raise RulesError(f"{where}: every family needs a 'why'")
    patterns = _strings(raw.get("patterns"), f"{where}.patterns")
    if not patterns:
        raise RulesError(f"{where}: a family needs patterns")
    needs = _strings(raw.get("needs"), f"{where}.needs")
    unless = _strings(raw.get("unless"), f"{where}.unless")
    for name in needs + unless:
        if name not in cue_names:
            raise RulesError(f"{where}: unknown cue set {name!r}")
    exclude = frozenset(_strings(raw.get("exclude_tokens"), where))
    if any(not token.strip() or " " in token or "_" in token for token in exclude):
        raise RulesError(f"{where}: exclude_tokens are single words")
    filters = None
    if "filters" in raw:
        filters = frozenset(_strings(raw["filters"], f"{where}.filters"))
        if not filters <= FILTER_NAMES:
            raise RulesError(f"{where}: unknown filters {sorted(filters - FILTER_NAMES)}")
    return Family(
        why=why.strip(),
        patterns=patterns,
        needs=needs,
        unless=unless,
        exclude_tokens=exclude,
        not_followed_by=_strings(raw.get("not_followed_by"), where),
        not_preceded_by=_strings(raw.get("not_preceded_by"), where),
        filters=filters,
        priority=int(raw["priority"]) if "priority" in raw else None,
    )


def _category(name: str, raw: Mapping[str, Any], kinds: Mapping[str, Any], cue_names: frozenset[str]) -> Category:
    kind = raw.get("kind")
    if kind not in kinds:
        raise RulesError(f"categories.{name}: unknown kind {kind!r}")
    must_mention = _strings(kinds[kind].get("must_mention"), f"kinds.{kind}")
    filters = frozenset(_strings(raw.get("filters"), f"categories.{name}.filters"))
    if not filters <= FILTER_NAMES:
        raise RulesError(f"categories.{name}: unknown filters {sorted(filters - FILTER_NAMES)}")
    families = tuple(
        _family(f, f"categories.{name}.families[{i}]", cue_names)
        for i, f in enumerate(raw.get("families") or [])
    )
    if not families:
        raise RulesError(f"categories.{name}: no families")
    return Category(
        name=name,
        kind=kind,
        priority=int(raw.get("priority", 100)),
        filters=filters,
        instruction=_instruction(raw.get("instruction") or {}, f"categories.{name}.instruction", must_mention),
        variants=tuple(
            _instruction(v, f"categories.{name}.variants[{i}]", must_mention)
            for i, v in enumerate(raw.get("variants") or [])
        ),
        families=families,
    )


def parse_rules(raw: Mapping[str, Any]) -> Rules:
    """Builds validated rules from the parsed YAML document.

    Args:
        raw: The YAML document as Python data.

    Returns:
        The rules.

    Raises:
        RulesError: A review rule is broken.
    """
    norm = raw.get("normalise") or {}
    cues = {name: _strings(v, f"cues.{name}") for name, v in (raw.get("cues") or {}).items()}
    cue_names = frozenset(cues)
    kinds = raw.get("kinds") or {}
    categories = tuple(
        _category(name, c, kinds, cue_names) for name, c in (raw.get("categories") or {}).items()
    )
    return Rules(
        normalise=NormaliseRules(
            expand={str(k): str(v) for k, v in (norm.get("expand") or {}).items()},
            apostrophe={str(k): str(v) for k, v in (norm.get("apostrophe") or {}).items()},
            misspellings={str(k): str(v) for k, v in (norm.get("misspellings") or {}).items()},
            two_means_to_after=frozenset(_strings(norm.get("two_means_to_after"), "normalise")),
            fuzzy_targets=_strings(norm.get("fuzzy_targets"), "normalise.fuzzy_targets"),
            fuzzy_protected=frozenset(_strings(norm.get("fuzzy_protected"), "normalise")),
        ),
        lexicon={name: _strings(v, f"lexicon.{name}") for name, v in (raw.get("lexicon") or {}).items()},
        cues=cues,
        categories=tuple(sorted(categories, key=lambda c: c.priority)),
    )


@functools.lru_cache(maxsize=4)
def load_rules(path: Path = RULES_PATH) -> Rules:
    """Reads and validates the rule file (cached).

    Args:
        path: The YAML file; the packaged ``red_flags.yml`` by default.

    Returns:
        The rules.

    Raises:
        RulesError: The file breaks a review rule.
    """
    with open(path, encoding="utf-8") as handle:
        return parse_rules(yaml.safe_load(handle))
