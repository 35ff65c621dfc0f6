"""Write event records as JSONL, CSV or Parquet (flat columns for the tabular formats)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import IO, Any

from rich.table import Table

from eventcoder.records import CodedArticle, EventRecord, QuoteRecord

FORMATS = ("jsonl", "csv", "parquet")
_NESTED = {
    "source": ("text", "code", "country", "sector", "name", "start", "end", "members"),
    "target": ("text", "code", "country", "sector", "name", "start", "end", "members"),
    "trigger": ("text", "start", "end"),
    "date_evidence": ("text", "start", "end"),
    "location": ("name", "country", "lat", "lon", "text", "start", "end"),
    "quote": ("speaker", "text", "start", "end"),
}


def flat_columns() -> list[str]:
    """Column names of the flat (CSV/Parquet) layout, in order."""
    columns: list[str] = []
    for name in EventRecord.model_fields:
        if name in _NESTED:
            columns.extend(f"{name}_{part}" for part in _NESTED[name])
        else:
            columns.append(name)
    return columns


def flatten(record: EventRecord) -> dict[str, Any]:
    """One record as a flat dict: nested objects become ``source_code``, ``trigger_start``; lists, JSON
    (``source_members``: ``["USA", "CAN", ...]`` for a G7, ``[]`` for any other actor)."""
    data = record.model_dump()
    row: dict[str, Any] = {}
    for name, value in data.items():
        if name in _NESTED:
            for part in _NESTED[name]:
                item = value.get(part) if value else None
                row[f"{name}_{part}"] = (
                    json.dumps(item, ensure_ascii=False) if isinstance(item, list) else item
                )
        elif isinstance(value, list):
            row[name] = json.dumps(value, ensure_ascii=False)
        else:
            row[name] = value
    return row


def write_jsonl(records: Iterable[EventRecord], out: IO[str]) -> int:
    """Write one JSON object per record; return the count."""
    n = 0
    for record in records:
        out.write(record.model_dump_json() + "\n")
        n += 1
    return n


def write_csv(records: Iterable[EventRecord], out: IO[str]) -> int:
    """Write flat CSV with a header; return the count."""
    writer = csv.DictWriter(out, fieldnames=flat_columns(), lineterminator="\n")
    writer.writeheader()
    n = 0
    for record in records:
        writer.writerow(flatten(record))
        n += 1
    return n


def write_parquet(records: Iterable[EventRecord], path: str, batch: int = 10_000) -> int:
    """Write flat Parquet in row groups of ``batch`` records (streams; bounded memory)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.Table.from_pylist([flatten(_example())]).schema
    n = 0
    with pq.ParquetWriter(path, schema) as writer:
        flat = (flatten(r) for r in records)
        while rows := list(islice(flat, batch)):
            writer.write_table(pa.Table.from_pylist(rows, schema=schema))
            n += len(rows)
    return n


def _example() -> EventRecord:
    """A fully populated record, only to fix the Parquet column types."""
    from eventcoder.records import Actor, Location, QuoteRef, Span

    actor = Actor(text="", code="", country="", sector="", name="", start=0, end=0)
    return EventRecord(
        event_id="",
        article_id="",
        sentence_id=0,
        sentence="",
        sentence_start=0,
        sentence_end=0,
        event_date="",
        date_precision="day",
        date_evidence=Span(text="", start=0, end=0),
        source=actor,
        target=actor,
        cameo="010",
        cameo_root="01",
        goldstein=0.0,
        quad_class=1,
        plover_type="",
        plover_mode="",
        trigger=Span(text="", start=0, end=0),
        location=Location(name="", country="", lat=0.0, lon=0.0, text="", start=0, end=0),
        quote=QuoteRef(speaker="", text="", start=0, end=0),
        confidence=1.0,
    )


def iter_quote_records(results: Iterable[CodedArticle]) -> Iterator[QuoteRecord]:
    """Every quote of every coded article, in article and text order."""
    for coded in results:
        yield from coded.quotes


def quotes_table(records: Iterable[QuoteRecord], width: int = 70) -> Table:
    """A rich table of quote records: article, kind, speaker (name and code), text, offsets, events."""
    table = Table(show_lines=False)
    for column in ("article", "kind", "speaker", "code", "text", "start-end", "events"):
        table.add_column(column, overflow="fold")
    for record in records:
        speaker = record.speaker
        text = record.text if len(record.text) <= width else record.text[: width - 1] + "…"
        table.add_row(
            record.article_id,
            record.kind,
            (speaker.name or speaker.text) if speaker else "",
            (speaker.code or "") if speaker else "",
            text,
            f"{record.start}-{record.end}",
            str(len(record.event_ids)),
        )
    return table
