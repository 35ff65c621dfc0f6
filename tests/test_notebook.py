"""Issue 11: notebooks (DataFrames, HTML views), spaCy use (publication date, displaCy spans), first hour."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import spacy
from typer.testing import CliRunner

import eventcoder
from eventcoder.cli import app
from eventcoder.errors import ArticleError, ConfigError, Warnings
from eventcoder.io.output import flat_columns

pytestmark = pytest.mark.issue(11)
ROOT = Path(__file__).parent.parent
TEXT = "Vietnam accused China on Wednesday of attacking a fishing boat near the Paracel Islands."


@pytest.fixture(scope="module")
def records(nlp: spacy.language.Language) -> eventcoder.Records:
    return eventcoder.code(TEXT, date="2025-03-12", nlp=nlp)


def test_code_results_convert_to_polars_and_pandas(records: eventcoder.Records) -> None:
    assert records, "the example sentence is coded"
    frame = records.to_frame()
    assert frame.columns == flat_columns() and frame.height == len(records)
    first = frame.row(0, named=True)
    assert (first["source_code"], first["target_code"], first["cameo"]) == ("VNM", "CHN", "112")
    pandas = records.to_frame("pandas")
    assert list(pandas.columns) == flat_columns() and len(pandas) == len(records)
    assert records[0].to_frame().height == 1
    with pytest.raises(ConfigError, match=r"\[E303\]"):
        records.to_frame("spark")


def test_code_articles_results_convert_to_one_frame(nlp: spacy.language.Language) -> None:
    items = [{"id": "a", "text": TEXT, "date": "2025-03-12"}, {"id": "b", "text": TEXT, "date": "2025-03-13"}]
    coded = list(eventcoder.code_articles(items, nlp))
    frame = eventcoder.to_frame(coded)
    assert sorted(set(frame["article_id"].to_list())) == ["a", "b"]
    assert coded[0].to_frame().height == len(coded[0].records)


def test_html_view_highlights_the_evidence(records: eventcoder.Records) -> None:
    view = records._repr_html_()
    assert "<mark style='background:#cfe2ff' title='source VNM'>Vietnam</mark>" in view
    assert re.search(r"<mark [^>]*title='CAMEO 112'>accused</mark>", view)
    assert re.search(r"<mark [^>]*title='date 2025-03-12'>Wednesday</mark>", view)
    assert "asserted" in records[0]._repr_html_()


def test_displacy_spans_and_publication_date_api(nlp: spacy.language.Language) -> None:
    doc = nlp.make_doc("Russia accused Ukraine on Friday.")
    eventcoder.set_publication_date(doc, "2021-08-25")
    doc = eventcoder.set_actor_spans(nlp(doc))
    assert [(s.text, s.label_) for s in doc.spans["eventcoder_actors"]] == [
        ("Russia", "RUS"),
        ("Ukraine", "UKR"),
    ]
    assert doc._.events and doc._.events[0]["date"]["date"] == "2021-08-20"  # the Friday before the 25th
    html = spacy.displacy.render(doc, style="span", options={"spans_key": "eventcoder_actors"})
    assert "RUS" in html
    with pytest.raises(ArticleError):
        eventcoder.set_publication_date(doc, "yesterday-ish")


def test_records_without_publication_date_carry_w103(nlp: spacy.language.Language) -> None:
    records = eventcoder.code("Russia accused Ukraine on Friday.", nlp=nlp)
    assert records and all(Warnings.W103 in r.warnings for r in records)


def test_events_without_actors_is_a_clear_error(nlp: spacy.language.Language) -> None:
    from eventcoder.pipeline import add_components

    partial = spacy.blank("en")
    add_components(partial)
    partial.remove_pipe("eventcoder_actors")
    with pytest.raises(ConfigError, match=r"\[E307\] .*no eventcoder_actors"):
        eventcoder.code("Russia accused Ukraine.", nlp=partial)


def test_readme_first_python_example_returns_an_event() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Python API", 1)[1].split("```python", 1)[1].split("```", 1)[0]
    first = next(line for line in block.splitlines() if line.startswith("records = eventcoder.code("))
    scope: dict[str, object] = {"eventcoder": eventcoder}
    exec(first, scope)  # noqa: S102 - the README's own example
    assert scope["records"], first


def test_version_and_python_dash_m() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.strip() == f"eventcoder {eventcoder.__version__}"
    run = subprocess.run(
        [sys.executable, "-m", "eventcoder", "--version"], capture_output=True, text=True, check=False
    )
    assert run.returncode == 0 and run.stdout.strip() == f"eventcoder {eventcoder.__version__}"


def test_eval_help_points_to_files_that_exist() -> None:
    text = CliRunner().invoke(app, ["eval", "--help"]).stdout
    for path in re.findall(r"tests/gold/[\w.]+", text):
        assert (ROOT / path).exists(), path


def test_code_output_format_follows_the_extension(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    example = ROOT / "examples" / "example_article.jsonl"
    out = tmp_path / "events.parquet"
    result = CliRunner().invoke(app, ["code", str(example), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert pq.read_table(out).num_rows >= 5  # Parquet, not JSONL in a .parquet file
    refused = CliRunner().invoke(
        app, ["code", str(example), "--format", "jsonl", "-o", str(tmp_path / "x.csv")]
    )
    assert refused.exit_code == 2 and "[E303]" in refused.stderr and not (tmp_path / "x.csv").exists()


def test_readme_notebook_example_runs(tmp_path: Path, nlp: spacy.language.Language) -> None:
    """The README's notebook example: code -> DataFrame -> store -> dyad series -> chart with a caption."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("### In a notebook", 1)[1].split("```python", 1)[1].split("```", 1)[0]
    block = (
        block.replace('"examples/', f'"{ROOT}/examples/')
        .replace('"notebook.duckdb"', f'"{tmp_path}/notebook.duckdb"')
        .replace('"vnm-chn.png"', f'"{tmp_path}/vnm-chn.png"')
        .replace("eventcoder.code_articles(articles)", "eventcoder.code_articles(articles, nlp)")
        .replace("ingest.ingest(store, [", "ingest.ingest(store, nlp=nlp, items=[")
    )
    scope: dict[str, object] = {"nlp": nlp}
    exec(block, scope)  # noqa: S102 - the README's own example
    frame = scope["frame"]
    assert len(frame) >= 5 and "source_code" in frame.columns  # type: ignore[attr-defined]
    assert scope["series"]["events"].sum() >= 1  # type: ignore[index]
    assert (tmp_path / "vnm-chn.png").stat().st_size > 0
    assert "<mark" in scope["coded"][0]._repr_html_()  # type: ignore[index]


def test_progress_total_eta_and_periodic_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from eventcoder.cli.common import count_inputs

    line = '{"id": "%s", "text": "Russia accused Ukraine on Friday.", "date": "2021-08-25"}\n'
    batch = tmp_path / "batch.jsonl"
    batch.write_text("".join(line % n for n in range(3)) + "\n", encoding="utf-8")
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder" / "a.txt").write_text("Russia accused Ukraine.", encoding="utf-8")
    (tmp_path / "folder" / "notes.md").write_text("not an input", encoding="utf-8")
    assert count_inputs([str(batch), str(tmp_path / "folder")]) == 4
    assert count_inputs(["-"]) is None
    monkeypatch.setenv("EVENTCODER_PROGRESS_SECONDS", "0")
    result = CliRunner().invoke(app, ["code", str(batch), "-o", str(tmp_path / "out.jsonl")])
    assert result.exit_code == 0, result.output
    lines = [s for s in result.stderr.splitlines() if s.startswith("progress:")]
    assert lines[0].startswith("progress: 1/3 articles, 0 failed") and "ETA" in lines[0]
    assert lines[-1].startswith("progress: 3/3 articles")


def test_ingest_progress_shares_the_total_eta_and_periodic_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    line = '{"id": "%s", "text": "Russia accused Ukraine of shelling on Friday %s.", "date": "2021-08-25"}\n'
    batch = tmp_path / "batch.jsonl"
    batch.write_text("".join(line % (n, n) for n in range(3)), encoding="utf-8")
    db = tmp_path / "events.duckdb"
    monkeypatch.setenv("EVENTCODER_PROGRESS_SECONDS", "0")
    for run in range(2):  # the second run skips every article: skipped ones count towards the total too
        result = CliRunner().invoke(app, ["ingest", str(batch), "--db", str(db)])
        assert result.exit_code == 0, result.output
        lines = [s for s in result.stderr.splitlines() if s.startswith("progress:")]
        assert lines[0].startswith("progress: 1/3 articles, 0 failed") and "ETA" in lines[0], run
        assert lines[-1].startswith("progress: 3/3 articles"), run
