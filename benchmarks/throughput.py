"""Throughput (issue 13): every figure from one run on the same texts and model, variants interleaved.

Prints: the bare spaCy model's ``nlp.pipe`` (its full pipeline, as shipped; with eventcoder's BLAS matrix
products; and with all of eventcoder's stand-ins for its pipes, i.e. ``build_nlp``'s model without our
components) and eventcoder (one process; also with the ``fast`` setting, no NER) in articles/s and their
ratios;
eventcoder on 1 vs 2 processes, beside the ceiling two cores give the same model with none of our parallel
machinery (the bare model with our stand-ins on half the texts in each of two forked processes); Ray Data
(local) vs ``--processes 2`` when ray is installed; the peak RSS
of a worker; and seconds per article of 1k, 5k, 20k and 50k words. Rounds alternate the variants so that the
load of a shared machine falls on all of them alike; ratios are medians over rounds. One-process ratios are
also given in CPU time of the benchmark process, which the waits of a shared machine do not inflate. After
a Ray run the next variant waits (untimed) until Ray has ended that run's actors, whose exit would
otherwise run on its time.

Usage: python benchmarks/throughput.py [N_ARTICLES] [ROUNDS] [--no-ray] [--no-length]
  (texts: the VOA dev articles, repeated, from ../shared/data/ or $EVENTCODER_SHARED/data; never committed)
"""

from __future__ import annotations

import json
import multiprocessing
import os
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from accuracy import shared_dir  # benchmarks/ is on sys.path when run as a script
from procs import descendants

from eventcoder.components.model_pipes import use_blas
from eventcoder.driver import iter_results
from eventcoder.parallel import recipe_of
from eventcoder.pipeline import build_nlp, load_model, use_stand_ins
from eventcoder.records import Article, CodedArticle


def texts() -> list[dict[str, str]]:
    path = shared_dir() / "dev_voa_articles.jsonl"
    return [json.loads(line) for line in path.open(encoding="utf-8")]


def articles(n: int) -> list[Article]:
    rows = texts()
    return [
        Article(id=f"a{i}", text=rows[i % len(rows)]["text"], date=rows[i % len(rows)]["date"])
        for i in range(n)
    ]


def long_article(words: int) -> Article:
    """One article of about ``words`` words: dev articles joined by blank lines."""
    parts: list[str] = []
    count = 0
    rows = texts()
    while count < words:
        text = rows[len(parts) % len(rows)]["text"]
        parts.append(text)
        count += len(text.split())
    text = "\n\n".join(parts)
    cut = len(" ".join(text.split(" ")[:words]))
    return Article(id=f"long-{words}", text=text[:cut], date="2021-08-25")


def timed(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


# variants whose work runs in other processes: their CPU time is not this process's
OTHER_PROCESSES = ("eventcoder 2 processes", "ray local, 2 actors", "bare, stand-ins, 2 halves")
_FORKED: list[Any] = []  # the model the forked halves inherit


def _count_half(texts: list[str]) -> int:
    return sum(1 for _ in _FORKED[0].pipe(texts, batch_size=16))


def forked_halves(model: Any, texts: list[str]) -> int:
    """``model`` on half the texts in each of two forked processes, only a count sent back: what two cores
    give this model with no parallel machinery of ours (the ceiling for ``--processes 2``)."""
    _FORKED[:] = [model]
    with multiprocessing.get_context("fork").Pool(2) as pool:
        return sum(pool.map(_count_half, [texts[::2], texts[1::2]], chunksize=1))


def timed_both(run: Callable[[], object]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of this process (CPU time leaves out the waits a shared machine adds)."""
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - wall, time.process_time() - cpu


def wait_for_actors_exit(timeout: float = 60.0) -> None:
    """Wait until none of this run's Ray Data actor processes (``ray::MapWorker...``) is left (Linux only)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not any("MapWorker" in cmd for _, cmd in descendants(os.getpid()).values()):
            return
        time.sleep(0.1)


def coded(results: object) -> int:
    return sum(1 for r in results if isinstance(r, CodedArticle))  # type: ignore[attr-defined]


def main(argv: list[str]) -> None:
    flags = {a for a in argv if a.startswith("--")}
    numbers = [int(a) for a in argv if not a.startswith("--")]
    n = numbers[0] if numbers else 48
    rounds = numbers[1] if len(numbers) > 1 else 2
    items = articles(n)
    bare = load_model()
    bare_blas = use_blas(load_model())  # the bare model with eventcoder's matrix products (BlasOps)
    bare_ours = use_stand_ins(load_model())  # ... and the stand-ins (attribute ruler, lemmatizer, NER)
    nlp = build_nlp()
    fast = build_nlp(fast=True)
    list(iter_results(items[:4], nlp))  # warm-up: lazy tables, dateparser
    list(iter_results(items[:4], fast))
    list(bare.pipe(a.text for a in items[:4]))
    list(bare_blas.pipe(a.text for a in items[:4]))
    list(bare_ours.pipe(a.text for a in items[:4]))

    variants: dict[str, Callable[[], object]] = {
        "bare nlp.pipe": lambda: list(bare.pipe((a.text for a in items), batch_size=16)),
        "bare, BLAS products": lambda: list(bare_blas.pipe((a.text for a in items), batch_size=16)),
        "bare, our stand-ins": lambda: list(bare_ours.pipe((a.text for a in items), batch_size=16)),
        "bare, stand-ins, 2 halves": lambda: forked_halves(bare_ours, [a.text for a in items]),
        "eventcoder 1 process": lambda: coded(iter_results(items, nlp)),
        "eventcoder fast (no NER)": lambda: coded(iter_results(items, fast)),
        "eventcoder 2 processes": lambda: coded(iter_results(items, nlp, n_process=2)),
    }
    ray_input = None
    try:
        import ray  # noqa: F401

        if "--no-ray" not in flags:
            from eventcoder.ray_engine import iter_ray

            folder = Path(tempfile.mkdtemp(prefix="eventcoder-bench-"))
            ray_input = folder / "articles.jsonl"
            ray_input.write_text("".join(a.model_dump_json() + "\n" for a in items), encoding="utf-8")
            recipe = recipe_of(nlp)
            list(iter_ray([str(ray_input)], recipe, actors=2))  # starts Ray (not timed)
            variants["ray local, 2 actors"] = lambda: coded(iter_ray([str(ray_input)], recipe, actors=2))
    except ImportError:
        print("(ray not installed: no Ray figures)")

    times: dict[str, list[float]] = {name: [] for name in variants}
    cpu: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(rounds):
        for name, run in variants.items():
            wall, seconds = timed_both(run)
            times[name].append(wall)
            cpu[name].append(seconds)
            if name == "ray local, 2 actors":
                wait_for_actors_exit()  # Ray ends its actors after the run: not on the next variant's time
    rate = {name: n / statistics.median(t) for name, t in times.items()}
    cpu_rate = {name: n / statistics.median(t) for name, t in cpu.items()}
    print(f"{n} articles x {rounds} rounds (median), load average {Path('/proc/loadavg').read_text()[:14]}")
    for name, r in rate.items():
        in_process = f"   {cpu_rate[name]:7.2f} per CPU second" if name not in OTHER_PROCESSES else ""
        print(f"  {name:24s} {r:7.2f} articles/s{in_process}")
    one, two = rate["eventcoder 1 process"], rate["eventcoder 2 processes"]
    # one-process variants: wall clock, then CPU time of this process (steadier on a shared machine)
    for label, num, den in (
        ("eventcoder / bare model       ", "eventcoder 1 process", "bare nlp.pipe"),
        ("eventcoder fast / bare model  ", "eventcoder fast (no NER)", "bare nlp.pipe"),
        ("bare with BLAS products / bare", "bare, BLAS products", "bare nlp.pipe"),
        ("bare with stand-ins / bare    ", "bare, our stand-ins", "bare nlp.pipe"),
        ("eventcoder / bare with BLAS   ", "eventcoder 1 process", "bare, BLAS products"),
    ):
        print(f"ratio {label}: {rate[num] / rate[den]:.2f} (CPU time: {cpu_rate[num] / cpu_rate[den]:.2f})")
    print(f"ratio 2 processes / 1 process       : {two / one:.2f}")
    ceiling = rate["bare, stand-ins, 2 halves"] / rate["bare, our stand-ins"]
    print(f"ratio bare 2 forked halves / 1      : {ceiling:.2f} (what two cores give the model alone)")
    if "ray local, 2 actors" in rate:
        ray_rate = rate["ray local, 2 actors"]
        print(
            f"ratio ray local / --processes 2     : {ray_rate / two:.2f} (includes Ray building its actors)"
        )
    worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"peak RSS: largest child process (eventcoder workers, the forked halves) {worker:.0f} MiB; "
        f"this process (all pipelines) {me:.0f} MiB"
    )

    if "--no-length" not in flags:
        print("time per article by length (one process):")
        base = None
        for words in (1000, 5000, 20000, 50000):
            article = long_article(words)
            seconds = timed(lambda a=article: list(iter_results([a], nlp)))
            base = base or seconds / words
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(
                f"  {words:6d} words: {seconds:6.2f} s  ({seconds / words * 1000:.3f} s per 1k words, "
                f"{seconds / words / base:.2f}x the 1k-word rate; peak RSS so far {rss:.0f} MiB)"
            )


if __name__ == "__main__":
    main(sys.argv[1:])
