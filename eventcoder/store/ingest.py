"""Incremental ingest: read, skip what is stored, code, and commit whole articles.

Articles are streamed: at most one ``nlp.pipe`` batch plus one commit group is in memory. Each commit holds
whole articles (``commit_every`` of them, 1 by default), so an interrupted run (Ctrl-C, kill -9) loses at
most the uncommitted group, and re-running the same command codes exactly what is missing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from eventcoder.config import BATCH_SIZE
from eventcoder.ray_engine import ACTORS
from eventcoder.records import Article, CodedArticle, Failure
from eventcoder.store.base import BatchResult, SQLStore

log = logging.getLogger(__name__)


@dataclass
class IngestSummary:
    """What one ingest run did."""

    run_id: str = ""
    articles: int = 0
    skipped: int = 0
    failed: int = 0
    mentions: int = 0
    new_events: int = 0
    near_duplicates: int = 0
    failures: list[Failure] = field(default_factory=list)

    def add(self, batch: BatchResult) -> None:
        """Count one committed batch."""
        self.articles += batch.articles
        self.skipped += batch.skipped
        self.failed += batch.failures
        self.mentions += batch.mentions
        self.new_events += batch.new_events
        self.near_duplicates += batch.near_duplicates

    def describe(self) -> str:
        """One line for people."""
        return (
            f"{self.articles} articles stored ({self.near_duplicates} near duplicates), "
            f"{self.skipped} already stored, {self.failed} failed, {self.mentions} mentions, "
            f"{self.new_events} new events (run {self.run_id})"
        )


def ingest_results(
    store: SQLStore,
    results: Iterable[CodedArticle | Failure],
    *,
    run_id: str | None = None,
    commit_every: int = 1,
    hashes: dict[str, str] | None = None,
    on_batch: Callable[[BatchResult, Sequence[CodedArticle | Failure]], None] | None = None,
    summary: IngestSummary | None = None,
) -> IngestSummary:
    """Store coded articles and failures, committing every ``commit_every`` articles.

    Args:
        hashes: article id -> input hash (text and metadata) of articles in flight, the key of their
            failures; entries are removed once committed.
        on_batch: called after each commit (progress display).
    """
    summary = summary or IngestSummary(run_id=run_id or "")
    group: list[CodedArticle | Failure] = []

    def flush() -> None:
        batch = store.write(group, run_id, hashes)
        summary.add(batch)
        summary.failures.extend(item for item in group if isinstance(item, Failure))
        if hashes is not None:
            for item in group:
                hashes.pop(_article_id(item), None)
        if on_batch is not None:
            on_batch(batch, group)
        group.clear()

    for result in results:
        group.append(result)
        if len(group) >= max(1, commit_every):
            flush()
    if group:
        flush()
    return summary


def ingest(
    store: SQLStore,
    items: Iterable[Article | Failure],
    *,
    nlp: Any = None,
    inputs: Sequence[str] = (),
    model: str | None = None,
    batch_size: int = BATCH_SIZE,
    n_process: int = 1,
    commit_every: int = 1,
    on_batch: Callable[[BatchResult, Sequence[CodedArticle | Failure]], None] | None = None,
    on_skip: Callable[[], None] | None = None,
) -> IngestSummary:
    """Code and store articles incrementally; stored articles (same text) and failed inputs are skipped.

    ``on_batch`` is called after each commit, ``on_skip`` for each article skipped (progress display).

    A failure is keyed by the text and its metadata, so an input that failed is retried once corrected
    (e.g. its date fixed); the same failed input is skipped.

    The run is recorded in ``runs`` (done, interrupted or failed). KeyboardInterrupt and store errors
    propagate after the run is marked; everything committed before stays.
    """
    from eventcoder.driver import iter_results

    run_id = store.start_run(inputs, model)
    summary = IngestSummary(run_id=run_id)
    skip = _Skipper(store, summary, on_skip)
    results = iter_results(
        items,
        nlp,
        batch_size=batch_size,
        n_process=n_process,
        skip=lambda a: skip(a.id, a.content_hash, a.input_hash),
    )
    with recorded_run(store, summary):
        skip.store_results(results, commit_every=commit_every, on_batch=on_batch)
    return summary


def ingest_ray(
    store: SQLStore,
    inputs: Sequence[str],
    recipe: dict[str, Any],
    *,
    address: str | None = None,
    actors: int = ACTORS,
    batch_size: int = BATCH_SIZE,
    default_date: str | None = None,
    commit_every: int = 1,
    on_batch: Callable[[BatchResult, Sequence[CodedArticle | Failure]], None] | None = None,
    on_skip: Callable[[], None] | None = None,
) -> IngestSummary:
    """:func:`ingest` with Ray Data reading and coding (:mod:`eventcoder.ray_engine`); this process stores.

    Two passes over the inputs: the first (not run on an empty store) reads only their hashes and asks the
    store which articles are stored or failed (those are skipped, never sent to an actor), the second (not
    run when nothing is left) codes the rest on the actor pool and streams the results, in input order,
    through the same skip rule and commits as :func:`ingest`.
    Nothing holds the corpus: the first pass keeps the hashes this input shares with the store, as
    :func:`ingest` keeps the hashes of its run.

    Raises:
        ConfigError: [E309] Ray is not installed; [E303] an input that is not .jsonl, .parquet or .txt
            (before the run is recorded).
    """
    from eventcoder.ray_engine import iter_keys, iter_ray_keyed

    keys = iter_keys(inputs, address=address, actors=actors, default_date=default_date)  # checks inputs
    run_id = store.start_run(inputs, recipe.get("model"))
    summary = IngestSummary(run_id=run_id)
    skip = _Skipper(store, summary, on_skip)
    with recorded_run(store, summary):
        exclude: set[str] = set()
        fresh = not store.count("articles") and not store.count("failures")  # nothing to skip: no first pass
        left = fresh  # rows left to code (or read failures to report): no second pass when none
        pairs = iter(() if fresh else keys)
        while chunk := list(islice(pairs, 1000)):
            contents, given = zip(*chunk, strict=True)
            known = store.known([c for c in set(contents) if c]) | store.failed([g for g in set(given) if g])
            for content, input_hash in chunk:
                if not content or (content not in known and input_hash not in known):
                    left = True
                else:
                    exclude.add(content if content in known else input_hash)
                    skip.count()
        if not left:
            return summary
        keyed = iter_ray_keyed(
            inputs,
            recipe,
            address=address,
            actors=actors,
            batch_size=batch_size,
            default_date=default_date,
            exclude=exclude,
        )
        results = (
            result
            for result, content, input_hash in keyed
            if not content or not skip(_article_id(result), content, input_hash)
        )
        skip.store_results(results, commit_every=commit_every, on_batch=on_batch)
    return summary


class _Skipper:
    """The skip rule of an ingest: an article stored, failed before (same input) or seen in this run."""

    def __init__(self, store: SQLStore, summary: IngestSummary, on_skip: Callable[[], None] | None) -> None:
        self.store = store
        self.summary = summary
        self.on_skip = on_skip
        self.in_flight: dict[str, str] = {}  # article id -> input hash, the key of a failure
        self.seen: set[str] = set()  # content hashes of this run

    def __call__(self, article_id: str, content_hash: str, input_hash: str) -> bool:
        store = self.store
        if content_hash in self.seen or store.has_article(content_hash) or store.has_failed(input_hash):
            self.count()
            return True
        self.seen.add(content_hash)
        self.in_flight[article_id] = input_hash
        return False

    def count(self) -> None:
        """Count one skipped article (and tell ``on_skip``)."""
        self.summary.skipped += 1
        if self.on_skip is not None:
            self.on_skip()

    def store_results(
        self,
        results: Iterable[CodedArticle | Failure],
        *,
        commit_every: int,
        on_batch: Callable[[BatchResult, Sequence[CodedArticle | Failure]], None] | None,
    ) -> None:
        """Store the results this rule let through (:func:`ingest_results`), counted in the run's summary
        and failures keyed by the input hashes of the articles in flight."""
        ingest_results(
            self.store,
            results,
            run_id=self.summary.run_id,
            commit_every=commit_every,
            hashes=self.in_flight,
            on_batch=on_batch,
            summary=self.summary,
        )


def _article_id(result: CodedArticle | Failure) -> str:
    return result.article.id if isinstance(result, CodedArticle) else result.article_id


@contextmanager
def recorded_run(store: SQLStore, summary: IngestSummary) -> Iterator[None]:
    """Record the end of run ``summary.run_id`` with its counts when the block ends: done, interrupted
    (KeyboardInterrupt) or failed (any other error, which propagates). A store error while recording is
    logged, not raised: the original error matters more."""
    status = "failed"
    try:
        yield
        status = "done"
    except KeyboardInterrupt:
        status = "interrupted"
        raise
    finally:
        try:
            store.finish_run(
                summary.run_id,
                status,
                articles=summary.articles,
                skipped=summary.skipped,
                failed=summary.failed,
                mentions=summary.mentions,
            )
        except Exception as err:  # noqa: BLE001 - the original error matters more; log this one
            log.warning("could not record the end of run %s: %s", summary.run_id, err)
