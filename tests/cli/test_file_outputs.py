"""Every command that writes a file: a bad option leaves it untouched, an unwritable target is one line,
a failed or killed run leaves the old file or a whole new one (issue 12: defects 2, 3, 8, 9)."""

from __future__ import annotations

import errno
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventcoder.cli import app
from eventcoder.store import open_store
from eventcoder.store.synthetic import corpus

pytestmark = pytest.mark.issue(12)
runner = CliRunner()
SEED = Path(__file__).parent.parent.parent / "examples" / "example_article.jsonl"
OLD = "precious old content\n"
MAIN = "from eventcoder.cli import main; main()"


def run(*args: object):  # noqa: ANN201
    return runner.invoke(app, [str(a) for a in args])


def one_line_error(result) -> None:  # noqa: ANN001
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("store") / "synthetic.duckdb"
    with open_store(str(path)) as store:
        store.write(list(corpus(120, 4, days=90)))
    return path


# Commands that write -o FILE, with a valid suffix; {db} is the store.
STORE_WRITERS = {
    "export": ["export", "--db", "{db}", "--format", "jsonl", "-o", "{out}.jsonl"],
    "export-parquet": ["export", "--db", "{db}", "--format", "parquet", "-o", "{out}.parquet"],
    "network": ["network", "--db", "{db}", "-o", "{out}.graphml"],
    "plot-dyad": ["plot", "dyad", "USA", "CHN", "--db", "{db}", "-o", "{out}.png"],
    "plot-goldstein": ["plot", "goldstein", "--db", "{db}", "-o", "{out}.html"],
    "plot-network": ["plot", "network", "--db", "{db}", "-o", "{out}.svg"],
}
BAD_OPTIONS = {
    "export": ["--table", "nonsense"],
    "export-parquet": ["--layout", "nonsense"],
    "network": ["--level", "nonsense"],
    "plot-dyad": ["--freq", "fortnight"],
    "plot-goldstein": ["--since", "not-a-date"],
    "plot-network": ["--quad", "9"],
}


def command(name: str, db: Path, out: Path) -> list[str]:
    return [a.format(db=db, out=out) for a in STORE_WRITERS[name]]


def target(args: list[str]) -> Path:
    return Path(args[args.index("-o") + 1])


@pytest.mark.parametrize("name", sorted(STORE_WRITERS))
def test_issue12_store_writer_bad_option_leaves_file_untouched(name: str, db: Path, tmp_path: Path) -> None:
    args = command(name, db, tmp_path / "out") + BAD_OPTIONS[name]
    out = target(args)
    out.write_text(OLD)
    result = run(*args)
    one_line_error(result)
    assert out.read_text() == OLD
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]  # no temporary file left


@pytest.mark.parametrize("name", sorted(STORE_WRITERS))
def test_issue12_store_writer_unwritable_target_is_one_line(name: str, db: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    result = run(*command(name, db, blocker / "out"))  # a folder that is a file: ENOTDIR, even for root
    one_line_error(result)
    assert "[E306]" in result.stderr or "[E206]" in result.stderr


@pytest.mark.parametrize("name", sorted(STORE_WRITERS))
def test_issue12_store_writer_replaces_the_file_whole(name: str, db: Path, tmp_path: Path) -> None:
    args = command(name, db, tmp_path / "out")
    out = target(args)
    out.write_text(OLD)
    result = run(*args)
    assert result.exit_code == 0, result.output
    assert out.read_bytes() != OLD.encode() and out.stat().st_size > 100
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]


def test_issue12_export_onto_the_store_is_refused(db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(db.read_bytes())
    before = copy.read_bytes()
    result = run("export", "--db", copy, "-o", copy)
    one_line_error(result)
    assert "[E305]" in result.stderr and copy.read_bytes() == before


def test_issue12_export_full_disk_keeps_old_file(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from eventcoder.store import export as export_module

    def full(*args: object, **kwargs: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(export_module, "_write", full)
    out = tmp_path / "e.jsonl"
    out.write_text(OLD)
    result = run("export", "--db", db, "-o", out)
    one_line_error(result)
    assert "No space left" in result.stderr and out.read_text() == OLD
    assert sorted(p.name for p in tmp_path.iterdir()) == ["e.jsonl"]


# --- code -o ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "bad",
    [
        ["--model", "no_such_model_xx"],
        ["--actor-files", "/nonexistent/actors.yaml"],
        ["--format", "xml"],
        ["--date", "2021-13-45"],
        ["--modality", "nonsense"],
    ],
)
def test_issue12_code_bad_option_leaves_output_untouched(bad: list[str], tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    out.write_text(OLD)
    result = run("code", SEED, "-o", out, *bad)
    one_line_error(result)
    assert out.read_text() == OLD


def test_issue12_code_output_onto_its_input_is_refused(tmp_path: Path) -> None:
    data = tmp_path / "x.jsonl"
    data.write_bytes(SEED.read_bytes())
    result = run("code", data, "-o", data)
    one_line_error(result)
    assert "[E305]" in result.stderr and data.read_bytes() == SEED.read_bytes()


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_issue12_code_unwritable_output_is_one_line(fmt: str, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    result = run("code", SEED, "--format", fmt, "-o", blocker / f"events.{fmt}")
    one_line_error(result)
    assert "[E306]" in result.stderr


def test_issue12_code_full_disk_keeps_old_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import eventcoder.io.output as output_module

    def full(records, out):  # noqa: ANN001, ANN202
        for _ in records:
            raise OSError(errno.ENOSPC, "No space left on device")
        return 0

    monkeypatch.setattr(output_module, "write_jsonl", full)
    out = tmp_path / "events.jsonl"
    out.write_text(OLD)
    result = run("code", SEED, "-o", out)
    one_line_error(result)
    assert "No space left" in result.stderr and out.read_text() == OLD
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.jsonl"]


def test_issue12_closed_stdout_is_one_line(tmp_path: Path) -> None:
    """`eventcoder export >&-` and a reader that goes away (`| head -1`) end with one line, no traceback."""
    db = tmp_path / "s.duckdb"
    with open_store(str(db)) as store:
        store.write(list(corpus(30, 3, days=30)))
    closed = subprocess.run(
        [sys.executable, "-c", MAIN, "export", "--db", str(db)],
        stderr=subprocess.PIPE,
        text=True,
        timeout=120,
        preexec_fn=lambda: os.close(1),  # noqa: PLW1509 - the child starts with stdout closed
    )
    assert closed.returncode != 0 and "Traceback" not in closed.stderr
    assert len(closed.stderr.strip().splitlines()) == 1, closed.stderr
    piped = subprocess.run(
        f"'{sys.executable}' -c '{MAIN}' export --db '{db}' --table mentions | head -c 10",
        shell=True,  # noqa: S602 - our own fixed command line
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Traceback" not in piped.stderr and len(piped.stderr.strip().splitlines()) <= 1, piped.stderr


# --- kill -9 while writing: the target is whole or absent (slow: real processes, the real model) --------


def _whole(path: Path, fmt: str) -> bool:
    if fmt == "jsonl":
        text = path.read_text(encoding="utf-8")
        return text.endswith("\n") and all(json.loads(line) for line in text.splitlines())
    import pyarrow.parquet as pq

    return pq.read_table(path).num_rows > 0


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "fmt"), [("code", "jsonl"), ("code", "parquet"), ("export", "jsonl"), ("export", "parquet")]
)
def test_issue12_kill_9_leaves_output_whole_or_old(name: str, fmt: str, db: Path, tmp_path: Path) -> None:
    rng = random.Random(12)
    articles = tmp_path / "in.jsonl"
    seed = json.loads(SEED.read_text(encoding="utf-8"))
    articles.write_text(
        "".join(
            json.dumps({**seed, "id": f"a{i}", "text": seed["text"] + f" ({i})"}) + "\n" for i in range(12)
        )
    )
    out = tmp_path / f"out.{fmt}"
    if name == "code":
        args = ["code", str(articles), "--format", fmt, "-o", str(out)]
    else:
        args = ["export", "--db", str(db), "--table", "mentions", "--format", fmt, "-o", str(out)]
    outcomes = set()
    for attempt in range(4):
        out.write_text(OLD)
        proc = subprocess.Popen([sys.executable, "-c", MAIN, *args], stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.5, 8.0 if name == "code" else 3.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        if out.read_bytes() == OLD.encode():
            outcomes.add("old")
        else:
            assert _whole(out, fmt), f"attempt {attempt}: partial output"
            outcomes.add("whole")
    assert outcomes  # every attempt ended old or whole (asserted above)


SLOW_WRITER = """
import sys, time
from eventcoder.io.atomic import atomic_open, atomic_path
if sys.argv[2] == "open":
    with atomic_open(sys.argv[1], "w") as out:
        for i in range(200):
            out.write(f"line {i}\\n"); out.flush(); time.sleep(0.02)
else:
    with atomic_path(sys.argv[1]) as temp:
        with open(temp, "w") as out:
            for i in range(200):
                out.write(f"line {i}\\n"); out.flush(); time.sleep(0.02)
"""


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["open", "path"])
def test_issue12_kill_9_mid_write_keeps_old_file(kind: str, tmp_path: Path) -> None:
    """The helper every -o goes through (code, export, network, plot): killed mid-write, old file stays."""
    out = tmp_path / "out.txt"
    out.write_text(OLD)
    proc = subprocess.Popen([sys.executable, "-c", SLOW_WRITER, str(out), kind])
    deadline = time.monotonic() + 60
    while (
        not [p for p in tmp_path.iterdir() if p.name.startswith(".out.txt.")] and time.monotonic() < deadline
    ):
        time.sleep(0.05)
    time.sleep(0.5)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert out.read_text() == OLD
    finished = subprocess.run([sys.executable, "-c", SLOW_WRITER, str(out), kind], timeout=120)
    assert finished.returncode == 0 and out.read_text().count("\n") == 200


@pytest.mark.issue(11)
def test_old_actors_option_warns_once_and_still_reads_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import eventcoder.errors

    monkeypatch.setattr(eventcoder.errors, "_DEPRECATED_SEEN", set())
    mine = tmp_path / "mine.yaml"
    mine.write_text("- name: Jane Roe\n  roles:\n    - {code: FRAGOV}\n", encoding="utf-8")
    article = tmp_path / "a.jsonl"
    article.write_text(
        json.dumps({"id": "a", "date": "2024-05-02", "text": "Jane Roe accused Germany of spying on Monday."})
        + "\n"
    )
    old = run("code", article, "--actors", mine, "--actors", mine)
    new = run("code", article, "--actor-files", mine)
    assert old.exit_code == new.exit_code == 0, old.output
    assert old.stdout == new.stdout and '"code":"FRAGOV"' in new.stdout
    assert old.stderr.count("[W301] --actors is deprecated: use --actor-files") == 1
    assert "W301" not in new.stderr
