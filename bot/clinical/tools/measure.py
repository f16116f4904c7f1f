"""Measures start-up time, added memory and per-message time of the clinical pipeline.

Run in a fresh process (the numbers are per process)::

    python -m bot.clinical.tools.measure

Prints one JSON object: ``import_spacy_s`` (importing spaCy, which also imports the
machine-learning libraries installed alongside it), ``build_s`` (term index load or
build, spelling corrector, pipeline), ``rss_added_mb`` (resident memory added by the
build), ``cold`` (whether the on-disk index cache had to be built) and ``message_ms``.
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
    """Builds the pipeline in this process and times it.

    Args:
        runs: Messages to time.

    Returns:
        The measurements.
    """
    started = time.perf_counter()
    import spacy  # noqa: F401  pylint: disable=import-outside-toplevel,unused-import

    import_s = time.perf_counter() - started
    from bot.clinical import lexicon  # pylint: disable=import-outside-toplevel
    from bot.clinical.pipeline import build_pipeline  # pylint: disable=import-outside-toplevel

    cold = not lexicon.cache_path().exists()
    before = _rss_mb()
    started = time.perf_counter()
    nlp = build_pipeline()
    build_s = time.perf_counter() - started
    nlp(MESSAGE)
    started = time.perf_counter()
    for i in range(runs):
        nlp(f"{MESSAGE} ({i})")
    message_ms = (time.perf_counter() - started) / runs * 1000
    return {
        "import_spacy_s": round(import_s, 2),
        "build_s": round(build_s, 2),
        "rss_added_mb": round(_rss_mb() - before, 1),
        "cold": cold,
        "message_ms": round(message_ms, 2),
    }


if __name__ == "__main__":
    print(json.dumps(measure()))
