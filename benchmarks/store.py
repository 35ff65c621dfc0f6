"""Store benchmark: insert + dedup of 1M synthetic mentions into DuckDB, then query times.

Targets (issue 7, on the 2-core dev machine): insert + dedup of 1M mentions < 60 s; a filtered ``events``
query and a dyad series over 1M events < 1 s each. Prints measured figures next to the targets.

    python benchmarks/store.py [--mentions 1000000] [--per-article 10] [--commit 2000] [--db PATH]

Synthetic articles are generated outside the timed sections (``model_construct``, no validation);
the timed section is ``Store.write`` (fingerprints, near-duplicate links, mention rows, event clustering,
counts, commit). Wall time and this process's CPU time are both shown: the machine may be shared.
"""

from __future__ import annotations

import argparse
import itertools
import os
import resource
import tempfile
import time
from pathlib import Path

import psycopg

from eventcoder.store import analytics, is_postgres, open_store
from eventcoder.store.synthetic import corpus


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentions", type=int, default=1_000_000)
    parser.add_argument("--per-article", type=int, default=10)
    parser.add_argument("--commit", type=int, default=2000, help="articles per transaction")
    parser.add_argument(
        "--db", default=None, help="DuckDB file (default: a temporary file) or postgresql:// URL"
    )
    args = parser.parse_args()

    tmp = tempfile.TemporaryDirectory()
    db = args.db or str(Path(tmp.name) / "bench.duckdb")
    postgres = is_postgres(db)
    if postgres:  # start from an empty schema
        with psycopg.connect(db, autocommit=True) as conn:
            conn.execute("DROP SCHEMA IF EXISTS public CASCADE")
            conn.execute("CREATE SCHEMA public")
    elif os.path.exists(db):
        os.remove(db)
    store = open_store(db)
    n_articles = args.mentions // args.per_article
    stream = corpus(n_articles, args.per_article)
    wall = cpu = 0.0
    while batch := list(itertools.islice(stream, args.commit)):
        t0, c0 = time.perf_counter(), time.process_time()
        store.write(batch, "bench")
        wall += time.perf_counter() - t0
        cpu += time.process_time() - c0
    t0, c0 = time.perf_counter(), time.process_time()
    store.close()  # the final checkpoint belongs to the load
    wall += time.perf_counter() - t0
    cpu += time.process_time() - c0
    store = open_store(db)
    mentions, events = store.count("mentions"), store.count("events")
    dups = store.execute("SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL")[0][0]
    # Top up to at least 1M events for the query targets (not timed).
    extra = 0
    while events < args.mentions:
        batch = list(
            corpus(
                args.commit,
                args.per_article,
                seed=1000 + extra,
                duplicate_rate=0.0,
                rewrite_rate=0.0,
                start="2024-01-01",
            )
        )
        for item in batch:
            item.article.id += f"-x{extra}"
            item.article.text += f" x{extra}"
        store.write(batch, "top-up")
        extra += 1
        events = store.count("events")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    store.close()
    store = open_store(db, read_only=True)

    def timed(fn, repeat: int = 3) -> tuple[float, int]:
        best, rows = float("inf"), 0
        for _ in range(repeat):
            t0 = time.perf_counter()
            rows = fn()
            best = min(best, time.perf_counter() - t0)
        return best, rows

    q_events, n_q = timed(
        lambda: (
            analytics.events(
                store, actor="CHN", quad_class=4, since="2021-01-01", until="2022-12-31", limit=None
            ).height
        )
    )
    q_dyad, n_d = timed(lambda: analytics.dyad_series(store, "USA", "CHN", freq="month").height)
    q_net, n_n = timed(lambda: analytics.network(store, since="2021-01-01").number_of_edges(), repeat=1)
    size = 0.0 if postgres else os.path.getsize(db) / 2**20

    load = os.getloadavg()[0]
    where = "PostgreSQL" if postgres else f"DuckDB file {size:.0f} MiB"
    print(
        f"store benchmark ({os.cpu_count()} cores, load average {load:.1f}), {where}, peak RSS {rss:.0f} MiB"
    )
    print(
        f"  {mentions:,} mentions from {n_articles:,} articles ({dups:,} near-duplicate articles linked), "
        f"{args.commit} articles per transaction"
    )
    print(f"  {'measure':44} {'measured':>10} {'target':>8} {'ratio':>6}")
    rows = [
        ("insert + dedup per 1M mentions (wall)", wall * 1e6 / mentions, 60.0),
        ("  same, this process's CPU time", cpu * 1e6 / mentions, 60.0),
        (f"filtered events query ({n_q:,} rows of {events:,})", q_events, 1.0),
        (f"dyad series USA-CHN by month ({n_d} rows)", q_dyad, 1.0),
        (f"actor network ({n_n:,} edges; no target)", q_net, 1.0),
    ]
    for name, value, target in rows:
        print(f"  {name:44} {value:9.2f}s {target:7.0f}s {value / target:6.2f}")
    store.close()
    tmp.cleanup()


if __name__ == "__main__":
    main()
