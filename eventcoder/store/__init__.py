"""The event store: an incremental, deduplicated, queryable home for coded articles.

``open_store(url)`` picks the back-end from the URL: a file path or ``:memory:`` is an embedded DuckDB
database, ``postgresql://...`` a PostgreSQL server. Both share one schema (``schema.sql``) and one SQL code
path (:class:`~eventcoder.store.base.SQLStore`), so they give the same results.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol, runtime_checkable

import polars as pl
import pyarrow as pa

from eventcoder.errors import Errors, StoreError
from eventcoder.records import CodedArticle, Failure
from eventcoder.store.base import TABLES, BatchResult, SQLStore

DEFAULT_DB = "eventcoder.duckdb"


@runtime_checkable
class Store(Protocol):
    """What ingest, analytics and exports need from a back-end."""

    url: str
    dialect: str

    def write(
        self,
        items: Sequence[CodedArticle | Failure],
        run_id: str | None = None,
        hashes: dict[str, str] | None = None,
    ) -> BatchResult: ...
    def known(self, hashes: Sequence[str]) -> set[str]: ...
    def failed(self, hashes: Sequence[str]) -> set[str]: ...
    def has_article(self, content_hash: str) -> bool: ...
    def has_failed(self, input_hash: str) -> bool: ...
    def start_run(self, inputs: Sequence[str] = (), model: str | None = None) -> str: ...
    def finish_run(
        self, run_id: str, status: str, *, articles: int, skipped: int, failed: int, mentions: int
    ) -> None: ...
    def count(self, table: str) -> int: ...
    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...
    def frame(self, sql: str, params: Sequence[Any] = ()) -> pl.DataFrame: ...
    def batches(
        self, sql: str, params: Sequence[Any] = (), size: int = 100_000
    ) -> Iterator[pa.RecordBatch]: ...
    def transaction(self) -> AbstractContextManager[None]: ...
    def close(self) -> None: ...


def is_postgres(url: str) -> bool:
    """True for ``postgresql://`` and ``postgres://`` URLs."""
    return url.startswith(("postgresql://", "postgres://"))


def open_store(url: str = DEFAULT_DB, *, read_only: bool = False, **options: Any) -> SQLStore:
    """Open (and create or upgrade unless ``read_only``) the store at a path or URL.

    Args:
        url: a DuckDB file path, ``duckdb:///path``, ``:memory:``, or ``postgresql://user@host:port/db``.
        read_only: open an existing store for queries only (DuckDB then allows several readers).
        options: ``window_days`` (event clustering window) and ``near_dup_threshold`` (Jaccard).

    Raises:
        StoreError: [E201] the store cannot be opened (missing, corrupt, locked, server down),
            [E202] the URL scheme is not supported.
    """
    url = str(url).strip()
    if not url:
        raise StoreError(Errors.E202.format(url=url))
    if is_postgres(url):
        from eventcoder.store.postgres import PostgresStore

        return PostgresStore(url, read_only=read_only, **options)
    if url.startswith("duckdb://"):
        url = url[len("duckdb://") :] or ":memory:"
    elif "://" in url or url.lower().startswith(("md:", "motherduck:")):  # MotherDuck needs a download
        from eventcoder.store.postgres import _redact

        raise StoreError(Errors.E202.format(url=_redact(url)))
    from eventcoder.store.duckdb import DuckDBStore

    return DuckDBStore(url, read_only=read_only, **options)


__all__ = ["DEFAULT_DB", "TABLES", "BatchResult", "SQLStore", "Store", "is_postgres", "open_store"]
