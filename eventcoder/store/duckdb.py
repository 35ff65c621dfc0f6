"""The default back-end: an embedded DuckDB file (or ``:memory:``)."""

from __future__ import annotations

import logging
import os
import re
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import pyarrow as pa

from eventcoder.errors import Errors, StoreError
from eventcoder.store.base import Columns, SQLStore, schema_statements

log = logging.getLogger(__name__)
_ARROW = {
    "VARCHAR": pa.string(),
    "INTEGER": pa.int32(),
    "BIGINT": pa.int64(),
    "DOUBLE": pa.float64(),
    "BOOLEAN": pa.bool_(),
    "DATE": pa.date32(),
    "TIMESTAMP": pa.timestamp("us"),
    "BLOB": pa.binary(),
    "VARCHAR[]": pa.list_(pa.string()),
}


_LOCKED = re.compile(r"\block\b|\blocked\b", re.IGNORECASE)


def _reason(err: BaseException) -> str:
    text = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
    if _LOCKED.search(text):  # "Could not set lock on file", "Conflicting lock"; not "block", "clock"
        return f"the file is locked by another process ({text})"
    if "corrupt" in text.lower() or "checksum" in text.lower():
        return f"the file is corrupt ({text})"
    return text


def _date_ordered(rows: Sequence[tuple[Any, Any]]) -> bool:
    """Whether row groups' (min, max) dates barely overlap; ``stats`` is a dict (DuckDB 1.2+) or a string
    such as ``[Min: 2020-01-01, Max: 2020-06-30][Has Null: false]``."""
    ranges: dict[int, tuple[date, date]] = {}
    for group, stats in rows:
        if isinstance(stats, dict):
            low, high = stats.get("min"), stats.get("max")
        else:
            found = _MINMAX.search(str(stats))
            low = date.fromisoformat(found[1]) if found else None
            high = date.fromisoformat(found[2]) if found else None
        if not isinstance(low, date) or not isinstance(high, date):
            continue
        old = ranges.get(group)
        ranges[group] = (min(low, old[0]), max(high, old[1])) if old else (low, high)
    if len(ranges) < 2:
        return False
    span = (max(r[1] for r in ranges.values()) - min(r[0] for r in ranges.values())).days + 1
    return sum((r[1] - r[0]).days + 1 for r in ranges.values()) <= 1.5 * span


_MINMAX = re.compile(r"Min: (\d{4}-\d\d-\d\d), Max: (\d{4}-\d\d-\d\d)")

# Nothing is downloaded at run time: DuckDB must never fetch or load an extension on its own (md:, http...).
NO_DOWNLOADS: dict[str, str | bool | int | float | list[str]] = {
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
}


class DuckDBStore(SQLStore):
    """A store in one DuckDB database file; one connection, one writer at a time."""

    dialect = "duckdb"

    def __init__(self, path: str, *, read_only: bool = False, **options: Any) -> None:
        super().__init__(path, **options)
        self.path = path
        if path != ":memory:":
            parent = Path(path).expanduser().parent
            if not parent.is_dir():
                raise StoreError(Errors.E201.format(url=path, reason=f"the folder {parent} does not exist"))
            if read_only and not Path(path).expanduser().exists():
                raise StoreError(Errors.E201.format(url=path, reason="the file does not exist"))
        try:
            self.con = duckdb.connect(
                str(Path(path).expanduser()) if path != ":memory:" else path,
                read_only=read_only,
                config=NO_DOWNLOADS,
            )
        except (duckdb.Error, OSError) as err:
            raise StoreError(Errors.E201.format(url=path, reason=_reason(err))) from err
        self._types: dict[str, dict[str, pa.DataType]] = {}
        self._idle: list[DuckDBStore] = []  # readers' cursors not in use (see reader())
        self._readers: list[DuckDBStore] = []
        self._closed = False
        self._pool = threading.Lock()  # guards the two lists; not self.lock, which a writer holds for long
        self._date_ordered: bool | None = None
        try:
            if read_only:
                self._check_tables()
            else:
                # Checkpoint (rewrite tables and indexes from the WAL) every 256 MB instead of 16 MB: bulk
                # ingests spend far less time checkpointing; committed data is durable in the WAL either way.
                self.con.execute("SET checkpoint_threshold = '256MB'")
                self.init_schema()
        except StoreError:
            self.con.close()
            raise
        except duckdb.Error as err:
            self.con.close()
            raise StoreError(Errors.E201.format(url=path, reason=_reason(err))) from err

    def _post_schema(self) -> None:
        for statement in schema_statements("indexes_duckdb.sql"):
            self.execute(statement)

    def _check_tables(self) -> None:
        rows = self.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'events'")
        if not rows[0][0]:
            raise StoreError(
                Errors.E201.format(url=self.url, reason="not an eventcoder store (no events table)")
            )
        self.check_version()

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run one statement and return its rows."""
        try:
            cursor = self.con.execute(sql, list(params))
            return cursor.fetchall() if cursor.description else []
        except duckdb.Error as err:
            raise StoreError(Errors.E204.format(url=self.url, reason=_reason(err))) from err

    def frame(self, sql: str, params: Sequence[Any] = ()) -> pl.DataFrame:
        """Run a query and return a polars DataFrame."""
        try:
            table = self.con.sql(sql, params=list(params)).to_arrow_table()
            return pl.DataFrame(pl.from_arrow(table))
        except duckdb.Error as err:
            raise StoreError(Errors.E204.format(url=self.url, reason=_reason(err))) from err

    def batches(self, sql: str, params: Sequence[Any] = (), size: int = 100_000) -> Iterator[pa.RecordBatch]:
        """Stream a query result as Arrow record batches."""
        try:
            reader = self.con.sql(sql, params=list(params)).to_arrow_reader(size)
            yield from reader
        except duckdb.Error as err:
            raise StoreError(Errors.E204.format(url=self.url, reason=_reason(err))) from err

    def insert(self, table: str, columns: Columns, *, on_conflict: str | None = "DO NOTHING") -> None:
        """Insert columns through a registered Arrow table (fast bulk path)."""
        names = list(columns)
        types = self._arrow_types(table)
        data = pa.table({name: pa.array(columns[name], type=types.get(name)) for name in names})
        view = f"_batch_{table}"
        cols = ", ".join(names)
        conflict = f" ON CONFLICT {on_conflict}" if on_conflict else ""
        self.con.register(view, data)
        try:
            self.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM {view}{conflict}")
        finally:
            try:
                self.con.unregister(view)
            except duckdb.Error as err:  # an aborted transaction refuses it; the original error matters
                log.debug("unregister %s: %s", view, err)

    def _arrow_types(self, table: str) -> dict[str, pa.DataType]:
        """Arrow types of a table's columns (explicit types make conversion ~40x faster for strings)."""
        if table not in self._types:
            rows = self.execute(
                "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ?", [table]
            )
            self._types[table] = {name: _ARROW.get(kind, pa.string()) for name, kind in rows}
        return self._types[table]

    @contextmanager
    def _outer_transaction(self) -> Iterator[None]:
        self.con.begin()
        try:
            yield
        except BaseException:
            self.con.rollback()
            raise
        try:
            self.con.commit()
        except duckdb.Error as err:
            raise StoreError(Errors.E204.format(url=self.url, reason=_reason(err))) from err

    def optimize(self) -> bool:
        """Rewrite the events table in (date, event_num) order and the mentions in event_key order, then
        checkpoint: DuckDB keeps each column's min and max per block of ~120k rows and skips the blocks a
        date range, a top-N by date or an event's mentions (GET /events/{id}) exclude."""
        orders = {"events": "date, event_num", "mentions": "event_key, article_hash, mention_id"}
        with self.transaction():
            self.execute("DROP INDEX IF EXISTS events_num")
            for table, order in orders.items():
                self.execute(f"CREATE TEMP TABLE _sorted AS SELECT * FROM {table} ORDER BY {order}")  # noqa: S608
                self.execute(f"DELETE FROM {table}")  # noqa: S608 - names are fixed above
                self.execute(f"INSERT INTO {table} SELECT * FROM _sorted ORDER BY {order}")  # noqa: S608
                self.execute("DROP TABLE _sorted")
            self._post_schema()
        self.execute("CHECKPOINT")
        self._date_ordered = True
        for handle in self._readers:
            handle._date_ordered = True
        return True

    def date_ordered(self) -> bool:
        """From the storage statistics (min and max date of each row group), looked at once per handle: the
        row groups' date ranges add up to at most 1.5 times the table's (as ingested, each spans most)."""
        if self._date_ordered is None:
            try:
                rows = self.execute(
                    "SELECT row_group_id, stats FROM pragma_storage_info('events') "
                    "WHERE column_name = 'date' AND segment_type = 'DATE'"
                )
            except StoreError:
                rows = []
            self._date_ordered = _date_ordered(rows)
        return self._date_ordered

    def set_threads(self, threads: int) -> None:
        """``SET threads`` for every connection and cursor of this database (0: the number of cores)."""
        value = int(threads) if threads and threads > 0 else os.cpu_count() or 1
        self.execute(f"SET threads = {value}")

    @contextmanager
    def reader(self) -> Iterator[SQLStore]:
        """A handle with a cursor of its own (DuckDB runs the queries of several cursors in parallel and each
        sees the last committed data); handles are pooled and reused, never shared by two callers at once."""
        with self._pool:
            if self._closed:
                raise StoreError(Errors.E204.format(url=self.url, reason="the store is closed"))
            handle = self._idle.pop() if self._idle else None
            if handle is None:
                handle = object.__new__(DuckDBStore)
                handle.__dict__.update(self.__dict__)
                handle._idle, handle._readers = [], []
                try:
                    handle.con = self.con.cursor()
                except duckdb.Error as err:
                    raise StoreError(Errors.E204.format(url=self.url, reason=_reason(err))) from err
                self._readers.append(handle)
                # looked up once through the new cursor (a writer may be using self.con), kept for the next
                self._date_ordered = handle.date_ordered()
        try:
            yield handle
        finally:
            with self._pool:
                if not self._closed:
                    self._idle.append(handle)

    def close(self) -> None:
        """Close the connection and the readers' cursors (committed data is durable)."""
        with self._pool:
            self._closed = True
            for handle in self._readers:
                handle.con.close()
            self._readers.clear()
            self._idle.clear()
            self.con.close()
