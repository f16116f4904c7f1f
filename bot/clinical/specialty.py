"""Routing specialty for an ICD-10-CM code (the ``diagnosis.specialty`` enum).

Rules are ranges of code prefixes checked most specific first. Decisions worth knowing:

* Malignant and in-situ neoplasms (C00-C96, D00-D09), lymphoid and haematopoietic ones
  included (lymphoma, leukaemia, myeloma), and the neoplasms of uncertain behaviour (D37-D49,
  myeloproliferative and myelodysplastic ones included) go to **oncology**: second-opinion
  programmes route every cancer through their oncology (haematology-oncology) service.
  Benign tumours follow their organ; benign brain, meningeal, cranial-nerve and pituitary
  tumours (D32, D33, D35.2-D35.4, D43, D44.3-D44.5) go to **neurosurgery**.
* Cerebrovascular disease (I60-I69) goes to **neurology**, except subarachnoid
  haemorrhage, non-traumatic subdural haematoma, unruptured cerebral aneurysm and cerebral
  AV malformations (I60, I62, I67.1, Q28.2-Q28.3), which go to **neurosurgery**.
  Pulmonary embolism (I26) goes to **pulmonology**. The heart (I00-I52), the aorta (I71),
  hypotension and blood-pressure readings (R03) go to **cardiology**; other arteries, veins
  and lymphatics (I70, I72-I89) to ``other`` (vascular surgery), except Raynaud's (I73.0)
  and vasculitis (I77.6), which go to **rheumatology**.
* Spine: disc disorders, spondylosis, spinal stenosis and radiculopathy / sciatica
  (M47-M48, M50-M51, M54.1, M54.3-M54.4) go to **neurosurgery** (they are what spine
  surgery second opinions are about); deformities (scoliosis, kyphosis,
  spondylolisthesis: M40-M43) and plain back/neck pain go to **orthopedics**;
  inflammatory spondylopathies (M45-M46) to rheumatology.
* Musculoskeletal (M) defaults to **orthopedics**; inflammatory arthritis, gout and
  systemic connective-tissue disease (M02, M04-M14, M1A, M30-M36, M45-M46, M79.7
  fibromyalgia, M33/M60 myositis) to **rheumatology**; osteoporosis (M80-M81) to
  **endocrinology**.
* Kidney N00-N19, N25-N29 -> nephrology; stones and obstruction (N13, N20-N23) and
  N30-N53 -> urology; breast disorders N60-N65 -> oncology (a breast lump is a cancer
  question) except inflammation; N70-N98 and pregnancy (O) -> gynecology.
* Injuries (S) follow the body part: head and spinal cord injuries -> neurosurgery, bones
  and joints -> orthopedics. Congenital anomalies (Q) follow the organ system.
* Respiratory tuberculosis (A15-A16) -> pulmonology; tuberculosis and viral infections of
  the nervous system (A17, A80-A89) -> neurology; acute upper respiratory infections
  (J00-J06), like the nose and sinuses (J30-J39), -> ``other`` (ear, nose and throat).
* Viral hepatitis (B15-B19) -> gastroenterology; dementia (F01-F03), postconcussional
  syndrome (F07.81) and tic disorders (F95) -> neurology; neurodegenerative lipid storage
  disorders (E75.0-E75.4, not Gaucher) -> neurology, other inborn errors of metabolism (E70-E74, E76-E77, E79, E88: amino-acid,
  carbohydrate, glycosaminoglycan, purine disorders) -> ``other`` (medical genetics); limb nerve entrapments (G56-G57) -> orthopedics; craniosynostosis (Q75.0)
  -> neurosurgery; neurodevelopmental disorders of a named gene (QA0) -> neurology;
  diaphragm and abdominal-wall malformations (Q79.0-Q79.5) -> ``other``;
  unspecified arteritis / vasculitis (I77.6) -> rheumatology.
* Anything without a matching specialty (other mental health, eye, ear, skin, other
  infections, external causes) -> ``other``.
"""
from __future__ import annotations

from functools import lru_cache

SPECIALTIES: tuple[str, ...] = (
    "oncology",
    "cardiology",
    "orthopedics",
    "neurosurgery",
    "neurology",
    "gastroenterology",
    "urology",
    "pulmonology",
    "endocrinology",
    "rheumatology",
    "nephrology",
    "hematology",
    "gynecology",
    "other",
)

# (first prefix, last prefix, specialty); prefixes are codes without the dot. A code
# matches when first <= code[:len(first)] and code[:len(last)] <= last.
_RULES: tuple[tuple[str, str, str], ...] = (
    # --- neoplasms ---
    ("C00", "C96", "oncology"),
    ("D00", "D09", "oncology"),
    ("D10", "D11", "other"),
    ("D12", "D13", "gastroenterology"),
    ("D14", "D14", "pulmonology"),
    ("D15", "D15", "cardiology"),
    ("D16", "D16", "orthopedics"),
    ("D17", "D18", "other"),
    ("D21", "D21", "orthopedics"),
    ("D22", "D23", "other"),
    ("D24", "D24", "oncology"),
    ("D25", "D28", "gynecology"),
    ("D29", "D30", "urology"),
    ("D31", "D31", "other"),
    ("D32", "D33", "neurosurgery"),
    ("D34", "D34", "endocrinology"),
    ("D352", "D354", "neurosurgery"),
    ("D35", "D35", "endocrinology"),
    ("D36", "D36", "other"),
    ("D43", "D43", "neurosurgery"),
    ("D443", "D445", "neurosurgery"),
    ("D44", "D44", "endocrinology"),
    ("D37", "D49", "oncology"),
    # --- infections handled by organ specialists ---
    ("A15", "A16", "pulmonology"),
    ("A17", "A17", "neurology"),
    ("A80", "A89", "neurology"),
    ("B15", "B19", "gastroenterology"),
    # --- mental and behavioural: dementia goes to neurology ---
    ("F01", "F03", "neurology"),
    ("F0781", "F0781", "neurology"),
    ("F95", "F95", "neurology"),
    # --- blood and immune ---
    ("D80", "D84", "other"),
    ("D86", "D86", "pulmonology"),
    ("D89", "D89", "other"),
    ("D50", "D89", "hematology"),
    # --- endocrine, nutritional, metabolic ---
    ("E8311", "E8311", "hematology"),
    ("E830", "E830", "gastroenterology"),
    ("E84", "E84", "pulmonology"),
    ("E85", "E85", "hematology"),
    ("E7522", "E7522", "hematology"),
    ("E750", "E754", "neurology"),
    ("E70", "E74", "other"),
    ("E76", "E77", "other"),
    ("E79", "E79", "other"),
    ("E88", "E88", "other"),
    ("E00", "E89", "endocrinology"),
    # --- nervous system ---
    ("G473", "G473", "pulmonology"),
    ("G56", "G57", "orthopedics"),
    ("G91", "G91", "neurosurgery"),
    ("G935", "G935", "neurosurgery"),
    ("G95", "G95", "neurosurgery"),
    ("G00", "G99", "neurology"),
    # --- circulatory ---
    ("I60", "I60", "neurosurgery"),
    ("I62", "I62", "neurosurgery"),
    ("I671", "I671", "neurosurgery"),
    ("I60", "I69", "neurology"),
    ("I26", "I26", "pulmonology"),
    ("I730", "I730", "rheumatology"),
    ("I776", "I776", "rheumatology"),
    ("I71", "I71", "cardiology"),
    ("I70", "I89", "other"),
    ("I00", "I99", "cardiology"),
    # --- respiratory ---
    ("J00", "J06", "other"),
    ("J30", "J39", "other"),
    ("J00", "J99", "pulmonology"),
    # --- digestive ---
    ("K00", "K14", "other"),
    ("K40", "K43", "other"),
    ("K45", "K46", "other"),
    ("K00", "K95", "gastroenterology"),
    # --- skin ---
    ("L405", "L405", "rheumatology"),
    ("L93", "L93", "rheumatology"),
    ("L94", "L94", "rheumatology"),
    # --- musculoskeletal ---
    ("M02", "M02", "rheumatology"),
    ("M04", "M14", "rheumatology"),
    ("M1A", "M1A", "rheumatology"),
    ("M30", "M36", "rheumatology"),
    ("M45", "M46", "rheumatology"),
    ("M47", "M48", "neurosurgery"),
    ("M50", "M51", "neurosurgery"),
    ("M541", "M541", "neurosurgery"),
    ("M543", "M544", "neurosurgery"),
    ("M60", "M60", "rheumatology"),
    ("M797", "M797", "rheumatology"),
    ("M80", "M81", "endocrinology"),
    ("M00", "M99", "orthopedics"),
    # --- genitourinary ---
    ("N13", "N13", "urology"),
    ("N20", "N23", "urology"),
    ("N00", "N29", "nephrology"),
    ("N30", "N53", "urology"),
    ("N61", "N61", "gynecology"),
    ("N60", "N65", "oncology"),
    ("N70", "N98", "gynecology"),
    # --- pregnancy ---
    ("O00", "O9A", "gynecology"),
    # --- congenital ---
    ("Q02", "Q02", "neurology"),
    ("Q04", "Q04", "neurology"),
    ("Q00", "Q07", "neurosurgery"),
    ("Q282", "Q283", "neurosurgery"),
    ("Q20", "Q28", "cardiology"),
    ("Q30", "Q34", "pulmonology"),
    ("Q35", "Q37", "other"),
    ("Q38", "Q45", "gastroenterology"),
    ("Q50", "Q52", "gynecology"),
    ("Q60", "Q61", "nephrology"),
    ("Q63", "Q63", "nephrology"),
    ("Q53", "Q64", "urology"),
    ("Q750", "Q750", "neurosurgery"),
    ("Q790", "Q795", "other"),
    ("Q796", "Q796", "rheumatology"),
    ("Q65", "Q79", "orthopedics"),
    ("Q8740", "Q8743", "cardiology"),
    ("Q8781", "Q8781", "nephrology"),
    ("Q85", "Q85", "neurology"),
    ("QA0", "QA0", "neurology"),
    # --- symptoms, signs, findings ---
    ("R00", "R01", "cardiology"),
    ("R03", "R03", "cardiology"),
    ("R07", "R07", "cardiology"),
    ("R04", "R09", "pulmonology"),
    ("R10", "R19", "gastroenterology"),
    ("R25", "R29", "neurology"),
    ("R30", "R39", "urology"),
    ("R40", "R41", "neurology"),
    ("R47", "R49", "neurology"),
    ("R51", "R51", "neurology"),
    ("R55", "R55", "cardiology"),
    ("R56", "R56", "neurology"),
    ("R59", "R59", "hematology"),
    ("R73", "R73", "endocrinology"),
    ("R70", "R72", "hematology"),
    ("R80", "R80", "nephrology"),
    ("R90", "R90", "neurology"),
    ("R91", "R91", "pulmonology"),
    ("R92", "R92", "oncology"),
    ("R972", "R972", "urology"),
    ("R97", "R97", "oncology"),
    # --- injuries ---
    ("S06", "S06", "neurosurgery"),
    ("S02", "S02", "other"),
    ("S12", "S13", "orthopedics"),
    ("S14", "S14", "neurosurgery"),
    ("S22", "S23", "orthopedics"),
    ("S24", "S24", "neurosurgery"),
    ("S32", "S33", "orthopedics"),
    ("S34", "S34", "neurosurgery"),
    ("S37", "S37", "urology"),
    ("S40", "S99", "orthopedics"),
    ("T84", "T84", "orthopedics"),
    ("T82", "T82", "cardiology"),
    ("T86", "T86", "other"),
    # --- factors influencing health status ---
    ("Z15", "Z15", "oncology"),
    ("Z85", "Z85", "oncology"),
    ("Z95", "Z95", "cardiology"),
    ("Z966", "Z966", "orthopedics"),
    ("Z992", "Z992", "nephrology"),
    ("Z940", "Z940", "nephrology"),
)


def _key(code: str) -> str:
    return code.replace(".", "").strip().upper()


@lru_cache(maxsize=8192)
def specialty_for_code(code: str) -> str:
    """Routing specialty for an ICD-10-CM code.

    Args:
        code: Any ICD-10-CM code, with or without the dot (``"C50.919"``, ``"I4891"``) or
            a category (``"M51"``).

    Returns:
        One of :data:`SPECIALTIES`; ``"other"`` for codes outside every rule or empty input.
    """
    key = _key(code)
    if not key:
        return "other"
    for first, last, specialty in _RULES:
        if first <= key[: len(first)] and key[: len(last)] <= last:
            return specialty
    return "other"
