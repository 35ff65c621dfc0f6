import io
import json
from pathlib import Path

import pytest

from eventcoder.io.inputs import normalize_date, read_inputs, read_stream
from eventcoder.records import Article, Failure


def write(path: Path, data: str | bytes) -> Path:
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


def test_txt_file_id_is_stem_and_date_applies(tmp_path):
    write(tmp_path / "story-1.txt", "Beijing condemned the talks.")
    (article,) = read_inputs([str(tmp_path / "story-1.txt")], default_date="2021-08-25")
    assert article == Article(id="story-1", text="Beijing condemned the talks.", date="2021-08-25")


def test_jsonl_good_and_bad_lines_each_reported(tmp_path):
    lines = [
        json.dumps({"id": "a", "text": "One.", "date": "2021-08-25T10:00:00Z", "source": "AFP"}),
        "{not json",
        json.dumps({"id": "c", "title": "no text"}),
        json.dumps({"id": "d", "text": "   "}),
        json.dumps({"id": "e", "text": "Two.", "date": "25/08/2021"}),
        json.dumps(["a list"]),
        "",
        json.dumps({"text": "Three."}),
    ]
    path = write(tmp_path / "batch.jsonl", "\n".join(lines))
    results = list(read_inputs([str(path)]))
    assert [type(r).__name__ for r in results] == [
        "Article",
        "Failure",
        "Failure",
        "Failure",
        "Failure",
        "Failure",
        "Article",
    ]
    assert results[0].date == "2021-08-25" and results[0].source == "AFP"
    codes = [r.error_code for r in results if isinstance(r, Failure)]
    assert codes == ["E103", "E104", "E101", "E105", "E103"]
    assert results[1].article_id == f"{path}:2"
    assert results[-1].id == "batch-8"


def test_binary_and_non_utf8_files_fail_cleanly(tmp_path):
    write(tmp_path / "bin.txt", b"\x00\x01\x02")
    write(tmp_path / "latin.txt", "caf\xe9".encode("latin-1"))
    results = list(read_inputs([str(tmp_path / "bin.txt"), str(tmp_path / "latin.txt")]))
    assert [r.error_code for r in results] == ["E102", "E102"]


def test_missing_empty_and_unsupported(tmp_path):
    write(tmp_path / "empty.txt", "  \n")
    write(tmp_path / "data.csv", "a,b")
    results = list(
        read_inputs([str(tmp_path / "nope.txt"), str(tmp_path / "empty.txt"), str(tmp_path / "data.csv")])
    )
    assert [r.error_code for r in results] == ["E106", "E101", "E109"]


def test_folder_is_recursive_and_sorted(tmp_path):
    write(tmp_path / "b.txt", "B text.")
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub" / "a.jsonl", json.dumps({"id": "x", "text": "X text."}))
    write(tmp_path / "notes.md", "ignored")
    assert [r.id for r in read_inputs([str(tmp_path)])] == ["b", "x"]


def test_json_array_file(tmp_path):
    path = write(tmp_path / "two.json", json.dumps([{"id": "a", "text": "A."}, {"text": "B."}]))
    assert [r.id for r in read_inputs([str(path)])] == ["a", "two-2"]


def test_stdin_jsonl():
    stream = io.StringIO(json.dumps({"id": "s", "text": "From stdin."}) + "\n")
    (article,) = read_stream(stream)
    assert article.id == "s"


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, None), ("", None), ("2021-08-25", "2021-08-25"), ("2021-08-25 09:00", "2021-08-25")],
)
def test_normalize_date(value, expected):
    assert normalize_date(value, "x") == expected
