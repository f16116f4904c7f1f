"""Words that name where, not what: body sites, sides and positions.

A body part alone is not a diagnosis ("a second opinion on my back"), so free-worded
matching must cover at least one word that is not in :data:`SITE_WORDS` before it may
propose a code. The same words tell which part of a message names the site of a generic
condition ("arthritis ... in both knees", "cancer ... started in his colon").
"""
from __future__ import annotations

from functools import lru_cache

from bot.clinical.text import canonical

_SITES = """
head face scalp forehead jaw chin cheek mouth lip tongue gum tooth teeth throat
neck nape shoulder armpit axilla arm forearm elbow wrist hand palm finger thumb
knuckle nail chest breast nipple rib sternum back spine spinal vertebra tailbone coccyx
sacrum buttock hip groin pelvis pelvic abdomen abdominal belly stomach waist flank
leg thigh knee kneecap shin calf ankle heel foot feet toe skin joint bone muscle tendon
ligament nerve eye eyelid ear nose nostril
brain skull heart lung liver kidney bladder bowel colon rectum anus prostate testicle
testis penis vagina vulva uterus womb ovary cervix pancreas spleen gallbladder thyroid
esophagus gut intestine appendix
"""
_QUALIFIERS = """
cervical thoracic lumbar lumbosacral sacral thoracolumbar cervicothoracic level
upper side sole arch body trunk limb extremity temple
left right both bilateral lower low upper mid middle front rear inner outer top bottom
whole entire part area region site surface lateral medial anterior posterior
first second third fourth multiple single
"""


@lru_cache(maxsize=1)
def site_words() -> frozenset[str]:
    """Canonical forms of the body-site, side and position words.

    Returns:
        The words, in the same canonical form as the term index uses.
    """
    return body_parts() | frozenset(canonical(word) for word in _QUALIFIERS.split())


@lru_cache(maxsize=1)
def body_parts() -> frozenset[str]:
    """Canonical forms of the body parts and organs (no sides, positions or levels).

    Returns:
        The words, e.g. "knee", "colon", "neck".
    """
    return frozenset(canonical(word) for word in _SITES.split())


def is_site_word(canon: str) -> bool:
    """Whether a canonical word only says where (a body part, a side, a position).

    Args:
        canon: A canonical word (see :func:`bot.clinical.text.canonical`).

    Returns:
        True for words such as "back", "left", "knee", "second".
    """
    return canon in site_words()
