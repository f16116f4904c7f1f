"""Words that name where, not what: body sites, sides and positions.

A body part alone is not a diagnosis ("a second opinion on my back"), nor is a stage or
a procedure ("stage 2", "stem cell transplant"), so free-worded matching must cover at
least one word for which :func:`names_condition` holds before it may propose a code.
The same words tell which part of a message names the site of a generic
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
stage grade type class phase degree marrow cell stem tissue after before post pre
"""
#: What was done or is proposed, not what the patient has.
_CARE = """
surgery operation transplant transplantation fusion removal resection biopsy chemo chemotherapy
radiation therapy treatment procedure radical partial total test lab scan ectomy prostatectomy cystectomy mastectomy
lumpectomy hysterectomy replacement implant stent bypass ablation injection infusion
"""


#: The adjective the code titles use for an organ patients name by its noun ("stenosis of the
#: spine" is spinal stenosis, "kidney failure" renal failure). Left out: nouns whose
#: adjective also names another site ("neck": cervical is also the cervix's).
_ADJECTIVES = {
    "spine": "spinal", "kidney": "renal", "liver": "hepatic", "lung": "pulmonary", "heart": "cardiac",
    "brain": "cerebral", "stomach": "gastric", "bowel": "intestinal", "intestine": "intestinal",
    "skin": "cutaneous", "eye": "ocular", "nose": "nasal", "mouth": "oral", "throat": "pharyngeal",
    "muscle": "muscular", "nerve": "neural", "vein": "venous", "artery": "arterial", "colon": "colonic",
    "rectum": "rectal", "anus": "anal", "pancreas": "pancreatic", "uterus": "uterine", "womb": "uterine",
    "ovary": "ovarian", "bladder": "vesical", "bone": "osseous", "jaw": "mandibular", "skull": "cranial",
}


@lru_cache(maxsize=1)
def site_adjectives() -> dict[str, str]:
    """Canonical organ noun -> the canonical adjective the titles use for it.

    Returns:
        E.g. "spine" -> "spinal", "kidney" -> "renal".
    """
    return {canonical(noun): canonical(adjective) for noun, adjective in _ADJECTIVES.items()}


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


@lru_cache(maxsize=1)
def care_words() -> frozenset[str]:
    """Canonical forms of words for procedures and treatments ("transplant", "biopsy").

    Returns:
        The words.
    """
    return frozenset(canonical(word) for word in _CARE.split())


def names_condition(canon: str) -> bool:
    """Whether a canonical word can say what the patient has.

    Body sites, sides, positions, stages, numbers and procedures cannot ("stage 2", "my
    back", "stem cell transplant").

    Args:
        canon: A canonical word.

    Returns:
        True for words such as "arthritis", "burn", "dystrophy".
    """
    return not (canon.isdigit() or canon in site_words() or canon in care_words())
