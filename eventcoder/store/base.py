"""The store logic both back-ends share: batches of coded articles in, one transaction per batch.

SQL is written once with ``?`` placeholders; a back-end supplies execution, bulk inserts and transactions.
"""

from __future__ import annotations

import json
import logging
import threading
import uuid
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from importlib import resources
from typing import Any

import polars as pl
import pyarrow as pa

from eventcoder.errors import Errors, StoreError
from eventcoder.records import CodedArticle, Failure
from eventcoder.store import dedup
from eventcoder.store.rows import (
    TABLES,
    Columns,
    now_utc,
)
from eventcoder.store.write import BatchResult, fill_members, write_batch

log = logging.getLogger(__name__)

SCHEMA_VERSION = 3
# Upgrades from an older schema version: statements run in order, in the same transaction, on both back-ends.
MIGRATIONS: dict[int, list[str]] = {
    2: [  # modality, negation and date ranges on events; date ranges on mentions (issue 11)
        "ALTER TABLE mentions ADD COLUMN IF NOT EXISTS date_earliest DATE",
        "ALTER TABLE mentions ADD COLUMN IF NOT EXISTS date_latest DATE",
        "ALTER TABLE events ADD COLUMN IF NOT EXISTS modality VARCHAR",
        "ALTER TABLE events ADD COLUMN IF NOT EXISTS negated BOOLEAN",
        "ALTER TABLE events ADD COLUMN IF NOT EXISTS date_earliest DATE",
        "ALTER TABLE events ADD COLUMN IF NOT EXISTS date_latest DATE",
        "ALTER TABLE events ADD COLUMN IF NOT EXISTS date_precision VARCHAR",
        "UPDATE mentions SET date_earliest = coalesce(event_date, pub_date), "
        "date_latest = CASE date_precision WHEN 'week' THEN coalesce(event_date, pub_date) + 6 "
        "WHEN 'month' THEN "
        "CAST(date_trunc('month', event_date) + INTERVAL '1 month' - INTERVAL '1 day' AS DATE) "
        "WHEN 'year' THEN "
        "CAST(date_trunc('year', event_date) + INTERVAL '1 year' - INTERVAL '1 day' AS DATE) "
        "ELSE coalesce(event_date, pub_date) END",
        # announced events are never before their announcement
        "UPDATE mentions SET date_earliest = greatest(date_earliest, pub_date), "
        "date_latest = greatest(date_latest, pub_date) "
        "WHERE modality IN ('intended', 'future') AND pub_date IS NOT NULL",
        # schema-1 events clustered non-negated mentions only; their modality is their best mention's
        "UPDATE events SET negated = FALSE, date_earliest = date, date_latest = date, "
        "date_precision = 'day', modality = (SELECT CASE min(CASE m.modality WHEN 'asserted' THEN 0 "
        "WHEN 'reported' THEN 1 WHEN 'intended' THEN 2 WHEN 'future' THEN 3 ELSE 4 END) "
        "WHEN 0 THEN 'asserted' WHEN 1 THEN 'reported' WHEN 2 THEN 'intended' WHEN 3 THEN 'future' "
        "ELSE 'hypothetical' END "
        "FROM mentions AS m WHERE m.event_key = events.event_key)",
    ],
    3: [  # the member states of a group of named states (G7) an actor names; filled by fill_members
        "ALTER TABLE mentions ADD COLUMN IF NOT EXISTS source_members VARCHAR[]",
        "ALTER TABLE mentions ADD COLUMN IF NOT EXISTS target_members VARCHAR[]",
        "ALTER TABLE events ADD COLUMN IF NOT EXISTS source_members VARCHAR[]",
        "ALTER TABLE events ADD COLUMN IF NOT EXISTS target_members VARCHAR[]",
        "ALTER TABLE actors ADD COLUMN IF NOT EXISTS members VARCHAR[]",
    ],
}
_ACTIVE_RUNS: set[str] = set()  # runs this process started and has not finished


def schema_statements(name: str = "schema.sql") -> list[str]:
    """Return the DDL statements of a packaged schema file."""
    text = resources.files("eventcoder.store").joinpath(name).read_text(encoding="utf-8")
    lines = [line.split("--", 1)[0] for line in text.splitlines()]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


class SQLStore:
    """A store over one database connection; subclasses implement the primitives below."""

    dialect = "sql"

    def __init__(
        self,
        url: str,
        *,
        window_days: int = dedup.EVENT_WINDOW_DAYS,
        near_dup_threshold: float = dedup.NEAR_DUP_THRESHOLD,
    ) -> None:
        self.url = url
        self._depth = 0  # transaction nesting
        self.lock = threading.RLock()  # servers: writers hold it, and readers that share the connection
        self.window_days = window_days
        self.near_dup_threshold = near_dup_threshold

    # --- primitives (back-end specific) -------------------------------------------------------------------

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run one statement and return its rows (empty for statements without results)."""
        raise NotImplementedError

    def frame(self, sql: str, params: Sequence[Any] = ()) -> pl.DataFrame:
        """Run a query and return the result as a polars DataFrame."""
        raise NotImplementedError

    def batches(self, sql: str, params: Sequence[Any] = (), size: int = 100_000) -> Iterator[pa.RecordBatch]:
        """Run a query and stream its result as Arrow record batches."""
        raise NotImplementedError

    def insert(self, table: str, columns: Columns, *, on_conflict: str | None = "DO NOTHING") -> None:
        """Insert rows given as columns; conflicting keys are left alone (``on_conflict=None``: no key)."""
        raise NotImplementedError

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Commit on success, roll back on any exception (including KeyboardInterrupt).

        Nested uses join the outer transaction.
        """
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self._depth = 1
        try:
            with self._outer_transaction():
                yield
        finally:
            self._depth = 0

    def _outer_transaction(self) -> AbstractContextManager[None]:
        """Begin a database transaction; commit on success, roll back on any exception."""
        raise NotImplementedError

    def optimize(self) -> bool:
        """Rewrite the stored events in date order and mentions by event (embedded back-ends; PostgreSQL,
        with its indexes, is left as it is).

        Queries that keep a date range or want the newest events first (GET /events, ``eventcoder events
        --since``) then read a few blocks of the table instead of all of it. Events ingested later are
        appended, so run it again after large out-of-order ingests. Results are unchanged. Returns whether
        anything was rewritten."""
        return False

    def date_ordered(self) -> bool:
        """True when the events table is stored roughly in date order (see :meth:`optimize`), so a query
        restricted to a few weeks reads a few blocks: :func:`eventcoder.store.browse.events_page` then looks
        for a page in widening date windows instead of over the whole table."""
        return False

    def set_threads(self, threads: int) -> None:
        """Threads one query may use (embedded back-ends; 0: all cores). A server answering concurrent
        requests does better with 1: each request gets a core and small queries skip the hand-over between
        threads, which costs most on a busy machine."""

    @contextmanager
    def reader(self) -> Iterator[SQLStore]:
        """A handle for read-only queries from the calling thread, for servers that query concurrently.

        Here: this store itself, one caller at a time (``self.lock``, which writers take too). DuckDB gives
        each caller a cursor of its own, so reads run in parallel with each other and with a writer.
        """
        with self.lock:
            yield self

    def close(self) -> None:
        """Close the connection."""
        raise NotImplementedError

    def _post_schema(self) -> None:
        """Back-end specific DDL after the shared schema."""

    # --- setup ----------------------------------------------------------------------------------------------

    def __enter__(self) -> SQLStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def init_schema(self) -> None:
        """Create the tables if needed and check the schema version."""
        with self.transaction():
            for statement in schema_statements():
                self.execute(statement)
            self._post_schema()
            rows = self.execute("SELECT max(version) FROM schema_version")
            version = rows[0][0] if rows else None
            if version is None:
                self.execute("INSERT INTO schema_version VALUES (?, ?)", [SCHEMA_VERSION, now_utc()])
            elif version > SCHEMA_VERSION:
                raise StoreError(Errors.E203.format(url=self.url, found=version, expected=SCHEMA_VERSION))
            elif version < SCHEMA_VERSION:
                for step in range(version + 1, SCHEMA_VERSION + 1):
                    for statement in MIGRATIONS[step]:
                        self.execute(statement)
                    if step == 3:
                        fill_members(self)
                    self.execute("INSERT INTO schema_version VALUES (?, ?)", [step, now_utc()])
                log.warning("upgraded the store %s from schema version %d to %d", self.url, version, step)
        self.recover_runs()

    def check_version(self) -> None:
        """A store opened read-only must already have this schema version (it cannot be upgraded).

        Raises:
            StoreError: [E208] an older store; [E203] a newer one.
        """
        rows = self.execute("SELECT max(version) FROM schema_version")
        version = rows[0][0] if rows else None
        if version is not None and version < SCHEMA_VERSION:
            raise StoreError(Errors.E208.format(url=self.url, found=version, expected=SCHEMA_VERSION))
        if version is not None and version > SCHEMA_VERSION:
            raise StoreError(Errors.E203.format(url=self.url, found=version, expected=SCHEMA_VERSION))

    # --- runs -----------------------------------------------------------------------------------------------

    def start_run(self, inputs: Sequence[str] = (), model: str | None = None) -> str:
        """Record the start of an ingest run and return its id."""
        from eventcoder import __version__

        run_id = uuid.uuid4().hex[:16]
        _ACTIVE_RUNS.add(run_id)
        self._hold_run(run_id)
        with self.transaction():
            self.execute(
                "INSERT INTO runs (run_id, started_at, status, inputs, model, eventcoder_version, "
                "n_articles, n_skipped, n_failed, n_mentions) VALUES (?, ?, 'running', ?, ?, ?, 0, 0, 0, 0)",
                [run_id, now_utc(), json.dumps(list(inputs)), model, __version__],
            )
        return run_id

    def finish_run(
        self, run_id: str, status: str, *, articles: int, skipped: int, failed: int, mentions: int
    ) -> None:
        """Record how a run ended: done, interrupted or failed."""
        with self.transaction():
            self.execute(
                "UPDATE runs SET finished_at = ?, status = ?, n_articles = ?, n_skipped = ?, n_failed = ?, "
                "n_mentions = ? WHERE run_id = ?",
                [now_utc(), status, articles, skipped, failed, mentions, run_id],
            )
        _ACTIVE_RUNS.discard(run_id)
        self._release_run(run_id)

    def _hold_run(self, run_id: str) -> None:
        """Mark a run as alive for other processes (PostgreSQL: a session lock, freed if we die)."""

    def _release_run(self, run_id: str) -> None:
        """Undo :meth:`_hold_run`."""

    def _run_alive(self, run_id: str) -> bool:
        """True if the process that started a 'running' run still runs it.

        DuckDB: a writable store is opened by one process only, so only this process's runs are alive.
        """
        return run_id in _ACTIVE_RUNS

    def recover_runs(self) -> list[str]:
        """Mark runs left 'running' by a process that died (kill -9, SIGTERM, full disk) as interrupted.

        Their counts are those of what they committed. Called on every writable open; returns the run ids.
        """
        dead = [
            r
            for (r,) in self.execute("SELECT run_id FROM runs WHERE status = 'running'")
            if not self._run_alive(r)
        ]
        for run_id in dead:
            with self.transaction():
                self.execute(
                    "UPDATE runs SET status = 'interrupted', finished_at = ?, "
                    "n_articles = (SELECT count(*) FROM articles WHERE run_id = ?), "
                    "n_failed = (SELECT count(*) FROM failures WHERE run_id = ?), "
                    "n_mentions = (SELECT count(*) FROM mentions WHERE run_id = ?) "
                    "WHERE run_id = ? AND status = 'running'",
                    [now_utc(), run_id, run_id, run_id, run_id],
                )
        if dead:
            log.warning("marked %d run(s) left running by a stopped process as interrupted", len(dead))
        return dead

    # --- lookups --------------------------------------------------------------------------------------------

    def known(self, hashes: Sequence[str]) -> set[str]:
        """Return which content hashes are already stored as articles."""
        if not hashes:
            return set()
        rows = self.execute("SELECT article_hash FROM articles WHERE article_hash = ANY(?)", [list(hashes)])
        return {row[0] for row in rows}

    def failed(self, hashes: Sequence[str]) -> set[str]:
        """Return which input hashes (:attr:`Article.input_hash`: text and metadata) failed before."""
        if not hashes:
            return set()
        rows = self.execute("SELECT article_hash FROM failures WHERE article_hash = ANY(?)", [list(hashes)])
        return {row[0] for row in rows}

    def has_article(self, content_hash: str) -> bool:
        """True if an article with this content hash is stored."""
        return bool(self.known([content_hash]))

    def has_failed(self, input_hash: str) -> bool:
        """True if this exact input (text and metadata) failed before; a corrected input is retried."""
        return bool(self.failed([input_hash]))

    def count(self, table: str) -> int:
        """Number of rows in one of the store's tables."""
        if table not in TABLES:
            raise StoreError(Errors.E205.format(table=table, expected=", ".join(TABLES)))
        return int(self.execute(f"SELECT count(*) FROM {table}")[0][0])  # noqa: S608 - name checked above

    # --- writing (eventcoder/store/write.py) ----------------------------------------------------------------

    def write(
        self,
        items: Sequence[CodedArticle | Failure],
        run_id: str | None = None,
        hashes: dict[str, str] | None = None,
    ) -> BatchResult:
        """Store coded articles and failures in ONE transaction: all of them or none (see ``write_batch``)."""
        return write_batch(self, items, run_id, hashes)
