"""The PostgreSQL back-end (psycopg 3): the same schema, the same SQL, the same results as DuckDB."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import polars as pl
import psycopg
import pyarrow as pa

from eventcoder.errors import Errors, StoreError
from eventcoder.store.base import Columns, SQLStore, schema_statements

_PLACEHOLDER = re.compile(r"\?")


def _sql(sql: str) -> str:
    """Translate ``?`` placeholders to psycopg's ``%s`` (escaping literal percent signs)."""
    return _PLACEHOLDER.sub("%s", sql.replace("%", "%%"))


def _reason(err: BaseException) -> str:
    text = str(err).strip()
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return " ".join(lines).rstrip(".") if lines else type(err).__name__


# PostgreSQL type OIDs -> Arrow types (the types schema.sql and the analytics casts produce).
_OID = {
    16: pa.bool_(),
    17: pa.binary(),
    20: pa.int64(),
    21: pa.int16(),
    23: pa.int32(),
    25: pa.string(),
    700: pa.float32(),
    701: pa.float64(),
    1043: pa.string(),
    1082: pa.date32(),
    1114: pa.timestamp("us"),
    1009: pa.list_(pa.string()),  # text[]
    1015: pa.list_(pa.string()),  # varchar[]: the members of groupings
}


def _schema(description: Sequence[Any]) -> pa.Schema:
    return pa.schema([(column.name, _OID.get(column.type_code, pa.string())) for column in description])


def _batch(rows: Sequence[tuple[Any, ...]], schema: pa.Schema) -> pa.RecordBatch:
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in schema]
    arrays = [
        pa.array([None if v is None else str(v) for v in values], type=field.type)
        if field.type == pa.string()
        else pa.array(values, type=field.type)
        for values, field in zip(columns, schema, strict=True)
    ]
    return pa.RecordBatch.from_arrays(arrays, schema=schema)


def _redact(url: str) -> str:
    """The URL without secrets: the password in ``user:password@`` and any ``password=`` parameter."""
    url = re.sub(r"://([^:/@]*):[^@/]*@", r"://\1:***@", url)
    return re.sub(r"(?i)([?&;\s](?:ssl)?password=)[^&;\s]*", r"\1***", url)


class PostgresStore(SQLStore):
    """A store in a PostgreSQL database given by a ``postgresql://`` URL."""

    dialect = "postgres"

    def __init__(
        self, url: str, *, read_only: bool = False, connect_timeout: int = 5, **options: Any
    ) -> None:
        super().__init__(_redact(url), **options)
        try:
            self.conn = psycopg.connect(url, autocommit=True, connect_timeout=connect_timeout)
        except psycopg.Error as err:
            raise StoreError(Errors.E201.format(url=self.url, reason=_reason(err))) from err
        try:
            if read_only:
                rows = self.execute("SELECT to_regclass('events') IS NOT NULL")
                if not rows[0][0]:
                    raise StoreError(Errors.E201.format(url=self.url, reason="not an eventcoder store"))
                self.check_version()
            else:
                self.init_schema()
        except StoreError:
            self.conn.close()
            raise

    def _hold_run(self, run_id: str) -> None:
        self.execute("SELECT pg_advisory_lock(hashtext(?))", [f"eventcoder-run:{run_id}"])

    def _release_run(self, run_id: str) -> None:
        self.execute("SELECT pg_advisory_unlock(hashtext(?))", [f"eventcoder-run:{run_id}"])

    def _run_alive(self, run_id: str) -> bool:
        """Alive while its process's session holds the run's advisory lock (the server frees it on death)."""
        if super()._run_alive(run_id):
            return True
        key = f"eventcoder-run:{run_id}"
        if not self.execute("SELECT pg_try_advisory_lock(hashtext(?))", [key])[0][0]:
            return True
        self.execute("SELECT pg_advisory_unlock(hashtext(?))", [key])
        return False

    def _post_schema(self) -> None:
        for statement in schema_statements("indexes_postgres.sql"):
            self.execute(statement)

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run one statement and return its rows."""
        try:
            cursor = self.conn.execute(_sql(sql), list(params))
            return cursor.fetchall() if cursor.description else []
        except psycopg.Error as err:
            raise StoreError(Errors.E204.format(url=self.url, reason=_reason(err))) from err

    def frame(self, sql: str, params: Sequence[Any] = ()) -> pl.DataFrame:
        """Run a query and return a polars DataFrame (column types as DuckDB gives them)."""
        try:
            cursor = self.conn.execute(_sql(sql), list(params))
            rows = cursor.fetchall()
        except psycopg.Error as err:
            raise StoreError(Errors.E204.format(url=self.url, reason=_reason(err))) from err
        schema = _schema(cursor.description or [])
        return pl.DataFrame(pl.from_arrow(_batch(rows, schema)))

    def batches(self, sql: str, params: Sequence[Any] = (), size: int = 100_000) -> Iterator[pa.RecordBatch]:
        """Stream a query result through a server-side cursor as Arrow record batches."""
        try:
            with self.conn.transaction(), self.conn.cursor(name="eventcoder_export") as cursor:
                cursor.execute(_sql(sql), list(params))
                schema = _schema(cursor.description or [])
                while rows := cursor.fetchmany(size):
                    yield _batch(rows, schema)
        except psycopg.Error as err:
            raise StoreError(Errors.E204.format(url=self.url, reason=_reason(err))) from err

    def insert(self, table: str, columns: Columns, *, on_conflict: str | None = "DO NOTHING") -> None:
        """COPY the rows into a temporary table, then insert them with ON CONFLICT."""
        names = list(columns)
        cols = ", ".join(names)
        temp = f"_batch_{table}"
        self.execute(f"CREATE TEMP TABLE IF NOT EXISTS {temp} (LIKE {table}) ON COMMIT DELETE ROWS")
        try:
            with self.conn.cursor().copy(f"COPY {temp} ({cols}) FROM STDIN") as copy:
                for row in zip(*(columns[name] for name in names), strict=True):
                    copy.write_row(row)
        except psycopg.Error as err:
            raise StoreError(Errors.E204.format(url=self.url, reason=_reason(err))) from err
        conflict = f" ON CONFLICT {on_conflict}" if on_conflict else ""
        self.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM {temp}{conflict}")
        self.execute(f"DELETE FROM {temp}")

    @contextmanager
    def _outer_transaction(self) -> Iterator[None]:
        try:
            with self.conn.transaction():
                yield
        except psycopg.Error as err:
            raise StoreError(Errors.E204.format(url=self.url, reason=_reason(err))) from err

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()
