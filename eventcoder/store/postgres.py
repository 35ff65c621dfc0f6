"""The PostgreSQL back-end (psycopg 3): the same schema, the same SQL, the same results as DuckDB."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import polars as pl
import psycopg
import pyarrow as pa

from ..errors import Errors, StoreError
from .base import Columns, SQLStore, schema_statements

_PLACEHOLDER = re.compile(r"\?")


def _sql(sql: str) -> str:
    """Translate ``?`` placeholders to psycopg's ``%s`` (escaping literal percent signs)."""
    return _PLACEHOLDER.sub("%s", sql.replace("%", "%%"))


def _reason(err: BaseException) -> str:
    text = str(err).strip()
    lines = [line for line in text.splitlines() if line.strip()]
    return lines[-1].strip() if lines else type(err).__name__


def _redact(url: str) -> str:
    return re.sub(r"://([^:/@]+):[^@]*@", r"://\1:***@", url)


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
        self._depth = 0
        try:
            if read_only:
                rows = self.execute("SELECT to_regclass('events') IS NOT NULL")
                if not rows[0][0]:
                    raise StoreError(Errors.E201.format(url=self.url, reason="not an eventcoder store"))
            else:
                self.init_schema()
        except StoreError:
            self.conn.close()
            raise

    def _post_schema(self) -> None:
        for statement in schema_statements("indexes_postgres.sql"):
            self.execute(statement)

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run one statement and return its rows."""
        try:
            cursor = self.conn.execute(_sql(sql), list(params))  # type: ignore[arg-type]
            return cursor.fetchall() if cursor.description else []
        except psycopg.Error as err:
            raise StoreError(Errors.E204.format(url=self.url, reason=_reason(err))) from err

    def frame(self, sql: str, params: Sequence[Any] = ()) -> pl.DataFrame:
        """Run a query and return a polars DataFrame."""
        try:
            cursor = self.conn.execute(_sql(sql), list(params))  # type: ignore[arg-type]
            rows = cursor.fetchall()
        except psycopg.Error as err:
            raise StoreError(Errors.E204.format(url=self.url, reason=_reason(err))) from err
        names = [column.name for column in cursor.description or []]
        return pl.DataFrame(rows, schema=names, orient="row", infer_schema_length=None)

    def batches(self, sql: str, params: Sequence[Any] = (), size: int = 100_000) -> Iterator[pa.RecordBatch]:
        """Stream a query result through a server-side cursor as Arrow record batches."""
        try:
            with self.conn.transaction(), self.conn.cursor(name="eventcoder_export") as cursor:
                cursor.execute(_sql(sql), list(params))  # type: ignore[arg-type]
                names = [column.name for column in cursor.description or []]
                while rows := cursor.fetchmany(size):
                    yield pa.RecordBatch.from_pylist([dict(zip(names, row, strict=True)) for row in rows])
        except psycopg.Error as err:
            raise StoreError(Errors.E204.format(url=self.url, reason=_reason(err))) from err

    def insert(self, table: str, columns: Columns, *, on_conflict: str | None = "DO NOTHING") -> None:
        """COPY the rows into a temporary table, then insert them with ON CONFLICT."""
        names = list(columns)
        cols = ", ".join(names)
        temp = f"_batch_{table}"
        self.execute(f"CREATE TEMP TABLE IF NOT EXISTS {temp} (LIKE {table}) ON COMMIT DELETE ROWS")
        try:
            with self.conn.cursor().copy(f"COPY {temp} ({cols}) FROM STDIN") as copy:  # type: ignore[arg-type]
                for row in zip(*(columns[name] for name in names), strict=True):
                    copy.write_row(row)
        except psycopg.Error as err:
            raise StoreError(Errors.E204.format(url=self.url, reason=_reason(err))) from err
        conflict = f" ON CONFLICT {on_conflict}" if on_conflict else ""
        self.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM {temp}{conflict}")
        self.execute(f"DELETE FROM {temp}")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One transaction; nested uses join the outer one."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self._depth = 1
        try:
            with self.conn.transaction():
                yield
        except psycopg.Error as err:
            raise StoreError(Errors.E204.format(url=self.url, reason=_reason(err))) from err
        finally:
            self._depth = 0

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()
