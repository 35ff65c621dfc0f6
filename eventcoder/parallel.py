"""Coding on several processes: one pipeline per worker process, results in input order.

:func:`eventcoder.driver.iter_results` calls :func:`iter_parallel` when ``n_process > 1``. The parent reads
the input, cuts it into chunks of ``chunk_size`` (4) items, keeps at most ``2 * n_process`` chunks in flight
(memory stays bounded whatever the input's length). Each worker has its own pipeline: forked from the
parent's (where the platform can fork), or built once from the recipe that
:func:`eventcoder.pipeline.build_nlp` left in ``nlp.meta`` (spawn: a script then needs the
``if __name__ == "__main__":`` guard). A worker codes a chunk with the same ``iter_results`` as one process,
so output, failures and their order are those of one process. Articles cross the process boundary, never
Docs (our extensions hold spaCy objects that do not serialize). On fork, the run holds the objects that
existed at its start frozen (``gc.freeze()``, undone at its end): the full garbage collections that the
parent's unpickling of results sets off no longer walk the pipeline, and the workers inherit the state.

A worker that dies (killed, out of memory) loses its chunk: the pool is restarted, the chunk is retried
article by article, and an article that kills a worker when it is the only one in flight is reported as a
Failure (stage ``worker``); a death breaks every chunk in flight, so a single article is blamed only when
alone. After 5 deaths in a row with no chunk coded the run stops (E310). Ctrl-C (or closing the generator)
terminates the workers; workers ignore SIGINT themselves.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language

from eventcoder.config import BATCH_SIZE
from eventcoder.errors import ConfigError, Errors, EventcoderError
from eventcoder.records import Article, CodedArticle, Failure

log = logging.getLogger(__name__)

MAX_CRASHES = 5
CHUNK_SIZE = 4  # articles per task: small enough to keep every worker busy to the end of a short input
FREEZE = True  # gc.freeze() for the run (see iter_parallel)
RECIPE_KEY = "eventcoder_recipe"  # key of nlp.meta set by build_nlp: how to build the same pipeline again
Result = CodedArticle | Failure

_WORKER_NLP: Language | None = None  # the pipeline of this worker process
_FORKING = False  # True while our pool forks its workers (read by the child right after the fork)


def _worker_signals() -> None:
    """In a process our pool forks, before any of its Python code: SIGTERM ends it, Ctrl-C is the parent's.

    A worker used to inherit the parent's SIGTERM handler until its initializer ran: a handler that raises
    (``eventcoder ingest`` turns SIGTERM into KeyboardInterrupt) made a worker stopped in that window raise
    in multiprocessing's own code instead of dying, and such a worker outlived ``_Pool.stop``."""
    if _FORKING:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_IGN)


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_worker_signals)


def recipe_of(nlp: Language | None) -> dict[str, Any]:
    """The build recipe (model, actor_files, config) of a pipeline made by ``build_nlp``.

    Raises:
        ConfigError: [E308] the pipeline was not made by ``build_nlp`` (workers could not rebuild it).
    """
    if nlp is None:
        return {"model": None, "actor_files": [], "config": {}}
    recipe = nlp.meta.get(RECIPE_KEY)
    if not isinstance(recipe, dict):
        raise ConfigError(Errors.E308)
    return recipe


def build_from_recipe(recipe: dict[str, Any]) -> Language:
    """The pipeline a recipe describes (the default pipeline when its model is None)."""
    from eventcoder.pipeline import DEFAULT_MODEL, build_nlp

    return build_nlp(
        recipe["model"] or DEFAULT_MODEL,
        actor_files=recipe["actor_files"],
        config=recipe["config"],
        fast=bool(recipe.get("fast")),
        cache=bool(recipe.get("cache", True)),
    )


def _init_worker(recipe: dict[str, Any] | None, nlp: Language | None) -> None:
    """Worker start: ignore Ctrl-C (the parent stops the pool); take the forked pipeline or build it once."""
    global _WORKER_NLP
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not a handler a forked parent had set
    _WORKER_NLP = nlp if nlp is not None else build_from_recipe(recipe or recipe_of(None))


def _code_chunk(items: list[Article | Failure], batch_size: int) -> list[Result]:
    """Code one chunk in a worker with the one-process driver."""
    from eventcoder.driver import iter_results

    return list(iter_results(items, _WORKER_NLP, batch_size=batch_size, n_process=1))


@dataclass
class _Chunk:
    items: list[Article | Failure]
    future: Future[list[Result]] | None = None  # None: to be submitted to the current pool
    retried: bool = False
    alone: bool = False  # retried with nothing else in flight, so a death is its own
    results: list[Result] = field(default_factory=list)


def _worker_failures(items: list[Article | Failure], reason: str) -> list[Result]:
    message = f"the worker process coding this article died ({reason})"
    return [
        item if isinstance(item, Failure) else Failure(article_id=item.id, stage="worker", message=message)
        for item in items
    ]


def chunked(items: Iterable[Article | Failure], size: int) -> Iterator[list[Article | Failure]]:
    """Consecutive lists of ``size`` items; a reader that raises ends the input with a Failure."""
    chunk: list[Article | Failure] = []
    stream = iter(items)
    while True:
        try:
            item = next(stream)
        except StopIteration:
            break
        except Exception as err:  # noqa: BLE001 - the reader broke: record it, nothing follows
            chunk.append(Failure.from_exception("<input>", "read", err))
            break
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class _Pool:
    """A process pool that can be restarted after a worker died, and stopped at once."""

    def __init__(self, n_process: int, nlp: Language | None, start_method: str | None) -> None:
        self.n_process = n_process
        methods = multiprocessing.get_all_start_methods()
        self.method = start_method or ("fork" if "fork" in methods and nlp is not None else "spawn")
        # fork: workers inherit the parent's pipeline (nothing to load, model pages shared copy-on-write);
        # spawn: each worker builds it again from its recipe.
        self.initargs = (None, nlp) if self.method == "fork" else (recipe_of(nlp), None)
        self.executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            self.n_process,
            mp_context=multiprocessing.get_context(self.method),
            initializer=_init_worker,
            initargs=self.initargs,
        )

    def submit(self, chunk: _Chunk, batch_size: int) -> None:
        global _FORKING
        _FORKING = True  # the executor forks its workers inside submit
        try:
            chunk.future = self.executor.submit(_code_chunk, chunk.items, batch_size)
        finally:
            _FORKING = False

    def restart(self) -> None:
        self.stop()
        self.executor = self._start()

    def stop(self) -> None:
        """Cancel what is queued and end the workers now (they may be mid-article)."""
        executor = self.executor
        processes = list((getattr(executor, "_processes", None) or {}).values())
        executor.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            if process.is_alive():
                process.terminate()
        for process in processes:
            process.join(timeout=5)
            if process.is_alive():  # outlived SIGTERM: should not happen since _worker_signals; a last resort
                process.kill()
                process.join(timeout=5)


def iter_parallel(
    items: Iterable[Article | Failure],
    nlp: Language | None,
    *,
    n_process: int,
    batch_size: int = BATCH_SIZE,
    chunk_size: int | None = None,
    start_method: str | None = None,
) -> Iterator[Result]:
    """Code ``items`` on ``n_process`` worker processes; one result per item, in input order.

    ``start_method``: ``fork`` (default where the platform has it and ``nlp`` is given: workers inherit
    ``nlp``) or ``spawn`` (workers build the pipeline from ``nlp``'s recipe; the default pipeline when
    ``nlp`` is None).
    """
    size = chunk_size or CHUNK_SIZE
    pool = _Pool(n_process, nlp, start_method)
    frozen = FREEZE and pool.method == "fork"
    if frozen:
        # The objects that exist now (the pipeline above all) are left out of garbage collection until the
        # run ends: the parent's full collections, which its unpickling of results triggers, no longer walk
        # the pipeline, and the forked workers inherit the frozen state, so theirs never do either (nor copy
        # its pages). Cycles among these objects that become garbage meanwhile wait for gc.unfreeze() at the
        # end (reference counting still frees the rest at once).
        gc.freeze()
    crashes = 0  # worker deaths since a chunk last came back
    window: deque[_Chunk] = deque()
    source = chunked(items, size)
    exhausted = False
    try:
        while True:
            isolating = bool(window) and window[0].alone
            while not isolating and not exhausted and len(window) < 2 * n_process:
                try:
                    window.append(_Chunk(next(source)))
                except StopIteration:
                    exhausted = True
            if not window:
                return
            for chunk in [window[0]] if isolating else window:
                if chunk.future is None:
                    pool.submit(chunk, batch_size)
            head = window[0]
            assert head.future is not None
            try:
                results = head.future.result()
            except BrokenProcessPool as err:
                crashes += 1
                if crashes > MAX_CRASHES:  # the workers cannot even start (or every article kills them)
                    raise EventcoderError(Errors.E310.format(n=crashes, reason=err)) from err
                _recover(pool, window, str(err) or "killed")
                continue
            crashes = 0
            window.popleft()
            yield from results
    finally:
        pool.stop()
        if frozen:
            gc.unfreeze()


def _recover(pool: _Pool, window: deque[_Chunk], reason: str) -> None:
    """A worker died: restart the pool; the head chunk is retried article by article, a single article
    once more with nothing else in flight, then reported. Chunks the dead pool did not finish are resubmitted
    by the caller (``future`` None)."""
    log.warning("a worker process died (%s); restarting the pool", reason)
    pool.restart()
    head = window.popleft()
    if head.retried and len(head.items) == 1 and head.alone:
        head.future = Future()
        head.future.set_result(_worker_failures(head.items, reason))
        window.appendleft(head)
    elif head.retried and len(head.items) == 1:
        head.alone, head.future = True, None  # a death breaks every chunk in flight: try it on its own
        window.appendleft(head)
    else:
        window.extendleft(reversed([_Chunk([item], retried=True) for item in head.items]))
    for chunk in window:
        done = chunk.future
        if done is not None and (done.cancelled() or not done.done() or done.exception() is not None):
            chunk.future = None
