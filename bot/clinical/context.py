"""Certainty and time of a condition mention, from the words around it.

Rules read a window of the mention's own clause (cut at "but", "however", ";" and
sentence ends) to the left and to the right:

* **suspected**: hedges before it ("possible", "they think it might be", "rule out",
  "concern for", "do I have", "waiting for biopsy results to see if it is") or after it
  ("is suspected", "not confirmed yet", a trailing "?"). A message that says it is still
  waiting for biopsy / test results makes every mention without an explicit diagnosis cue
  suspected.
* **asserted**: diagnosis cues ("diagnosed with", "biopsy showed", "I have", "my",
  "second opinion on", "treated for", "surgery for").
* **historical**: "history of", "previous", "survivor", "in remission", "had a ... in
  2019", "years ago", "as a child", unless it is back ("recurrence", "came back",
  "again", "now", "still"). A time right after a diagnosis cue dates the diagnosis, not
  the condition ("diagnosed with MS 5 years ago" is current). What somebody died of
  ("my uncle died of cancer") is always past.
* **hypothetical**: only a risk or a chance of it is named ("the risk of heart failure on
  this drug", "chances of getting diabetes"): nobody is said to have it.
* **a relative's**: family history ("a family history of heart attacks", "diabetes runs
  in the family") and what somebody died of: not the condition of the person the review
  is for.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_CLAUSE_BREAK = re.compile(r"(?:\bbut\b|\bhowever\b|\balthough\b|\bthough\b|;|\n)", re.IGNORECASE)
_WINDOW = 90

#: Hedges that colour the whole clause before the mention.
_SUSPECTED_LEFT = re.compile(
    r"\b(?:suspected|suspect|suspects|suspicious (?:for|of)|suspicion (?:of|for)|"
    r"concern(?:ed|s)? (?:for|about|that|it)|worried (?:about|that|it)|"
    r"rule out|ruling out|r/o|differential|working diagnosis|"
    r"(?:think|thinks|thought|believe|believes|feel|feels) (?:it|that|this|i|he|she|my)\b|"
    r"(?:evaluat|test|check|screen)(?:e|ed|ing)? (?:me |him |her )?for|work-?up for|"
    r"not (?:yet )?(?:been )?(?:confirmed|diagnosed)|undiagnosed|afraid (?:it|i|that)|scared (?:it|i|that)|"
    r"wonder(?:ing)? (?:if|whether)|"
    r"to see if|to find out if|whether (?:it|i|this) (?:is|has|have))\b[^.?!]*$",
    re.IGNORECASE,
)
#: Hedges that only colour the few words right after them ("probably lymphoma", not
#: "I should probably get a second opinion on my lymphoma").
_SUSPECTED_NEAR = re.compile(
    r"\b(?:possible|possibly|probable|probably|maybe|perhaps|likely|presumed|presumptive|query|questionable|"
    r"(?:might|may|could) (?:possibly |also )?(?:be|have|indicate|mean)|"
    r"looks like|look like|appears to be|seems to be|sounds like)\s+(?:\S+\s+){0,3}$",
    re.IGNORECASE,
)
#: Question cues that hedge only the words right after them ("is it cancer?", not "is it
#: normal to have chest pain after a heart attack?").
_SUSPECTED_ADJACENT = re.compile(
    r"\b(?:is it|is this|do i have|does (?:he|she|my \w+) have|could i have|might i have|could it be|"
    r"can it be|could this be)\s+(?:(?:a|an|the|some|possibly|really|just)\s+)*$",
    re.IGNORECASE,
)
_SUSPECTED_RIGHT = re.compile(
    r"^[\s,]*(?:(?:is|was|has been|being)\s+)?(?:suspected|possible|probable|likely|"
    r"not (?:yet )?confirmed|unconfirmed|to be ruled out|being ruled out|"
    r"(?:is|was) (?:being )?considered|maybe|or not)\b",
    re.IGNORECASE,
)
_PENDING = re.compile(
    r"\b(?:waiting|wait|awaiting|pending|still waiting)\b[^.?!]{0,40}\b(?:biopsy|biopsies|results?|pathology|"
    r"tests?|scans?|mri|ct|pet|report)\b|\b(?:biopsy|pathology|results?)\b[^.?!]{0,20}\b(?:pending|not back)\b",
    re.IGNORECASE,
)
_PERSON = (
    r"(?:i|we|he|she|they|you|son|daughter|husband|wife|mother|mom|mum|father|dad|child|kid|baby|brother|"
    r"sister|friend|partner|boyfriend|girlfriend|grandmother|grandma|grandfather|grandpa|aunt|uncle|"
    r"niece|nephew|cousin|boy|girl|patient|parent|parents|family member)"
)
#: Statements that somebody has the condition (a bare "have" in "people who have lupus" is
#: not one).
_ASSERTED_LEFT = re.compile(
    r"\b(?:diagnosed|diagnosis|dx|dx'd|found|find|discovered|detected|showed|shows|revealed|confirmed|"
    r"came back as|came back|"
    r"suffer(?:ing|s)? (?:from|with)|living with|lives? with|treated for|being treated for|second opinion|"
    rf"{_PERSON}(?:'s| has| have| had|'ve| got|'ve got| has got| is| was| am|'m)|i've|ive)\b",
    re.IGNORECASE,
)
#: A possessive right before the mention ("my lymphoma", "her stage 2 breast cancer").
_POSSESSIVE_NEAR = re.compile(r"\b(?:my|his|her|our|their)\s+(?:\S+\s+){0,2}$", re.IGNORECASE)
_ASSERTED_RIGHT = re.compile(
    r"^[\s,]*(?:was|has been|is|were)\s+(?:confirmed|diagnosed|found)\b|^[\s,]*diagnosis\b",
    re.IGNORECASE,
)
#: What follows "history" when a history is named: "history of", "history significant for".
_HISTORY_OF = r"(?:of|(?:significant|positive|notable|remarkable) for)"
_HISTORY_LEFT = re.compile(
    rf"\b(?:history {_HISTORY_OF}|hx of|h/o|past|previous|previously|prior|former|(?<!year.)(?<!years.)(?<!month.)(?<!months.)"
    r"(?<!week.)(?<!weeks.)(?<!day.)(?<!days.)old|survivor of|survived|"
    r"recovered from|no longer (?:have|has)|in remission from)\b(?:\s+\w+){0,3}\s*$",
    re.IGNORECASE,
)
#: Somebody "had" the condition ("I had a heart attack", "my dad once had a stroke"); not
#: "has anyone had a stroke" and not the present perfect "I have had MS since 2010".
_HAD_ADJACENT = re.compile(
    rf"\b{_PERSON}(?:'s)?\s+(?:\w+ly\s+|once\s+|also\s+|already\s+)?"
    r"(?:had|suffered|survived|beat|overcame|got over)\s+(?:(?:a|an|the|my|some|mild|bad|severe|small|"
    r"minor|major|big|massive|serious)\s+)*$",
    re.IGNORECASE,
)
_HISTORY_RIGHT = re.compile(
    r"^[\s,]*(?:\(|\w+\s+){0,4}?(?:survivor|in remission|"
    r"(?:which|that) (?:was|is|has been) (?:treated|cured|resolved|removed|gone)|"
    r"(?:has|have|was) (?:resolved|cured|gone))\b",
    re.IGNORECASE,
)
#: What somebody died of ("my uncle died of cancer", "his father passed away from a heart
#: attack"): family history or a past event, never what is to be reviewed now, however
#: recent the death ("last month").
_DIED_OF_LEFT = re.compile(
    r"\b(?:died|passed away|passed(?! out)|lost (?:him|her|them|my \w+|his \w+|her \w+))(?:\s+\w+){0,3}?\s+"
    r"(?:of|from|to|with|due to|after)"
    r"\b(?:\s+\w+){0,3}\s*$",
    re.IGNORECASE,
)
#: A risk or a chance of the condition, named right before it ("the risks of heart failure",
#: "at risk for diabetes", "the chance of getting it"); "the risk of my cancer spreading"
#: and "the risk of another stroke" speak of a condition somebody has or had.
_RISK_OF_LEFT = re.compile(
    r"\b(?:risks?|chances?|odds|likelihood|probability)\s+(?:of|for)\s+"
    r"(?:(?:getting|developing|having|a|an|any|future)\s+)*$",
    re.IGNORECASE,
)
#: Family history, before or after the mention.
_FAMILY_LEFT = re.compile(
    rf"\bfamily (?:medical )?(?:history|hx) {_HISTORY_OF}\b"
    r"(?:\s+\w+){0,3}\s*$",
    re.IGNORECASE,
)
_FAMILY_RIGHT = re.compile(r"^[\s,]*(?:\w+\s+){0,2}?(?:runs|run|running) in (?:my|the|our|his|her|their) family\b", re.IGNORECASE)
#: A time long past after the mention: the condition's time, or only its diagnosis's.
_PAST_TIME_RIGHT = re.compile(
    r"^[\s,]*(?:\(|\w+\s+){0,4}?(?:\d+ (?:years?|months?) ago|years ago|months ago|"
    r"as a (?:child|kid|teen|teenager|baby)|when i was (?:a |an )?(?:child|kid|young|teen|baby|\d+)|"
    r"in the past|back in \d{4})\b",
    re.IGNORECASE,
)
#: "Diagnosed with MS 5 years ago": the diagnosis is dated, the condition goes on.
_DIAGNOSED_LEFT = re.compile(
    r"\b(?:diagnosed|diagnosis|dx|dx'd|born with)\b(?:\s+(?:with|as|of|having))?(?:\s+\w+){0,3}\s*$",
    re.IGNORECASE,
)
_CURRENT = re.compile(
    r"\b(?:recurrence|recurrent|recurred|came back|come back|has returned|returned|is back|it's back|"
    r"relapse|relapsed|again|now|still|currently|since|metastatic|spread|progress(?:ed|ing)?|worse|"
    r"\d+ (?:days?|weeks?) ago|(?:a few|few|two|three|several) (?:days|weeks) ago|last (?:week|month)|"
    r"yesterday|recently|just)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class MentionContext:
    """What the words around a mention say about it.

    Attributes:
        suspected: Stated as possible, suspected or being checked for.
        asserted: Stated as a diagnosis.
        historical: A past condition rather than a current one.
        hypothetical: Only its risk or chance is named.
        relatives: A relative's: family history, or what somebody died of.
    """

    suspected: bool
    asserted: bool
    historical: bool
    hypothetical: bool = False
    relatives: bool = False

    @property
    def not_the_patients(self) -> bool:
        """Whether the mention is no condition of the person the review is for."""
        return self.hypothetical or self.relatives

    @property
    def confirmed(self) -> bool | None:
        """True when stated as a diagnosis, False when hedged, None when unclear."""
        if self.suspected:
            return False
        if self.asserted or self.historical:
            return True
        return None


def _clause(text: str, start: int, end: int) -> tuple[str, str]:
    """Left and right context of [start, end) within its clause and window."""
    left = text[max(0, start - _WINDOW) : start]
    right = text[end : end + _WINDOW]
    breaks = list(_CLAUSE_BREAK.finditer(left))
    if breaks:
        left = left[breaks[-1].end() :]
    first = _CLAUSE_BREAK.search(right)
    if first:
        right = right[: first.start()]
    return left, right


def analyse(sentence: str, start: int, end: int, message: str = "") -> MentionContext:
    """Reads certainty and time of a mention.

    Args:
        sentence: The sentence holding the mention.
        start: Character offset of the mention in ``sentence``.
        end: Character offset just past the mention in ``sentence``.
        message: The whole message (for "still waiting for results" said elsewhere).

    Returns:
        The mention's context.
    """
    left, right = _clause(sentence, start, end)
    suspected = bool(
        _SUSPECTED_LEFT.search(left)
        or _SUSPECTED_NEAR.search(left)
        or _SUSPECTED_ADJACENT.search(left)
        or _SUSPECTED_RIGHT.search(right)
    )
    asserted = bool(_ASSERTED_LEFT.search(left) or _POSSESSIVE_NEAR.search(left) or _ASSERTED_RIGHT.search(right))
    if not suspected and not asserted and _PENDING.search(message or sentence):
        suspected = True
    dated = bool(_PAST_TIME_RIGHT.search(right)) and not _DIAGNOSED_LEFT.search(left)
    historical = bool(_HISTORY_LEFT.search(left) or _HAD_ADJACENT.search(left) or _HISTORY_RIGHT.search(right) or dated)
    if historical and _CURRENT.search(f"{left} {right}"):
        historical = False
    died_of = bool(_DIED_OF_LEFT.search(left))
    historical = historical or died_of
    relatives = died_of or bool(_FAMILY_LEFT.search(left) or _FAMILY_RIGHT.search(right))
    return MentionContext(
        suspected=suspected,
        asserted=asserted,
        historical=historical,
        hypothetical=bool(_RISK_OF_LEFT.search(left)),
        relatives=relatives,
    )
