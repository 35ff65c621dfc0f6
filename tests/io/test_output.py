import csv
import io

import pyarrow.parquet as pq

from eventcoder.io.output import flat_columns, flatten, write_csv, write_jsonl, write_parquet
from eventcoder.records import Actor, EventRecord, Span


def record(**extra):
    actor = Actor(text="Beijing", code="CHNGOV", country="CHN", sector="GOV", name="China", start=0, end=7)
    base = dict(
        event_id="e1",
        article_id="a",
        sentence_id=0,
        sentence="Beijing condemned it.",
        sentence_start=0,
        sentence_end=21,
        event_date="2021-08-25",
        source=actor,
        target=None,
        cameo="111",
        cameo_root="11",
        goldstein=-2.0,
        quad_class=3,
        plover_type="ACCUSE",
        trigger=Span(text="condemned", start=8, end=17),
        confidence=0.8,
    )
    return EventRecord(**{**base, **extra})


def test_flat_columns_match_flatten():
    row = flatten(record(warnings=["W101"]))
    assert list(row) == flat_columns()
    assert row["source_code"] == "CHNGOV" and row["target_code"] is None and row["warnings"] == '["W101"]'


def test_jsonl_roundtrip():
    out = io.StringIO()
    assert write_jsonl([record()], out) == 1
    assert EventRecord.model_validate_json(out.getvalue()) == record()


def test_csv_and_parquet(tmp_path):
    out = io.StringIO()
    write_csv([record(), record(event_id="e2")], out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [r["event_id"] for r in rows] == ["e1", "e2"] and rows[0]["cameo"] == "111"
    path = tmp_path / "events.parquet"
    assert write_parquet(iter([record()]), str(path)) == 1
    table = pq.read_table(path)
    assert table.column("cameo").to_pylist() == ["111"] and table.column("goldstein").to_pylist() == [-2.0]
