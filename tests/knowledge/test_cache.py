"""The knowledge build cache (knowledge/cache.py): the same objects read as built, and never a wrong answer or
a crash from a corrupt, foreign, stale or unwritable cache."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventcoder.cli import app
from eventcoder.cli.common import ray_recipe, settings
from eventcoder.components.actors.lexicon import Lexicon, _build_packaged_lexicon
from eventcoder.knowledge import cache
from eventcoder.knowledge.gazetteer import Gazetteer

runner = CliRunner()


@pytest.fixture()
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty cache folder of this test, and the cache on."""
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "cache"))
    cache.set_enabled(True)
    yield tmp_path / "cache"
    cache.set_enabled(True)


def _table() -> dict[str, list[int]]:
    return {f"name {i}": [i, i * 2] for i in range(1000)}


def _only_file(folder: Path, name: str = "gazetteer") -> Path:
    files = [p for p in folder.iterdir() if p.name.startswith(f"{name}-")]
    assert len(files) == 1, files
    return files[0]


def test_gazetteer_read_back_equals_built(folder: Path) -> None:
    built = cache.cached("gazetteer", Gazetteer, Gazetteer)
    assert cache.cache_files() == [_only_file(folder)]
    read = cache.cached("gazetteer", lambda: pytest.fail("built again"), Gazetteer)
    assert read is not built
    assert read.names == built.names and list(read.names) == list(built.names)
    assert read.countries == built.countries and read.capitals == built.capitals
    assert read.resolve("Georgia") == built.resolve("Georgia")
    assert read.resolve("Tripoli", context={"LBN"}) == built.resolve("Tripoli", context={"LBN"})


def test_lexicon_read_back_equals_built(folder: Path) -> None:
    built = cache.cached("lexicon", _build_packaged_lexicon, Lexicon)
    read = cache.cached("lexicon", lambda: pytest.fail("built again"), Lexicon)
    for name in ("entries", "forms", "exact", "first", "priority", "shared"):
        assert getattr(read, name) == getattr(built, name), name
    assert list(read.forms) == list(built.forms)
    fresh = _build_packaged_lexicon()
    assert read.entries == fresh.entries and read.forms == fresh.forms


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # truncated
        lambda data: b"",  # empty
        lambda data: b"not a cache file at all\n" + data,  # foreign
        lambda data: data[:-10] + bytes(b ^ 0xFF for b in data[-10:]),  # bits flipped in the payload
        lambda data: data.replace(cache.cache_key().encode(), b"0" * 64, 1),  # another key: stale
    ],
)
def test_damaged_file_is_ignored_with_warning_and_rewritten(
    folder: Path, caplog: pytest.LogCaptureFixture, damage: object
) -> None:
    cache.cached("gazetteer", _table, dict)
    path = _only_file(folder)
    good = path.read_bytes()
    path.write_bytes(damage(good))  # type: ignore[operator]
    with caplog.at_level(logging.WARNING, logger="eventcoder.cache"):
        assert cache.cached("gazetteer", _table, dict) == _table()
    assert "W302" in caplog.text and str(path) in caplog.text
    assert path.read_bytes() == good  # rebuilt and stored again
    assert cache.cached("gazetteer", lambda: pytest.fail("built again"), dict) == _table()


def test_a_pickle_of_another_type_is_ignored(folder: Path, caplog: pytest.LogCaptureFixture) -> None:
    cache.cached("gazetteer", _table, dict)
    with caplog.at_level(logging.WARNING, logger="eventcoder.cache"):
        assert cache.cached("gazetteer", lambda: [1, 2], list) == [1, 2]  # same file, holds a dict
    assert "holds a dict" in caplog.text


def test_unwritable_folder_means_no_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv(cache.CACHE_ENV, str(blocker / "cache"))  # cannot be created, even by root
    assert cache.cached("gazetteer", _table, dict) == _table()
    assert cache.cached("gazetteer", _table, dict) == _table()
    assert cache.cache_files() == [] and cache.clear() == []


def test_an_object_pickle_cannot_store_is_returned_not_raised(folder: Path) -> None:
    # pickle raises TypeError (not PicklingError) for a lock: no caching, never a crash
    held = {"lock": threading.Lock()}
    assert cache.cached("gazetteer", lambda: held, dict) is held
    assert cache.cache_files() == []


def test_a_data_file_changed_while_building_is_not_stored(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = cache.FORMAT

    def build() -> dict[str, list[int]]:
        monkeypatch.setattr(cache, "FORMAT", original + 1)  # the inputs change under the build
        return _table()

    cache.cache_key.cache_clear()
    try:
        assert cache.cached("gazetteer", build, dict) == _table()
        assert cache.cache_files() == []  # stored under the old key it would be read back as current
    finally:
        monkeypatch.setattr(cache, "FORMAT", original)
        cache.cache_key.cache_clear()


def test_disabled_cache_neither_reads_nor_writes(folder: Path) -> None:
    cache.set_enabled(False)
    assert cache.cached("gazetteer", _table, dict) == _table()
    assert not folder.exists()


def test_key_follows_the_version(monkeypatch: pytest.MonkeyPatch) -> None:
    import eventcoder

    before = cache.cache_key()
    cache.cache_key.cache_clear()
    monkeypatch.setattr(eventcoder, "__version__", "0.0.0-other")
    try:
        assert cache.cache_key() != before
    finally:
        cache.cache_key.cache_clear()


def test_old_files_are_pruned_and_clear_keeps_other_files(folder: Path) -> None:
    folder.mkdir(parents=True)
    for n in range(5):
        (folder / f"gazetteer-old{n}.pickle").write_bytes(b"old")
        os.utime(folder / f"gazetteer-old{n}.pickle", (1000 + n, 1000 + n))
    (folder / "notes.txt").write_text("the user's own file")
    cache.cached("gazetteer", _table, dict)
    names = sorted(p.name for p in folder.iterdir())
    assert len([n for n in names if n.startswith("gazetteer-")]) == cache.KEEP
    assert "gazetteer-old4.pickle" in names and "gazetteer-old0.pickle" not in names
    assert len(cache.clear()) == cache.KEEP
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]


_RACE = """
import sys
from eventcoder.knowledge import cache
table = {f"name {i}": [i, i * 2] for i in range(200000)}
print(cache.cached("gazetteer", lambda: table, dict) == table)
"""


def test_two_processes_building_at_once(folder: Path) -> None:
    env = dict(os.environ, **{cache.CACHE_ENV: str(folder)})
    runs = [
        subprocess.Popen([sys.executable, "-c", _RACE], env=env, stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    assert [run.communicate(timeout=60)[0].strip() for run in runs] == ["True", "True"]
    assert [run.returncode for run in runs] == [0, 0]
    assert len(cache.cache_files()) == 1 and not [p for p in folder.iterdir() if p.name.startswith(".")]
    table = {f"name {i}": [i, i * 2] for i in range(200000)}
    assert cache.cached("gazetteer", lambda: pytest.fail("built again"), dict) == table


def test_cli_cache_info_and_clear(folder: Path) -> None:
    cache.cached("gazetteer", _table, dict)
    done = runner.invoke(app, ["cache", "info"])
    assert done.exit_code == 0, done.output
    assert str(folder) in done.output and "gazetteer-" in done.output
    done = runner.invoke(app, ["cache", "clear"])
    assert done.exit_code == 0 and "1 cache files removed" in done.output
    assert cache.cache_files() == []
    assert "Example: eventcoder cache clear" in runner.invoke(app, ["cache", "clear", "--help"]).output


def test_no_cache_reaches_workers_and_ray_actors(monkeypatch: pytest.MonkeyPatch) -> None:
    values = settings(None)
    assert values["cache"] is True and "cache" not in ray_recipe(values)
    monkeypatch.setattr("eventcoder.cli.common.NO_CACHE", [True])
    values = settings(None)
    assert values["cache"] is False and ray_recipe(values)["cache"] is False


def test_cli_output_same_cold_warm_and_without_cache(tmp_path: Path) -> None:
    """`eventcoder code` writes the cache on its first run, reads it on the second; --no-cache builds."""
    articles = tmp_path / "in.jsonl"
    texts = [
        "Chinese President Xi Jinping met Russian President Vladimir Putin in Moscow on Monday.",
        "Protesters in Tripoli, Lebanon, accused the government of corruption, police said on Friday.",
        "The UN Security Council condemned the attack on Georgia's border guards.",
    ]
    articles.write_text(
        "".join(
            json.dumps({"id": str(i), "text": t, "date": "2024-03-04"}) + "\n" for i, t in enumerate(texts)
        )
    )
    eventcoder = str(Path(sys.executable).with_name("eventcoder"))
    env = dict(os.environ, **{cache.CACHE_ENV: str(tmp_path / "cache")})
    outputs = []
    for flags in ([], [], ["--no-cache"]):
        done = subprocess.run(
            [eventcoder, *flags, "code", str(articles)], env=env, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stderr
        assert "W302" not in done.stderr
        outputs.append(done.stdout)
        if not flags:
            assert len(list((tmp_path / "cache").glob("*.pickle"))) == 2
    assert outputs[0] and outputs[0] == outputs[1] == outputs[2]
    assert len(outputs[0].splitlines()) >= 2
