"""On-disk cache and process-wide copy of the term index.

The index (:mod:`bot.clinical.lexicon`) is pickled under ``$DATA_DIR/clinical`` (default
``./data/cache/clinical``, created on demand) under a name keyed by a fingerprint of the
code-set version, the data files, the derivation code and
:data:`bot.clinical.lexicon.INDEX_FORMAT`; a corrupt or stale cache is rebuilt and stale
files are removed.

A missing cache is built in a child process (``python -m bot.clinical.index_cache``), so
the code-set library and the build's scratch memory never stay in the serving process and
the build can overlap other start-up work (:func:`prepare`). The same command, with an
optional path, is the build step that pre-fills the cache.
"""
from __future__ import annotations

import hashlib
import logging
import os
import pickle
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from bot.clinical import icd
from bot.clinical.fuzzy import ENGLISH_WORDS_FILE
from bot.clinical.lexicon import ANSWER_ONLY_FILE, INDEX_FORMAT, TermIndex, build_index
from bot.clinical.synonyms import SYNONYM_FILES

LOG = logging.getLogger(__name__)

DATA_DIR_ENV = "DATA_DIR"
DEFAULT_DATA_DIR = "./data/cache"
_DERIVATION_MODULES = ("text.py", "variants.py", "icd.py", "lexicon.py")


def _fingerprint() -> str:
    """Identifies the inputs of the index (code set, synonym files, format)."""
    digest = hashlib.sha256(f"{INDEX_FORMAT}|{icd.code_set_version()}".encode())
    for path in (*SYNONYM_FILES, ANSWER_ONLY_FILE, ENGLISH_WORDS_FILE):
        if path.exists():
            digest.update(path.read_bytes())
    for module in _DERIVATION_MODULES:
        digest.update((Path(__file__).resolve().parent / module).read_bytes())
    return digest.hexdigest()[:16]


def cache_dir() -> Path:
    """Directory holding the pickled index (``$DATA_DIR/clinical``)."""
    return Path(os.environ.get(DATA_DIR_ENV) or DEFAULT_DATA_DIR) / "clinical"


def cache_path() -> Path:
    """Path of the pickled index for the current inputs."""
    return cache_dir() / f"term-index-{_fingerprint()}.pkl"


def write_cache(index: TermIndex, path: Path) -> None:
    """Writes the index atomically and removes stale index files beside it.

    Args:
        index: The index.
        path: Target file.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".term-index-", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(index, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        for stale in path.parent.glob("term-index-*.pkl"):
            if stale.name != path.name:
                stale.unlink(missing_ok=True)
    except OSError as exc:  # read-only or full disk: keep working from memory
        LOG.warning("could not cache the clinical term index: %s", exc)


def read_cache(path: Path) -> TermIndex | None:
    """Reads a cached index.

    Args:
        path: Cache file.

    Returns:
        The index, or None when the file is missing or unreadable.
    """
    if not path.exists():
        return None
    try:
        with path.open("rb") as handle:
            index = pickle.load(handle)
        if isinstance(index, TermIndex):
            return index
    except Exception as exc:  # noqa: BLE001 - any unreadable cache is rebuilt
        LOG.warning("rebuilding unreadable clinical term index cache: %s", exc)
    return None


_CHILD_LOCK = threading.Lock()
_CHILD: "subprocess.Popen[bytes] | None" = None


def _start_child(path: Path) -> "subprocess.Popen[bytes] | None":
    """Starts (once per process) a child process that builds the cache file."""
    global _CHILD  # pylint: disable=global-statement
    with _CHILD_LOCK:
        if _CHILD is not None:
            return _CHILD
        root = Path(__file__).resolve().parents[2]
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(root), env.get("PYTHONPATH", "")) if p)
        try:
            _CHILD = subprocess.Popen(  # pylint: disable=consider-using-with
                [sys.executable, "-m", "bot.clinical.index_cache", str(path)],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        except OSError as exc:
            LOG.warning("could not start the clinical term index build: %s", exc)
            return None
        return _CHILD


def prepare(path: Path | None = None) -> None:
    """Starts building the cache in the background when it is missing (returns at once).

    Call it early (before other slow imports) so the build overlaps them.

    Args:
        path: Cache file (defaults to :func:`cache_path`).
    """
    path = path or cache_path()
    if not path.exists():
        _start_child(path)


def _build_in_child(path: Path, timeout: float = 600.0) -> bool:
    """Builds the cache file in a child process; False when that is not possible."""
    child = _start_child(path)
    if child is None:
        return False
    try:
        child.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        LOG.warning("the clinical term index build timed out")
        return False
    return child.returncode == 0 and path.exists()


def load_or_build(path: Path | None = None, in_child: bool = True) -> TermIndex:
    """Loads the cached index or builds (and caches) it.

    Args:
        path: Cache file to use (defaults to :func:`cache_path`).
        in_child: Build in a child process (falls back to this process).

    Returns:
        The term index.
    """
    path = path or cache_path()
    index = read_cache(path)
    if index is not None:
        return index
    if in_child and _build_in_child(path):
        index = read_cache(path)
        if index is not None:
            return index
    index = build_index()
    write_cache(index, path)
    return index


_LOCK = threading.Lock()
_INDEX: TermIndex | None = None


def get_index() -> TermIndex:
    """The process-wide term index (loaded or built on first use).

    Returns:
        The shared index.
    """
    global _INDEX  # pylint: disable=global-statement
    if _INDEX is None:
        with _LOCK:
            if _INDEX is None:
                _INDEX = load_or_build()
    return _INDEX


def main(argv: list[str] | None = None) -> None:
    """Builds the index and writes it to the cache file (the path given, or the default).

    Args:
        argv: Command-line arguments (``[PATH]``).
    """
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0]) if args else cache_path()
    write_cache(build_index(), path)


if __name__ == "__main__":
    main()
