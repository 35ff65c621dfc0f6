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


@pytest.mark.issue(12)
def test_issue12_bad_byte_fails_only_its_jsonl_line(tmp_path):
    good = json.dumps({"id": "a", "text": "One."}).encode()
    latin = json.dumps({"id": "b", "text": "caf"}).encode().replace(b"caf", b"caf\xe9")
    sep = json.dumps({"id": "c", "text": "Line\u2028separator inside."}, ensure_ascii=False).encode()
    path = write(
        tmp_path / "mixed.jsonl", b"\xef\xbb\xbf" + good + b"\n" + latin + b"\r\n" + sep + b"\n\x00\n"
    )
    results = list(read_inputs([str(path)]))
    assert [getattr(r, "id", None) or r.error_code for r in results] == ["a", "E102", "c", "E102"]
    assert results[1].article_id == f"{path}:2"


@pytest.mark.issue(12)
def test_issue12_stdin_bad_byte_fails_only_its_line():
    raw = io.BytesIO(b'{"id": "x", "text": "caf\xe9"}\n{"id": "y", "text": "Fine."}\n')
    stream = io.TextIOWrapper(raw, encoding="utf-8")
    results = list(read_stream(stream))
    assert [getattr(r, "id", None) or r.error_code for r in results] == ["E102", "y"]


@pytest.mark.issue(12)
def test_issue12_jsonl_is_streamed_not_read_whole(tmp_path):
    """Reading a 60 MB JSONL file raises peak memory by far less than the file's size (was about 3x)."""
    import subprocess
    import sys

    path = tmp_path / "big.jsonl"
    line = json.dumps({"id": "x", "text": "The minister said the talks would resume. " * 150}) + "\n"
    with path.open("w") as f:
        for _ in range(60 * 1024 * 1024 // len(line)):
            f.write(line)
    script = (
        "import resource, sys\n"
        "from eventcoder.io.inputs import read_inputs\n"
        "base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "n = sum(1 for _ in read_inputs([sys.argv[1]]))\n"
        "print(n, (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base) // 1024)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script, str(path)], capture_output=True, text=True, check=True
    )
    n, grown_mb = map(int, out.stdout.split())
    assert n > 9000 and grown_mb < 20, out.stdout


@pytest.mark.issue(12)
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2021-08-25T10:00:00Z", "2021-08-25"),
        ("2021-08-25T10:00:00.123+02:00", "2021-08-25"),
        ("2021-08-25 10:00:00 UTC", "2021-08-25"),
        ("0001-01-01", "0001-01-01"),
        ("9999-12-31", "9999-12-31"),
        ("2021-08-25garbage", None),
        ("2021-08-25 garbage", None),
        ("2021-02-30", None),
        ("21-08-25", None),
    ],
)
def test_issue12_dates_strict(value, expected):
    from eventcoder.errors import ArticleError

    if expected is None:
        with pytest.raises(ArticleError):
            normalize_date(value, "x")
    else:
        assert normalize_date(value, "x") == expected


@pytest.mark.issue(12)
def test_issue12_symlinked_folders_are_read_and_loops_reported(tmp_path):
    import os

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "news").mkdir()
    write(elsewhere / "linked.txt", "Through a linked folder.")
    news = tmp_path / "news"
    write(news / "a.txt", "Plain file.")
    os.symlink(elsewhere, news / "sub")  # a symlinked subfolder: read
    os.symlink(news, news / "again")  # a link back to an ancestor: not read twice, no endless walk
    os.symlink(news / "loop.txt", news / "loop.txt")  # a link to itself
    os.symlink(tmp_path / "gone.txt", news / "dangling.txt")
    results = list(read_inputs([str(news)]))
    articles = sorted(r.id for r in results if isinstance(r, Article))
    assert articles == ["a", "linked"]
    failures = {Path(r.article_id).name: r.message for r in results if isinstance(r, Failure)}
    assert set(failures) == {"loop.txt", "dangling.txt"}
    assert "symbolic links" in failures["loop.txt"] and "broken symbolic link" in failures["dangling.txt"]
    (top,) = read_inputs([str(news / "loop.txt")])
    assert top.error_code == "E108" and "does not exist" not in top.message


ISSUE12_PAGE = (
    "<html><head>{meta}<title>Élection à Genève</title></head><body><article><h1>Élection à Genève</h1>"
    "<p>Les électeurs genevois ont approuvé dimanche une réforme fiscale, a annoncé le Conseil d'État "
    "après le dépouillement. Le président a salué « un résultat clair » devant la presse à Genève.</p>"
    "<p>La participation a atteint 45 %, un niveau élevé pour un scrutin cantonal, selon les chiffres "
    "officiels publiés lundi matin par la chancellerie.</p></article></body></html>"
)


ISSUE12_RUSSIAN = (
    "<html><head>{meta}<title>Выборы</title></head><body><article><p>Избиратели одобрили в воскресенье "
    "налоговую реформу, сообщила избирательная комиссия после подсчёта голосов в столице региона.</p>"
    "<p>Явка составила сорок пять процентов, говорится в официальном сообщении комиссии.</p>"
    "</article></body></html>"
)


@pytest.mark.issue(12)
@pytest.mark.parametrize(
    ("meta", "codec", "page", "expected"),
    [
        ('<meta charset="iso-8859-1">', "cp1252", ISSUE12_PAGE, "électeurs genevois ont approuvé"),
        (
            "<meta http-equiv='Content-Type' content='text/html; charset=windows-1252'>",
            "cp1252",
            ISSUE12_PAGE,
            "électeurs genevois ont approuvé",
        ),
        ('<meta charset="koi8-r">', "koi8-r", ISSUE12_RUSSIAN, "Избиратели одобрили"),
        ('<meta charset="windows-1251">', "cp1251", ISSUE12_RUSSIAN, "Избиратели одобрили"),
        ("", "utf-8", ISSUE12_PAGE, "électeurs genevois ont approuvé"),
    ],
)
def test_issue12_html_declared_charset_is_honoured(tmp_path, meta, codec, page, expected):
    path = write(tmp_path / "page.html", page.format(meta=meta).encode(codec))
    (article,) = read_inputs([str(path)])
    assert isinstance(article, Article), article
    assert expected in article.text and "\ufffd" not in article.text


@pytest.mark.issue(12)
def test_issue12_undeclared_non_utf8_html_is_still_e102(tmp_path):
    path = write(tmp_path / "page.html", ISSUE12_PAGE.format(meta="").encode("cp1252"))
    (failure,) = read_inputs([str(path)])
    assert failure.error_code == "E102"
