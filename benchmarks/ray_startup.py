"""Where the Ray engine's start-up goes: Ray itself, the worker's imports, the model, our components.

Prints simple wall-clock timings from one run (a diagnosis, not a timed test) and the load average, since
the figures depend on what else the machine runs:

- ``ray.init``: starting a local Ray instance (2 actors + 1 CPU for reads);
- in a fresh Ray worker process: ``import eventcoder.ray_engine`` (what unpickling the actor class costs),
  with the heavy third-party modules that import pulls in; then the spaCy model load and eventcoder's
  components (knowledge files), the two halves of building the pipeline;
- the same Ray Data read and actor pool with actors that do nothing (Ray's own share);
- ``iter_ray`` on a few short articles: time to the first coded article and to the end, the figure a user
  waits for before anything is coded.

Usage: python benchmarks/ray_startup.py [N_ARTICLES]
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HEAVY = (
    "spacy",
    "duckdb",
    "polars",
    "pandas",
    "pyarrow",
    "fastapi",
    "jinja2",
    "matplotlib",
    "psycopg",
    "rich",
)


def in_worker() -> dict[str, Any]:
    """Run in a fresh Ray worker: time our import and the two halves of building the pipeline."""
    before = set(sys.modules)
    t0 = time.perf_counter()
    import eventcoder.ray_engine  # noqa: F401

    t1 = time.perf_counter()
    loaded = sorted(m for m in HEAVY if m in sys.modules and m not in before)
    from eventcoder.pipeline import DEFAULT_MODEL, add_components, load_model

    t2 = time.perf_counter()
    nlp = load_model(DEFAULT_MODEL)
    t3 = time.perf_counter()
    add_components(nlp)
    t4 = time.perf_counter()
    nlp("The United States condemned the attack on Monday.")
    t5 = time.perf_counter()
    store = sorted(
        m for m in ("duckdb", "polars", "fastapi", "psycopg") if m in sys.modules and m not in before
    )
    return {
        "import eventcoder.ray_engine": t1 - t0,
        "  heavy modules it loaded": ", ".join(loaded) or "none",
        "import eventcoder.pipeline (rest)": t2 - t1,
        "load spaCy model": t3 - t2,
        "add eventcoder components (knowledge)": t4 - t3,
        "first article": t5 - t4,
        "store/API modules in the actor": ", ".join(store) or "none",
    }


class Noop:
    """An actor that does nothing: what Ray Data's read and actor pool cost before our code runs."""

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        return batch


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 8
    print(f"load average before: {os.getloadavg()}")
    t0 = time.perf_counter()
    import ray

    t1 = time.perf_counter()
    ray.init(num_cpus=3, include_dashboard=False, log_to_driver=False)
    t2 = time.perf_counter()
    print(f"import ray                               : {t1 - t0:6.2f} s")
    print(f"ray.init (local)                         : {t2 - t1:6.2f} s")
    worker = ray.remote(num_cpus=1, max_calls=1)(in_worker)  # max_calls=1: a fresh process, nothing cached
    for name, value in ray.get(worker.remote()).items():
        shown = f"{value:6.2f} s" if isinstance(value, float) else value
        print(f"in a worker: {name:<29}: {shown}")
    from eventcoder.ray_engine import iter_ray

    text = "Chinese troops attacked Vietnamese fishermen on Monday, the foreign ministry in Hanoi said."
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "articles.jsonl"
        rows = [{"id": f"a{i}", "text": text, "date": "2021-08-25"} for i in range(n)]
        source.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        recipe = {"model": None, "actor_files": [], "config": {}}
        tn = time.perf_counter()
        noop = ray.data.read_text(str(source)).map_batches(
            Noop, batch_size=4, compute=ray.data.ActorPoolStrategy(size=2), num_cpus=1
        )
        next(iter(noop.iter_rows()))
        print(f"Ray Data, no-op actors: first row        : {time.perf_counter() - tn:6.2f} s")
        t3 = time.perf_counter()
        results = iter_ray([str(source)], recipe, actors=2, batch_size=4)
        next(results)
        t4 = time.perf_counter()
        rest = sum(1 for _ in results)
        t5 = time.perf_counter()
    print(f"iter_ray: first of {n} articles          : {t4 - t3:6.2f} s")
    print(f"iter_ray: the other {rest}                  : {t5 - t4:6.2f} s")
    ray.shutdown()
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
