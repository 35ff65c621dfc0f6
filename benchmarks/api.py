"""REST API benchmark: `eventcoder serve` over a store of synthetic events, driven on loopback (issue 17).

Targets (2-core dev machine): GET /events with filters over 1M events p95 < 50 ms; POST /code on a seed-size
article (examples/example_article.jsonl) < 300 ms; 50 concurrent clients for 30 s with zero errors. Prints
measured figures next to them.

    python benchmarks/api.py                      # full run: 1M events, 50 clients x 30 s
    python benchmarks/api.py --events 50000 --clients 10 --duration 5   # a quick try
    python benchmarks/api.py --db big.duckdb      # reuse (or keep) the store between runs
    git archive OLD | tar -x -C /tmp/old && python benchmarks/api.py --baseline /tmp/old   # before/after

GET /events is timed three ways, so the layer that dominates shows: the store look-up alone in this process
(``browse.events_page`` on a read-only store with the server's query threads), the same over HTTP, and, with
``--baseline DIR``, the same requests to a second server run from another source tree (an older commit),
alternated request by request with the first so both see the same machine load. The machine's load average
is printed with every figure: on a shared machine wall times grow with it.

The store is built with synthetic coded articles (no model; outside the timed sections), then optimized as
the README advises (``eventcoder optimize``: events rewritten in date order; ``--no-optimize`` leaves it as
ingested). The server is the real command, `eventcoder serve`, in a subprocess bound to 127.0.0.1; every
request loop is bounded in count and time.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx

from eventcoder.store import open_store
from eventcoder.store.synthetic import corpus

ROOT = Path(__file__).resolve().parent.parent
FILTERS: list[dict[str, Any]] = [
    {"actor": "CHN"},
    {"source": "USA", "cameo": "19"},
    {"dyad": "USA,CHN"},
    {"country": "UKR", "since": "2021-01-01"},
    {"quad": 4, "until": "2020-06-30"},
    {"plover": "ASSAULT", "target": "RUSMIL"},
    {"place": "Kyiv"},
    {"actor": "IRN", "quad": 3, "since": "2021-06-01", "until": "2022-06-01"},
    {},
]


def build(db: str, events: int) -> None:
    """Write synthetic articles until the store holds about ``events`` events."""
    t0 = time.perf_counter()
    per_article = 10
    with open_store(db) as store:
        have = store.count("events")
        stream = corpus(events // per_article * 2, per_article, duplicate_rate=0.0, rewrite_rate=0.0, seed=11)
        if have:  # skip what an earlier (interrupted) build wrote
            stream = itertools.islice(stream, store.count("articles"), None)
        while have < events:
            batch = list(itertools.islice(stream, 2000))
            if not batch:
                break
            have += store.write(batch, "bench").new_events
    print(f"store: {have:,} events built in {time.perf_counter() - t0:.0f} s", flush=True)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc), to compare runs on a shared machine."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pct(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) in milliseconds."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))] * 1000


def timed(client: httpx.Client, method: str, url: str, **kwargs: Any) -> tuple[float, httpx.Response]:
    t0 = time.perf_counter()
    response = client.request(method, url, **kwargs)
    return time.perf_counter() - t0, response


def load() -> str:
    return "load average {:.1f} {:.1f} {:.1f}".format(*os.getloadavg())


def serve(db: str, port: int, source: str | None = None) -> subprocess.Popen[bytes]:
    """Start `eventcoder serve` on 127.0.0.1 (from another source tree if given) and wait for /health."""
    env = {**os.environ, "EVENTCODER_API_TOKEN": ""}
    if source:
        env["PYTHONPATH"] = os.pathsep.join([str(Path(source).resolve()), env.get("PYTHONPATH", "")])
    proc = subprocess.Popen(
        [sys.executable, "-m", "eventcoder", "serve", "--db", db, "--host", "127.0.0.1", "--port", str(port)]
        + ["--log-level", "warning"],
        env=env,
        cwd=source or None,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                return proc
        except httpx.TransportError:
            pass
        if proc.poll() is not None:
            raise SystemExit("the server exited")
        time.sleep(0.5)
    proc.terminate()
    raise SystemExit("the server did not start in 120 s")


def label(params: dict[str, Any]) -> str:
    return "&".join(f"{k}={v}" for k, v in params.items()) or "(none)"


def bench_events(bases: list[str], rounds: int) -> list[dict[str, list[float]]]:
    """GET /events with each filter set, first page and the page after it, on each server in turn (request
    by request, so all see the same load); latencies in seconds by filter, one dict per server."""
    times: list[dict[str, list[float]]] = [{} for _ in bases]
    clients = [httpx.Client(base_url=base, timeout=30) for base in bases]
    try:
        for client in clients:
            for params in FILTERS:  # warm-up
                client.get("/events", params=params)
        for _ in range(rounds):
            for params in FILTERS:
                for client, mine in zip(clients, times, strict=True):
                    series = mine.setdefault(label(params), [])
                    elapsed, response = timed(client, "GET", "/events", params={**params, "limit": 50})
                    response.raise_for_status()
                    series.append(elapsed)
                    cursor = response.json()["next_cursor"]
                    if cursor:
                        elapsed, response = timed(
                            client, "GET", "/events", params={**params, "limit": 50, "cursor": cursor}
                        )
                        response.raise_for_status()
                        series.append(elapsed)
    finally:
        for client in clients:
            client.close()
    return times


def bench_store(db: str, rounds: int, threads: int) -> tuple[dict[str, list[float]], float]:
    """The store look-up behind GET /events (browse.events_page), in this process, the same pages as over
    HTTP; latencies in seconds by filter and CPU seconds per look-up."""
    from eventcoder.api.routes import EventsQuery
    from eventcoder.store import browse

    times: dict[str, list[float]] = {}
    with open_store(db, read_only=True) as store:
        store.set_threads(threads)
        for params in FILTERS:  # warm-up
            browse.events_page(store, limit=50, **EventsQuery(**params).as_filters())
        cpu0, n = time.process_time(), 0
        for _ in range(rounds):
            for params in FILTERS:
                filters = EventsQuery(**params).as_filters()
                series = times.setdefault(label(params), [])
                cursor = None
                for _page in range(2):
                    t0 = time.perf_counter()
                    page = browse.events_page(store, limit=50, cursor=cursor, **filters)
                    series.append(time.perf_counter() - t0)
                    n += 1
                    cursor = page.next_cursor
                    if not cursor:
                        break
        return times, (time.process_time() - cpu0) / max(1, n)


def summary_line(name: str, times: dict[str, list[float]], extra: str = "") -> str:
    flat = [t for ts in times.values() for t in ts]
    return (
        f"{name}: {len(flat)} requests, p50 {pct(flat, 50):.1f} ms, p95 {pct(flat, 95):.1f} ms, "
        f"p99 {pct(flat, 99):.1f} ms, max {max(flat) * 1000:.1f} ms{extra}; {load()}"
    )


def bench_code(base: str, rounds: int) -> list[float]:
    """POST /code with the example article (examples/example_article.jsonl, a seed-size story of ours)."""
    article = json.loads(
        (ROOT / "examples" / "example_article.jsonl").read_text(encoding="utf-8").splitlines()[0]
    )
    body = {"text": article["text"], "date": article["date"]}
    times: list[float] = []
    with httpx.Client(base_url=base, timeout=60) as client:
        client.post("/code", json=body).raise_for_status()  # warm-up
        for _ in range(rounds):
            elapsed, response = timed(client, "POST", "/code", json=body)
            response.raise_for_status()
            times.append(elapsed)
    return times


def bench_concurrent(base: str, clients: int, duration: float, event_ids: list[int]) -> dict[str, Any]:
    """``clients`` threads, each with its own connection, sending a mix of requests for ``duration`` s."""
    errors: list[str] = []
    latencies: list[float] = []
    lock = threading.Lock()
    stop = time.monotonic() + duration
    code_body = {"text": "Germany condemned Iran on Monday over its nuclear program.", "date": "2021-02-01"}

    def worker(seed: int) -> None:
        rng = random.Random(seed)
        mine: list[float] = []
        with httpx.Client(base_url=base, timeout=60) as client:
            for _ in range(100_000):  # bounded; the deadline ends it first
                if time.monotonic() >= stop:
                    break
                roll = rng.random()
                if roll < 0.6:
                    request = ("GET", "/events", {"params": {**rng.choice(FILTERS), "limit": 50}})
                elif roll < 0.75:
                    request = ("GET", f"/events/{rng.choice(event_ids)}", {})
                elif roll < 0.85:
                    request = ("GET", "/dyads/USA/CHN", {"params": {"freq": "month"}})
                elif roll < 0.92:
                    request = ("GET", "/actors", {"params": {"limit": 20}})
                elif roll < 0.97:
                    request = ("GET", "/health", {})
                else:
                    request = ("POST", "/code", {"json": code_body})
                try:
                    elapsed, response = timed(client, request[0], request[1], **request[2])
                except httpx.HTTPError as err:
                    with lock:
                        errors.append(f"{request[1]}: {type(err).__name__}")
                    continue
                if response.status_code != 200:
                    with lock:
                        errors.append(f"{request[1]}: {response.status_code}")
                mine.append(elapsed)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(clients)]
    t0 = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - t0
    return {"requests": len(latencies) + len(errors), "errors": errors, "latencies": latencies, "wall": wall}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000, help="events in the store")
    parser.add_argument("--db", default=None, help="DuckDB file to build or reuse (default: temporary)")
    parser.add_argument("--rounds", type=int, default=30, help="rounds over the filter sets")
    parser.add_argument("--code-rounds", type=int, default=20)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=30.0, help="seconds of concurrent load")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--baseline", default=None, help="source tree of an older eventcoder to serve and time alongside"
    )
    parser.add_argument("--no-optimize", action="store_true", help="serve the store as ingested")
    parser.add_argument("--skip-load", action="store_true", help="leave out POST /code and the 50 clients")
    args = parser.parse_args()

    tmp = tempfile.TemporaryDirectory()
    db = args.db or str(Path(tmp.name) / "api-bench.duckdb")
    build(db, args.events)
    unsorted = None
    if args.baseline:  # the baseline serves the store as ingested, before optimize()
        unsorted = db + ".unsorted"
        if not Path(unsorted).exists():
            shutil.copyfile(db, unsorted)
    if not args.no_optimize:
        t0 = time.perf_counter()
        with open_store(db) as store:
            store.optimize()
        print(f"store.optimize() (eventcoder optimize): {time.perf_counter() - t0:.1f} s; {load()}")
    with open_store(db, read_only=True) as store:
        n_events = store.count("events")
        event_ids = [row[0] for row in store.execute("SELECT event_num FROM events USING SAMPLE 1000 ROWS")]
    from eventcoder.config import DEFAULTS

    threads = int(DEFAULTS["api_query_threads"])
    print(f"{load()} before the runs", flush=True)
    stores = [("optimized" if not args.no_optimize else "as ingested", db)]
    if unsorted:
        stores.append(("as ingested", unsorted))
    in_process: dict[str, list[float]] = {}
    for name, path in stores:
        times, cpu = bench_store(path, args.rounds, threads)
        in_process = in_process or times
        print(
            summary_line(
                f"store look-up alone (browse.events_page in process, {threads} query thread, store {name})",
                times,
                f", CPU {cpu * 1000:.1f} ms per look-up",
            ),
            flush=True,
        )
    base = f"http://127.0.0.1:{args.port}"
    bases = [base]
    procs = [serve(db, args.port)]
    try:
        if args.baseline:
            bases.append(f"http://127.0.0.1:{args.port + 1}")
            procs.append(serve(unsorted or db, args.port + 1, args.baseline))
        cpu0 = [cpu_seconds(p.pid) for p in procs]
        by_server = bench_events(bases, args.rounds)
        names = ["this tree", f"baseline {args.baseline} on the store as ingested"]
        print(f"GET /events with filters over {n_events:,} events (target p95 < 50 ms):", flush=True)
        for name, times, proc, c0 in zip(names, by_server, procs, cpu0, strict=False):
            n = sum(len(ts) for ts in times.values()) + len(FILTERS)
            cpu_ms = (cpu_seconds(proc.pid) - c0) / n * 1000
            print("  " + summary_line(name, times, f", server CPU {cpu_ms:.1f} ms per request"), flush=True)
        print("  per filter set, p50 / p95 in ms: " + " | ".join(["in process", *names[: len(bases)]]))
        for key in by_server[0]:
            cells = [in_process[key], *(times[key] for times in by_server)]
            print(f"    {key}: " + " | ".join(f"{pct(ts, 50):.1f} / {pct(ts, 95):.1f}" for ts in cells))
        for extra in procs[1:]:
            extra.terminate()
            extra.wait(timeout=30)
        if args.skip_load:
            return
        proc = procs[0]
        cpu0_code = cpu_seconds(proc.pid)
        code = bench_code(base, args.code_rounds)
        code_text = json.loads((ROOT / "examples" / "example_article.jsonl").read_text().splitlines()[0])[
            "text"
        ]
        cpu_code = (cpu_seconds(proc.pid) - cpu0_code) / (len(code) + 1) * 1000
        print(
            f"POST /code on the example article ({len(code_text)} characters): {len(code)} requests, "
            f"p50 {pct(code, 50):.0f} ms, p95 {pct(code, 95):.0f} ms (target < 300 ms); "
            f"server CPU {cpu_code:.0f} ms per request; {load()}",
            flush=True,
        )
        result = bench_concurrent(base, args.clients, args.duration, event_ids)
        lat = result["latencies"] or [0.0]
        print(
            f"{args.clients} concurrent clients for {result['wall']:.1f} s: {result['requests']:,} requests "
            f"({result['requests'] / result['wall']:.0f}/s), {len(result['errors'])} errors (target 0), "
            f"p50 {pct(lat, 50):.0f} ms, p95 {pct(lat, 95):.0f} ms, p99 {pct(lat, 99):.0f} ms, "
            f"mean {statistics.mean(lat) * 1000:.0f} ms; {load()}",
            flush=True,
        )
        for error in sorted(set(result["errors"]))[:10]:
            print(f"  error: {error}")
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.terminate()
                proc.wait(timeout=30)


if __name__ == "__main__":
    main()
