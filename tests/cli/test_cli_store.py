"""The store commands: ingest with the real pipeline once, then queries, charts, exports and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventcoder.cli import app
from eventcoder.store import open_store
from eventcoder.store.synthetic import corpus

pytestmark = pytest.mark.issue(7)
runner = CliRunner()
SEED = Path(__file__).parents[2] / "examples" / "example_article.jsonl"


def run(*args: str):  # noqa: ANN201
    return runner.invoke(app, [str(a) for a in args])


def test_ingest_then_query_and_export(tmp_path: Path) -> None:
    seed = json.loads(SEED.read_text(encoding="utf-8"))
    inputs = tmp_path / "news.jsonl"
    copy = {**seed, "id": "copy", "source": "Other outlet"}  # same text: stored once
    inputs.write_text("\n".join(json.dumps(a) for a in (seed, copy, {"id": "empty", "text": " "})) + "\n")
    db = tmp_path / "events.duckdb"

    first = run("ingest", inputs, "--db", db)
    assert first.exit_code == 1, first.output  # one input line failed
    assert "Traceback" not in first.output
    assert "1 articles stored" in first.stderr and "1 already stored" in first.stderr
    assert "[E101]" in first.stderr

    again = run("ingest", inputs, "--db", db)
    assert "0 articles stored" in again.stderr and "2 already stored" in again.stderr

    listed = run("events", "--db", db)
    assert listed.exit_code == 0, listed.output
    assert "counted occurred events: asserted or reported, not negated" in listed.stderr
    events = [json.loads(line) for line in listed.stdout.splitlines()]
    assert {e["modality"] for e in events} <= {"asserted", "reported"} and not any(
        e["negated"] for e in events
    )
    everything = run("events", "--db", db, "--modality", "any", "--negated", "any")
    future = run("events", "--db", db, "--modality", "future")
    assert [json.loads(line)["modality"] for line in future.stdout.splitlines()] == ["future"]  # the talks
    with open_store(str(db), read_only=True) as store:
        occurred = store.execute(
            "SELECT count(*) FROM events WHERE modality IN ('asserted', 'reported') AND NOT negated"
        )[0][0]
        assert len(events) == occurred >= 3 and len(everything.stdout.splitlines()) == store.count("events")
        assert store.count("articles") == 1 and store.count("failures") == 1
        assert store.execute("SELECT status FROM runs ORDER BY started_at") == [("done",), ("done",)]

    gdelt = run("export", "--db", db, "--layout", "gdelt", "--format", "csv")
    assert gdelt.exit_code == 0
    lines = gdelt.stdout.splitlines()
    assert len(lines) == len(events) and all(len(line.split("\t")) == 61 for line in lines)
    mentions = run(
        "export", "--db", db, "--table", "mentions", "--format", "parquet", "-o", tmp_path / "m.pq"
    )
    assert mentions.exit_code == 0 and (tmp_path / "m.pq").stat().st_size > 0


@pytest.fixture
def synthetic_db(tmp_path: Path) -> Path:
    path = tmp_path / "synthetic.duckdb"
    with open_store(str(path)) as store:
        store.write(list(corpus(200, 5, days=120)))
    return path


def test_dyad_network_and_plots(synthetic_db: Path, tmp_path: Path) -> None:
    dyad = run("dyad", "USA", "CHN", "--db", synthetic_db, "--freq", "month", "--format", "jsonl")
    assert dyad.exit_code == 0, dyad.output
    rows = [json.loads(line) for line in dyad.stdout.splitlines()]
    assert rows and set(rows[0]) >= {"period", "events", "mentions", "goldstein_sum", "q4_material_conflict"}
    table = run("dyad", "USA", "CHN", "--db", synthetic_db)
    assert "goldstein" in table.stdout
    edges = run("network", "--db", synthetic_db, "--level", "country", "--min-events", "3")
    assert edges.exit_code == 0
    assert all(json.loads(line)["weight"] >= 3 for line in edges.stdout.splitlines())
    assert run("network", "--db", synthetic_db, "-o", tmp_path / "n.gexf").exit_code == 0
    for args in (("dyad", "USA", "CHN"), ("goldstein", "--country", "UKR"), ("network",)):
        out = tmp_path / f"{args[0]}.html"
        result = run("plot", *args, "--db", synthetic_db, "-o", out)
        assert result.exit_code == 0, result.output
        assert "<svg" in out.read_text()
    filtered = run("events", "--db", synthetic_db, "--dyad", "USA,CHN", "--quad", "4", "--format", "csv")
    assert filtered.exit_code == 0 and filtered.stdout.startswith("event_key,")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("events", "--db", "{tmp}/missing.duckdb"), "[E201]"),
        (("events", "--db", "{tmp}/corrupt.duckdb"), "[E201]"),
        (("ingest", "{tmp}/in.jsonl", "--db", "{tmp}/corrupt.duckdb"), "[E201]"),
        (("ingest", "{tmp}/in.jsonl", "--db", "postgresql://nobody@127.0.0.1:1/x"), "[E201]"),
        (("export", "--db", "sqlite:///x.db"), "[E202]"),
        (("export", "--db", "{tmp}/ok.duckdb", "--format", "parquet"), "[E303]"),
        (("dyad", "A", "B", "--db", "{tmp}/ok.duckdb", "--freq", "hourly"), "[E303]"),
        (("events", "--db", "{tmp}/ok.duckdb", "--dyad", "USA"), "[E303]"),
        (("plot", "network", "--db", "{tmp}/ok.duckdb", "-o", "{tmp}/x.pdf"), "[E303]"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    (tmp_path / "corrupt.duckdb").write_bytes(b"\x00garbage" * 512)
    (tmp_path / "in.jsonl").write_text(json.dumps({"id": "a", "text": "China condemned Japan."}) + "\n")
    open_store(str(tmp_path / "ok.duckdb")).close()
    result = run(*(a.replace("{tmp}", str(tmp_path)) for a in args))
    assert result.exit_code == 2, result.output
    assert result.stderr.strip().startswith(message) and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output
    assert not (tmp_path / "missing.duckdb").exists()
    assert (tmp_path / "corrupt.duckdb").read_bytes() == b"\x00garbage" * 512


@pytest.mark.issue(17)
def test_optimize_rewrites_events_in_date_order(tmp_path: Path) -> None:
    db = tmp_path / "events.duckdb"
    with open_store(str(db)) as store:
        store.write(list(corpus(50, 4, seed=3)))
        before = store.execute("SELECT event_num, date, n_mentions FROM events ORDER BY event_num")
    result = run("optimize", "--db", db)
    assert result.exit_code == 0, result.output
    assert "events rewritten in date order" in result.stderr
    with open_store(str(db), read_only=True) as store:
        assert store.execute("SELECT event_num, date, n_mentions FROM events ORDER BY event_num") == before
        dates = [row[0] for row in store.execute("SELECT date FROM events")]
        assert dates == sorted(dates)
    missing = run("optimize", "--db", tmp_path / "nowhere" / "x.duckdb")
    assert missing.exit_code == 2 and "[E201]" in missing.stderr


# CLI and Python share filter names (issue 11) -------------------------------------------------------------

NOT_FILTERS = {  # options that are not event filters: output, store, display and graph settings
    "db", "config", "output", "table", "format", "freq", "level", "min_events", "max_nodes", "limit", "help",
    "order", "layout", "fmt",
}  # fmt: skip


@pytest.mark.issue(11)
def test_cli_filter_options_are_the_python_filter_keywords() -> None:
    import typer.main

    from eventcoder.store import analytics

    command = typer.main.get_command(app)
    checked = 0
    for path in (
        ("events",),
        ("dyad",),
        ("network",),
        ("plot", "dyad"),
        ("plot", "goldstein"),
        ("plot", "network"),
    ):
        cmd = command
        for name in path:
            cmd = cmd.commands[name]  # type: ignore[attr-defined]
        for param in cmd.params:
            if param.param_type_name != "option" or param.name in NOT_FILTERS:
                continue
            flag = max(param.opts, key=len).lstrip("-").replace("-", "_")
            assert flag == param.name, (path, param.opts)  # --since is since=, --quad is quad=
            analytics._filters(**{flag: None})  # [E303] for a name analytics.events(...) does not take
            checked += 1
    assert checked >= 30


@pytest.mark.issue(14)
def test_a_grouping_keeps_its_members_from_ingest_to_export_and_dyads(tmp_path: Path) -> None:
    """The real pipeline codes "the G7" with its member states; the store, exports and --members keep them."""
    g7 = ["USA", "CAN", "GBR", "FRA", "DEU", "ITA", "JPN"]
    text = "The G7 condemned Russia on Friday over the attacks. France denounced Iran on Saturday."
    inputs = tmp_path / "g7.jsonl"
    inputs.write_text(json.dumps({"id": "g7", "date": "2023-05-20", "text": text}) + "\n")
    db = tmp_path / "events.duckdb"
    assert run("ingest", inputs, "--db", db).exit_code == 0
    listed = run("export", "--db", db, "--format", "jsonl")
    events = {e["source_code"]: e["source_members"] for e in map(json.loads, listed.stdout.splitlines())}
    assert events == {"IGO": g7, "FRA": None}
    table = run("events", "--db", db, "--country", "JPN", "--members", "--format", "csv")
    assert table.exit_code == 0, table.output
    assert table.stdout.splitlines()[1].count('"[""USA"", ""CAN""') == 1  # members as JSON text in CSV
    assert len(run("events", "--db", db, "--country", "JPN", "--format", "csv").stdout.splitlines()) == 1

    def dyad(*extra: str) -> int:
        result = run("dyad", "USA", "RUS", "--db", db, "--format", "jsonl", *extra)
        return sum(json.loads(line)["events"] for line in result.stdout.splitlines())

    assert (dyad(), dyad("--members")) == (0, 1)
