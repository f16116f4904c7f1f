"""On-disk cache and process-wide copy of the term index."""
from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from bot.clinical import index_cache, lexicon
from bot.clinical.index_cache import get_index


def test_cache_round_trip_and_corrupt_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    index = get_index()
    path = tmp_path / "clinical" / "term-index-test.pkl"
    index_cache.write_cache(index, path)
    loaded = index_cache.load_or_build(path)
    assert len(loaded.keys) == len(index.keys) and loaded.codes == index.codes

    path.write_bytes(b"not a pickle")
    monkeypatch.setattr(index_cache, "build_index", lambda: index)
    assert index_cache.load_or_build(path, in_child=False) is index
    assert isinstance(pickle.loads(path.read_bytes()), lexicon.TermIndex)


def test_cache_directory_follows_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    assert index_cache.cache_path().parent == tmp_path / "clinical"
    monkeypatch.delenv("DATA_DIR")
    assert index_cache.cache_dir() == Path("./data/cache") / "clinical"


def test_build_falls_back_to_this_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    index = get_index()

    def broken_popen(*_args: object, **_kwargs: object) -> None:
        raise OSError("no child processes here")

    monkeypatch.setattr(index_cache.subprocess, "Popen", broken_popen)
    monkeypatch.setattr(index_cache, "_CHILD", None)
    monkeypatch.setattr(index_cache, "build_index", lambda: index)
    path = tmp_path / "clinical" / "term-index-fallback.pkl"
    (tmp_path / "clinical").mkdir()
    (tmp_path / "clinical" / "term-index-old.pkl").write_bytes(b"stale")
    assert index_cache.load_or_build(path) is index
    assert [p.name for p in (tmp_path / "clinical").iterdir()] == ["term-index-fallback.pkl"]
