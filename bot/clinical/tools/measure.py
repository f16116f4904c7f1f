"""Measures start-up time, added memory and per-message time of the clinical pipeline.

Run in a fresh process (the numbers are per process)::

    python -m bot.clinical.tools.measure

Prints one JSON object: ``spacy_import_s`` (importing spaCy, which also imports the
machine-learning libraries installed alongside it), ``clinical_start_s`` (then: loading or
building the term index, spelling corrector, pipeline and the first message's result),
``rss_added_mb`` (resident memory added by the latter), ``cold`` (whether the on-disk
index cache had to be built) and ``message_ms`` (per 4-sentence message afterwards).
In a real cold start the index build overlaps the spaCy import (see
:func:`bot.clinical.pipeline.build_pipeline`), so the sum is an upper bound.
"""
from __future__ import annotations

import json
import resource
import time

MESSAGE = (
    "Hi, I'm writing for my mother. She was diagnosed with non-Hodgkin lymphoma in March and "
    "her oncologist recommends six cycles of chemo. She also has type 2 diabetes and a-fib. "
    "We are not sure the plan is right and would like a second opinion on the lymphoma."
)


def _rss_mb() -> float:
    with open("/proc/self/statm", encoding="ascii") as handle:
        pages = int(handle.read().split()[1])
    return pages * resource.getpagesize() / 2**20


def measure(runs: int = 200) -> dict[str, float | bool]:
    """Times the start-up and the following messages in this process.

    Args:
        runs: Messages to time after the first call.

    Returns:
        The measurements.
    """
    started = time.perf_counter()
    import spacy  # noqa: F401  pylint: disable=import-outside-toplevel,unused-import

    spacy_import_s = time.perf_counter() - started
    before = _rss_mb()
    started = time.perf_counter()
    from bot.clinical import index_cache  # pylint: disable=import-outside-toplevel

    cold = not index_cache.cache_path().exists()
    from bot.clinical.diagnosis import main_diagnosis  # pylint: disable=import-outside-toplevel
    from bot.clinical.pipeline import get_pipeline  # pylint: disable=import-outside-toplevel

    main_diagnosis(MESSAGE)
    clinical_start_s = time.perf_counter() - started
    rss_added = _rss_mb() - before
    nlp = get_pipeline()
    started = time.perf_counter()
    for i in range(runs):
        nlp(f"{MESSAGE} ({i})")
    message_ms = (time.perf_counter() - started) / runs * 1000
    return {
        "spacy_import_s": round(spacy_import_s, 2),
        "clinical_start_s": round(clinical_start_s, 2),
        "rss_added_mb": round(rss_added, 1),
        "cold": cold,
        "message_ms": round(message_ms, 2),
    }


if __name__ == "__main__":
    print(json.dumps(measure()))
