"""clinical: a patient's words about their condition -> ICD-10-CM code and routing specialty.

Public API (import from :mod:`bot.clinical.diagnosis`, nothing heavy is loaded before the
first call): ``DiagnosisMatch``, ``find_diagnoses(text)``, ``main_diagnosis(text)``,
``normalise_diagnosis(answer)``, ``guess_diagnosis(text)`` (best effort for a message in
which no term matches), ``is_external_cause(match)``;
:func:`bot.clinical.specialty.specialty_for_code`; :func:`bot.clinical.pipeline.build_pipeline`
for the spaCy pipeline (``sentencizer`` -> ``medical_terms`` -> ``negex`` ->
``condition_context``). A generic or default-site mention takes the body part, type or
specific cancer the rest of the message names (:mod:`bot.clinical.sharpen`); the last
resorts live in :mod:`bot.clinical.guess`; :mod:`bot.clinical.anatomy` tells body sites,
stages and procedures (which never make a diagnosis alone) from condition words.
Two readers work beside the term index: :mod:`bot.clinical.chromosome` (chromosome
changes described in words or band notation) and :mod:`bot.clinical.readings` (a quoted
value out of its range, "my blood sugar was 495", read as its finding).

Data: ``data/synonyms.tsv`` and ``data/rare_diseases.tsv`` (curated lay terms),
``data/answer_only_words.txt``, ``data/english_words.txt`` (spelling guard). The term
index is cached under ``$DATA_DIR/clinical`` (see :mod:`bot.clinical.index_cache`).
"""
