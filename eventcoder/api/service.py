"""What the routes call: the store and the pipeline behind locks, and the API's settings.

Reads go through the store's readers (:meth:`SQLStore.reader`: on DuckDB a pooled cursor per concurrent
request, so queries run in parallel; on PostgreSQL the one connection, a request at a time); writes hold the
store's lock. The spaCy pipeline is used by one request at a time (our components keep per-document state)
and is built on first use (a few seconds), unless one is given.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from eventcoder.config import DEFAULTS
from eventcoder.records import Article, CodedArticle, Failure
from eventcoder.store.base import SQLStore
from eventcoder.store.ingest import IngestSummary, ingest_results, recorded_run

T = TypeVar("T")
TOKEN_ENV = "EVENTCODER_API_TOKEN"


@dataclass
class ApiSettings:
    """How the API behaves; :meth:`from_config` reads them from eventcoder settings and the environment.

    Attributes:
        token: bearer token for POST /articles; empty means the server is read-only.
        max_body: largest request body in bytes (413 above it).
        max_page: largest ``limit`` of GET /events.
        config: eventcoder settings used to build the pipeline for POST /code and /articles.
        nlp: a ready pipeline (tests pass one; otherwise it is built from ``config`` on first use).
    """

    token: str = ""
    max_body: int = int(DEFAULTS["api_max_body"])
    max_page: int = int(DEFAULTS["api_max_page"])
    config: dict[str, Any] = field(default_factory=lambda: dict(DEFAULTS))
    nlp: Any = None

    @classmethod
    def from_config(cls, config: dict[str, Any], **overrides: Any) -> ApiSettings:
        """Settings from a loaded config; ``$EVENTCODER_API_TOKEN`` overrides the file's api_token."""
        values: dict[str, Any] = {
            "token": os.environ.get(TOKEN_ENV) or str(config.get("api_token", "")),
            "max_body": int(config.get("api_max_body", DEFAULTS["api_max_body"])),
            "max_page": int(config.get("api_max_page", DEFAULTS["api_max_page"])),
            "config": config,
        }
        values.update(overrides)
        return cls(**values)

    @property
    def read_only(self) -> bool:
        """True when no token is set: POST /articles is refused."""
        return not self.token


class Service:
    """The store (concurrent readers, one writer) and the pipeline (behind a lock)."""

    def __init__(self, store: SQLStore, settings: ApiSettings) -> None:
        self.store = store
        self.settings = settings
        self._nlp_lock = threading.Lock()
        self._nlp = settings.nlp

    def query(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Call a store or analytics function with a reader of the store as first argument."""
        with self.store.reader() as handle:
            return fn(handle, *args, **kwargs)

    def _pipeline(self) -> Any:
        if self._nlp is None:
            from eventcoder.config import pipeline_config
            from eventcoder.pipeline import build_nlp

            config = self.settings.config
            self._nlp = build_nlp(
                config["model"],
                actor_files=[str(p) for p in config.get("actor_files", [])],
                config=pipeline_config(config),
            )
        return self._nlp

    def warm_up(self) -> None:
        """Build the pipeline now (``eventcoder serve`` does it before taking requests)."""
        with self._nlp_lock:
            self._pipeline()

    def code(self, articles: Sequence[Article]) -> tuple[list[CodedArticle | Failure], float]:
        """Code articles (nothing stored); return the results in order and the seconds it took."""
        from eventcoder.driver import iter_results

        with self._nlp_lock:
            nlp = self._pipeline()
            start = time.perf_counter()
            results = list(iter_results(articles, nlp, batch_size=int(self.settings.config["batch_size"])))
            return results, time.perf_counter() - start

    def ingest(self, articles: Sequence[Article]) -> IngestSummary:
        """Code the articles not stored yet and store them in one transaction, recorded as a run."""
        with self.store.lock:
            known = self.store.known([a.content_hash for a in articles])
            failed = self.store.failed([a.input_hash for a in articles])  # the same input failed before
        fresh: list[Article] = []
        seen: set[str] = set()
        for article in articles:
            key = article.content_hash
            if key not in known and key not in seen and article.input_hash not in failed:
                seen.add(key)
                fresh.append(article)
        results, _ = self.code(fresh) if fresh else ([], 0.0)
        hashes = {a.id: a.input_hash for a in fresh}  # failures are keyed by text and metadata
        with self.store.lock:
            run_id = self.store.start_run(["POST /articles"], str(self.settings.config.get("model")))
            summary = IngestSummary(run_id=run_id, skipped=len(articles) - len(fresh))
            with recorded_run(self.store, summary):
                ingest_results(
                    self.store,
                    results,
                    run_id=run_id,
                    commit_every=max(1, len(results)),
                    hashes=hashes,
                    summary=summary,
                )
        return summary
