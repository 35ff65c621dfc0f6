"""REST API benchmark: `eventcoder serve` over a store of synthetic events, driven on loopback (issue 17).

Targets (2-core dev machine): GET /events with filters over 1M events p95 < 50 ms; POST /code on a seed-size
article (examples/example_article.jsonl) < 300 ms; 50 concurrent clients for 30 s with zero errors. Prints
measured figures next to them.

    python benchmarks/api.py                      # full run: 1M events, 50 clients x 30 s
    python benchmarks/api.py --events 50000 --clients 10 --duration 5   # a quick try
    python benchmarks/api.py --db big.duckdb      # reuse (or keep) the store between runs

The store is built with synthetic coded articles (no model; outside the timed sections). The server is the
real command, `eventcoder serve`, in a subprocess bound to 127.0.0.1; every request loop is bounded in count
and time.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
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


def serve(db: str, port: int) -> subprocess.Popen[bytes]:
    """Start `eventcoder serve` on 127.0.0.1 and wait for /health."""
    exe = Path(sys.executable).with_name("eventcoder")
    proc = subprocess.Popen(
        [str(exe), "serve", "--db", db, "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
        env={**os.environ, "EVENTCODER_API_TOKEN": ""},
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


def bench_events(base: str, rounds: int) -> dict[str, list[float]]:
    """GET /events with each filter set, first page and the page after it; latencies in seconds by filter."""
    times: dict[str, list[float]] = {}
    with httpx.Client(base_url=base, timeout=30) as client:
        for params in FILTERS:  # warm-up
            client.get("/events", params=params)
        for _ in range(rounds):
            for params in FILTERS:
                mine = times.setdefault("&".join(f"{k}={v}" for k, v in params.items()) or "(none)", [])
                elapsed, response = timed(client, "GET", "/events", params={**params, "limit": 50})
                response.raise_for_status()
                mine.append(elapsed)
                cursor = response.json()["next_cursor"]
                if cursor:
                    elapsed, response = timed(
                        client, "GET", "/events", params={**params, "limit": 50, "cursor": cursor}
                    )
                    response.raise_for_status()
                    mine.append(elapsed)
    return times


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
    args = parser.parse_args()

    tmp = tempfile.TemporaryDirectory()
    db = args.db or str(Path(tmp.name) / "api-bench.duckdb")
    build(db, args.events)
    with open_store(db, read_only=True) as store:
        n_events = store.count("events")
        event_ids = [row[0] for row in store.execute("SELECT event_num FROM events USING SAMPLE 1000 ROWS")]
    base = f"http://127.0.0.1:{args.port}"
    proc = serve(db, args.port)
    try:
        cpu0 = cpu_seconds(proc.pid)
        by_filter = bench_events(base, args.rounds)
        events = [t for ts in by_filter.values() for t in ts]
        cpu = (cpu_seconds(proc.pid) - cpu0) / (len(events) + len(FILTERS)) * 1000
        print(
            f"GET /events with filters over {n_events:,} events: {len(events)} requests, "
            f"p50 {pct(events, 50):.1f} ms, p95 {pct(events, 95):.1f} ms, max {max(events) * 1000:.1f} ms "
            f"(target p95 < 50 ms); server CPU {cpu:.1f} ms per request; "
            f"load average {os.getloadavg()[0]:.1f}",
            flush=True,
        )
        for name, ts in by_filter.items():
            print(f"  {name}: p50 {pct(ts, 50):.1f} ms, p95 {pct(ts, 95):.1f} ms")
        cpu0 = cpu_seconds(proc.pid)
        code = bench_code(base, args.code_rounds)
        code_text = json.loads((ROOT / "examples" / "example_article.jsonl").read_text().splitlines()[0])[
            "text"
        ]
        cpu = (cpu_seconds(proc.pid) - cpu0) / (len(code) + 1) * 1000
        print(
            f"POST /code on the example article ({len(code_text)} characters): {len(code)} requests, "
            f"p50 {pct(code, 50):.0f} ms, "
            f"p95 {pct(code, 95):.0f} ms (target < 300 ms); server CPU {cpu:.0f} ms per request",
            flush=True,
        )
        load = bench_concurrent(base, args.clients, args.duration, event_ids)
        lat = load["latencies"] or [0.0]
        print(
            f"{args.clients} concurrent clients for {load['wall']:.1f} s: {load['requests']:,} requests "
            f"({load['requests'] / load['wall']:.0f}/s), {len(load['errors'])} errors (target 0), "
            f"p50 {pct(lat, 50):.0f} ms, p95 {pct(lat, 95):.0f} ms, "
            f"mean {statistics.mean(lat) * 1000:.0f} ms",
            flush=True,
        )
        for error in sorted(set(load["errors"]))[:10]:
            print(f"  error: {error}")
    finally:
        proc.terminate()
        proc.wait(timeout=30)


if __name__ == "__main__":
    main()
