"""The CLI end to end on real text (the full pipeline)."""

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventcoder.cli import app
from eventcoder.records import EventRecord

EXAMPLE = Path(__file__).parents[2] / "examples" / "example_article.jsonl"
runner = CliRunner()


def test_code_seed_prints_valid_records():
    result = runner.invoke(app, ["code", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    records = [EventRecord.model_validate_json(line) for line in lines]
    assert len(records) >= 5
    first = json.loads(lines[0])
    assert set(first) == set(EventRecord.model_fields)
    text = json.loads(EXAMPLE.read_text())["text"]
    for record in records:
        assert text[record.trigger.start : record.trigger.end] == record.trigger.text
        assert text[record.sentence_start : record.sentence_end] == record.sentence
        for actor in (record.source, record.target):
            if actor is not None:
                assert text[actor.start : actor.end] == actor.text
    assert "1 articles coded" in result.stderr


def test_bad_lines_are_skipped_with_one_line_messages(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_text(
        "\n".join(
            [
                "{broken",
                json.dumps({"id": "empty", "text": " "}),
                json.dumps({"id": "baddate", "text": "China condemned Japan.", "date": "yesterday"}),
                json.dumps({"id": "good", "text": "China condemned Japan on Monday.", "date": "2021-08-25"}),
            ]
        )
    )
    result = runner.invoke(app, ["code", str(path)])
    assert result.exit_code == 0
    assert "Traceback" not in result.output
    messages = [line for line in result.stderr.splitlines() if line.startswith("skipped")]
    assert len(messages) == 3
    assert f"{path}:1" in messages[0] and "[E103]" in messages[0]
    assert "[E105]" in messages[2]
    assert {json.loads(line)["article_id"] for line in result.stdout.splitlines()} <= {"good"}


def test_nothing_coded_exits_1(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes(b"\x00\xff binary")
    result = runner.invoke(app, ["code", str(path)])
    assert result.exit_code == 1
    assert "[E102]" in result.stderr and "Traceback" not in result.output


def test_csv_and_parquet_outputs(tmp_path):
    csv_path, parquet_path = tmp_path / "e.csv", tmp_path / "e.parquet"
    assert runner.invoke(app, ["code", str(EXAMPLE), "--format", "csv", "-o", str(csv_path)]).exit_code == 0
    assert csv_path.read_text().splitlines()[0].startswith("event_id,article_id,sentence_id")
    assert (
        runner.invoke(app, ["code", str(EXAMPLE), "--format", "parquet", "-o", str(parquet_path)]).exit_code
        == 0
    )
    import pyarrow.parquet as pq

    with csv_path.open(newline="") as f:
        rows = list(csv.DictReader(f))
    assert rows and pq.read_table(parquet_path).num_rows == len(rows)


def test_txt_input_with_date_option(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("Russian troops attacked Ukrainian positions near Kharkiv on Tuesday.", encoding="utf-8")
    result = runner.invoke(app, ["code", str(path), "--date", "2022-05-12"])
    assert result.exit_code == 0
    records = [EventRecord.model_validate_json(line) for line in result.stdout.splitlines()]
    assert records and all(r.article_id == "story" for r in records)
    assert records[0].event_date == "2022-05-10"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["code", str(EXAMPLE), "--model", "no_such_model_pkg"], "[E301]"),
        (["code", str(EXAMPLE), "--format", "xml"], "[E303]"),
        (["code", str(EXAMPLE), "--date", "25.08.2021"], "[E105]"),
    ],
)
def test_could_not_start_exits_2(args, message):
    result = runner.invoke(app, args)
    assert result.exit_code == 2 and message in result.stderr


def test_every_command_help_shows_an_example():
    for name in [c.name or c.callback.__name__ for c in app.registered_commands]:
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0 and "Example:" in result.stdout, name


def test_every_command_group_and_its_commands_show_an_example():
    assert app.registered_groups
    for group in app.registered_groups:
        sub = group.typer_instance
        assert sub is not None and group.name
        for args in [[group.name]] + [
            [group.name, c.name or c.callback.__name__] for c in sub.registered_commands
        ]:
            result = runner.invoke(app, [*args, "--help"])
            assert result.exit_code == 0 and "Example:" in result.stdout, args


def test_eval_on_gold_sentences(tmp_path):
    gold = tmp_path / "g.jsonl"
    gold.write_text(
        json.dumps(
            {
                "id": "s1",
                "text": "China accused Japan of provocations on Monday.",
                "date": "2021-08-25",
                "events": [
                    {
                        "source_country": "CHN",
                        "target_country": "JPN",
                        "cameo": "112",
                        "cameo_root": "11",
                        "plover": "ACCUSE",
                    }
                ],
            }
        )
        + "\n"
    )
    result = runner.invoke(app, ["eval", str(gold), "--json"])
    assert result.exit_code == 0, result.output
    (report,) = json.loads(result.stdout)
    assert report["items"] == 1 and report["overall"]["type"]["tp"] + report["overall"]["type"]["fn"] == 1


def test_modality_and_negation_switches(tmp_path):
    path = tmp_path / "m.jsonl"
    text = "If Russia attacks, NATO could bomb Russian bases. Russia did not attack Ukraine."
    path.write_text(json.dumps({"id": "m", "text": text, "date": "2022-01-10"}))

    def coded(*args):
        result = runner.invoke(app, ["code", str(path), *args])
        assert result.exit_code == 0, result.output
        return [EventRecord.model_validate_json(line) for line in result.stdout.splitlines()]

    default = coded()
    assert [(r.modality, r.negated) for r in default] == [("asserted", True)]
    assert all(r.modality == "hypothetical" for r in coded("--modality", "hypothetical"))
    assert coded("--modality", "hypothetical")
    assert coded("--drop-negated") == []
    bad = runner.invoke(app, ["code", str(path), "--modality", "maybe"])
    assert bad.exit_code == 2 and "[E303]" in bad.stderr


@pytest.mark.issue(12)
@pytest.mark.parametrize(
    "content",
    [
        b'["not an object"]\n',
        b'{"id": "a", "text": "Rebels attacked the town.", "events": "none"}\n',
        b'{"id": "a", "text": "Rebels attacked the town.", "events": [{"cameo_root": 19}]}\n',
        b'{"id": "a", "text": "Rebels attacked the town.", "gold": {"core": 3}}\n',
        b'{"id": "a", "text": "caf\xe9", "events": []}\n',
        b"[" * 50_000 + b"\n",
    ],
)
def test_issue12_eval_malformed_gold_is_one_line(tmp_path, content):
    path = tmp_path / "gold.jsonl"
    path.write_bytes(content)
    result = runner.invoke(app, ["eval", str(path)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1 and str(path) in result.stderr, result.stderr


def test_the_console_entry_point_freezes_what_is_alive_at_exit() -> None:
    """`eventcoder` (main) freezes the objects alive at exit: the final collection does not walk the pipeline.

    The script's own exit handler, registered before main's, runs after it (atexit runs in reverse order)."""
    script = (
        "import atexit, gc, sys\n"
        "atexit.register(lambda: print('frozen', gc.get_freeze_count() > 1000, file=sys.stderr))\n"
        "from eventcoder.cli import main\n"
        "sys.argv = ['eventcoder', '--help']\n"
        "main()\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "frozen True" in done.stderr
