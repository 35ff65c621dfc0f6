"""CPU accounting of the parallel engines (issue 13): where the CPU seconds of ``--processes 2`` and Ray go.

On a 2-core machine two workers need both cores, so every CPU second that the parent or Ray's own processes
spend is throughput lost, and so is every CPU second a worker spends on anything but coding. Wall-clock
ratios of parallel runs cannot be read on a shared machine; CPU seconds (user + sys, from ``/proc`` and
``getrusage``) hardly move with the load. For each variant and run this prints, medians over rounds:

- parent (the process that iterates the results): its CPU to the first result (start-up: the pool, forking,
  Ray Data's planning and actor launch) and after it, per 100 articles;
- each worker / actor: start-up (fork or process start, building the pipeline, up to its first chunk or
  batch), coding per 100 articles (first chunk start to last chunk end), and what it spent after its last
  chunk (idle polling, exit; Ray ends its actors after the run, which waits for them to be gone);
- Ray's own processes (raylet, GCS, idle workers, the read tasks that turn lines into articles).

Variants run interleaved in one process, so "before" and "after" (switches such as ``Coder.FREEZE``) are
side by side in one run.

With ``--cli``: ``eventcoder code`` itself, each run a fresh process as a user's is (nothing built or warmed
before), one process and ``--processes 2``, each without and with the exit freeze of ``eventcoder.cli.main``:
CPU seconds of the parent (its imports, building the pipeline, its exit) and of its workers.

With ``--cache``: the knowledge build cache (eventcoder/knowledge/cache.py) off ("no cache", each process
builds the gazetteer and the actor lexicon) and warm ("cache", read from a temporary cache folder filled
before the first round) instead of the freeze variants, for the Ray actors and for ``--cli``.

Usage: python benchmarks/cpu_accounting.py [N_ARTICLES] [ROUNDS] [--no-ray | --ray-only | --cli] [--cache]
  [--detail]
  (texts: the VOA dev articles, repeated, from ../shared/data/ or $EVENTCODER_SHARED/data; never committed)
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from procs import descendants, running  # benchmarks/ is on sys.path when run as a script

DETAIL = "--detail" in sys.argv
MARKS = Path(tempfile.mkdtemp(prefix="eventcoder-cpu-")) / "marks.txt"


def mark(phase: str, n: int = 0) -> None:
    """One line per event of a worker or actor: pid, phase, its CPU seconds so far, articles."""
    with MARKS.open("a") as out:
        out.write(f"{os.getpid()} {phase} {time.process_time():.4f} {n}\n")


def read_marks_pending() -> bool:
    return MARKS.exists()


def read_marks() -> dict[int, dict[str, Any]]:
    by_pid: dict[int, dict[str, Any]] = defaultdict(
        lambda: {"ready": None, "done": 0.0, "n": 0, "first": None}
    )
    if not MARKS.exists():
        return {}
    for line in MARKS.read_text().splitlines():
        pid, phase, cpu, n = line.split()
        entry = by_pid[int(pid)]
        if phase == "ready" and entry["ready"] is None:
            entry["ready"] = float(cpu)
        elif phase == "done":
            if entry["first"] is None:
                entry["first"] = float(cpu)
            entry["done"] = max(entry["done"], float(cpu))
            entry["n"] += int(n)
    MARKS.unlink()
    return dict(by_pid)


# --- forked workers: the chunk function, wrapped (resolved in the fork child through __main__) ----------
_CODE_CHUNK: Callable[..., Any] | None = None  # parallel._code_chunk, set by main()
_FIRST = [True]


def timed_chunk(items: list[Any], batch_size: int) -> Any:
    if _FIRST[0]:
        _FIRST[0] = False
        mark("ready")
    assert _CODE_CHUNK is not None
    result = _CODE_CHUNK(items, batch_size)
    mark("done", len(items))
    return result


class Sampler:
    """Samples every descendant's CPU every 50 ms from a separate process (its CPU is nobody's)."""

    def __init__(self) -> None:
        import subprocess

        self.process = subprocess.Popen(
            [sys.executable, __file__, "--sample", str(os.getpid())],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        self.base = json.loads(self.process.stdout.readline())  # the first sample: CPU before the run
        self.base = {int(pid): value for pid, value in self.base.items()}

    def finish(self) -> dict[int, tuple[float, str]]:
        out, _ = self.process.communicate("stop\n")
        last = {int(pid): value for pid, value in json.loads(out).items()}
        base = {pid: cpu for pid, (cpu, _) in self.base.items()}
        return {pid: (cpu - base.get(pid, 0.0), cmd) for pid, (cpu, cmd) in last.items()}


def sample_forever(parent: int) -> None:
    """The sampler process: a first sample at once, then every 50 ms until told to stop on stdin."""
    import select

    me = os.getpid()
    last: dict[int, tuple[float, str]] = {}
    labels: dict[int, str] = {}

    def sample() -> None:
        for pid, (cpu, cmd) in descendants(parent).items():
            if pid == me:
                continue
            if cmd and ("IDLE" not in cmd or pid not in labels):  # an exited process shows no command
                labels[pid] = cmd
            labels.setdefault(pid, "(exited before it was seen with a command)")
            last[pid] = (cpu, labels[pid])

    sample()
    print(json.dumps(last), flush=True)
    while not select.select([sys.stdin], [], [], 0.05)[0]:
        sample()
    sample()
    print(json.dumps(last), flush=True)


def kind(cmd: str) -> str:
    if "MapWorker" in cmd or "Coder" in cmd:
        return "actor"
    if "raylet" in cmd or "gcs_server" in cmd:
        return "ray: raylet + GCS"
    if "ray::IDLE" in cmd:
        return "ray: idle workers"
    if cmd.startswith("ray::MapBatches") or cmd.startswith("ray::Read"):
        return "ray: read tasks"
    return "ray: other processes"


# --- one run ------------------------------------------------------------------------------------------------
def run_once(results: Callable[[], Iterator[Any]], n: int, use_sampler: bool) -> dict[str, float]:
    from eventcoder.records import CodedArticle

    sampler = Sampler() if use_sampler else None
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.process_time()
    first = None
    count = 0
    for result in results():
        if first is None:
            first = time.process_time()
        count += isinstance(result, CodedArticle)
    end = time.process_time()
    assert count == n, (count, n)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if not use_sampler and not read_marks_pending():  # one process: all of it is coding
        return {"process coding": end - start}
    figures = {"parent start-up": (first or end) - start, "parent work": end - (first or end)}
    marks = read_marks()
    per_pid: dict[int, tuple[float, str]] = {}
    if sampler is not None:
        # Ray ends the actors after the run: what they spend exiting is this run's, not the next variant's
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and any(running(pid) for pid in marks):
            time.sleep(0.1)
        per_pid = sampler.finish()
    else:  # forked workers, reaped: their whole CPU is in RUSAGE_CHILDREN
        total = after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime
        per_pid = {pid: (total / max(len(marks), 1), "worker") for pid in marks}
    coding = startup = tail = first_chunks = 0.0
    for pid, entry in marks.items():
        base = 0.0
        if sampler is not None and pid in sampler.base:
            base = sampler.base[pid][0]
        cpu_total = per_pid.get(pid, (entry["done"], ""))[0]
        startup += entry["ready"] - base
        done = entry["done"] if entry["n"] else entry["ready"]  # an actor may get no batch
        coding += done - entry["ready"]
        first_chunks += (entry["first"] or entry["ready"]) - entry["ready"]
        tail += max(cpu_total - (done - base), 0.0)
    if sampler is None:  # one total for both workers: the tail is what the marks do not explain
        total = after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime
        tail = total - startup - coding
    label = "actor" if sampler is not None else "worker"
    if marks:
        figures[f"{label} start-up (sum)"] = startup
        figures[f"{label} coding"] = coding
        figures["  of which first chunks (sum)"] = first_chunks
        figures[f"{label} after last chunk, exit (sum)"] = tail
    for pid, (cpu, cmd) in per_pid.items():
        if sampler is not None and pid not in marks:
            figures[kind(cmd)] = figures.get(kind(cmd), 0.0) + cpu
            if DETAIL and cpu > 0.05:
                print(f"    pid {pid} {cpu:6.2f} s  {cmd[:100]}")
    return figures


# --- the command line, cold (a user's run): parent and workers' CPU from getrusage at exit -----------------
def cli_run(freeze_at_exit: bool, argv: list[str]) -> None:
    """In a fresh process: ``eventcoder code ...``; the CPU of its reaped workers printed at exit.

    ``freeze_at_exit`` False: the exit freeze of ``eventcoder.cli.main`` is undone (before)."""
    import atexit
    import gc

    from eventcoder.cli import main as cli

    def report() -> None:  # registered first, so it runs last (after the workers are reaped)
        workers = resource.getrusage(resource.RUSAGE_CHILDREN)
        print(f"CPU {workers.ru_utime + workers.ru_stime:.3f}", file=sys.stderr)

    atexit.register(report)
    if not freeze_at_exit:
        atexit.register(gc.unfreeze)  # runs after main's gc.freeze
    sys.argv = ["eventcoder", *argv]
    cli()


def cli_accounting(items: list[Any], rounds: int, cache: bool = False) -> None:
    """`eventcoder code FILE [--processes 2] -o OUT` in fresh processes, interleaved; outputs compared.

    A run's whole CPU (its exit included) is this process's RUSAGE_CHILDREN; its workers' it reports."""
    import subprocess

    folder = MARKS.parent
    source = folder / "cli.jsonl"
    source.write_text("".join(a.model_dump_json() + "\n" for a in items), encoding="utf-8")
    variants: dict[str, tuple[str, str, list[str]]] = {
        "1 process, before": ("0", "1", []),
        "1 process, after (exit freeze)": ("1", "1", []),
        "--processes 2, before": ("0", "2", []),
        "--processes 2, after (exit freeze)": ("1", "2", []),
    }
    if cache:
        variants = {
            "1 process, no cache": ("1", "1", ["--no-cache"]),
            "1 process, cache": ("1", "1", []),
            "--processes 2, no cache": ("1", "2", ["--no-cache"]),
            "--processes 2, cache": ("1", "2", []),
        }
    cpu: dict[str, list[tuple[float, float]]] = {name: [] for name in variants}
    outputs: dict[str, bytes] = {}
    for _ in range(rounds):
        for name, (freeze, processes, options) in variants.items():
            out = folder / f"out-{freeze}-{processes}-{len(options)}.jsonl"
            command = [
                sys.executable,
                __file__,
                "--cli-run",
                freeze,
                *options,
                "code",
                str(source),
                "-o",
                str(out),
            ]
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            done = subprocess.run([*command, "--processes", processes], capture_output=True, text=True)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            total = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
            workers = float(next(x for x in done.stderr.splitlines() if x.startswith("CPU ")).split()[1])
            cpu[name].append((total - workers, workers))
            outputs[name] = out.read_bytes()
    same = len(set(outputs.values())) == 1
    n = len(items)
    print(f"eventcoder code, {n} art., a fresh process per run, median of {rounds}; same output: {same}")
    print(f"  {'variant':36s} {'parent':>7s} {'workers':>7s} {'total':>7s}")
    for name, values in cpu.items():
        parent = statistics.median(v[0] for v in values)
        workers = statistics.median(v[1] for v in values)
        total = statistics.median(v[0] + v[1] for v in values)
        print(f"  {name:36s} {parent:7.2f} {workers:7.2f} {total:7.2f}")


def main(argv: list[str]) -> None:
    if argv[:1] == ["--sample"]:
        sample_forever(int(argv[1]))
        return
    if argv[:1] == ["--cli-run"]:
        cli_run(argv[1] == "1", argv[2:])
        return
    global _CODE_CHUNK
    # imported here: the sampler process (same file) needs none of them
    from throughput import articles  # benchmarks/ is on sys.path when run as a script

    import eventcoder.parallel as parallel
    from eventcoder.driver import iter_results
    from eventcoder.pipeline import build_nlp

    flags = {a for a in argv if a.startswith("--")}
    numbers = [int(a) for a in argv if not a.startswith("--")]
    n = numbers[0] if numbers else 96
    rounds = numbers[1] if len(numbers) > 1 else 2
    items = articles(n)
    if "--cache" in flags:  # a warm cache of this run's own (never the user's), filled before the first round
        os.environ["EVENTCODER_CACHE_DIR"] = str(MARKS.parent / "knowledge-cache")
    if "--cli" in flags:
        if "--cache" in flags:
            build_nlp()
        cli_accounting(items, rounds, cache="--cache" in flags)
        return
    nlp = build_nlp()
    list(iter_results(items[:4], nlp))  # warm-up: lazy tables, dateparser
    _CODE_CHUNK = parallel._code_chunk
    parallel._code_chunk = timed_chunk

    variants: dict[str, tuple[Callable[[], Iterator[Any]], bool]] = {}
    if "--ray-only" not in flags:
        variants["1 process"] = (lambda: iter_results(items, nlp), False)
        variants["--processes 2"] = (lambda: iter_results(items, nlp, n_process=2), False)
    if "--no-ray" not in flags:
        import ray

        from eventcoder import ray_engine

        class TimedCoder(ray_engine.Coder):  # pickled by value into the actors: marks its start and batches
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, **kwargs)
                mark("ready")

            def __call__(self, batch: dict[str, Any]) -> dict[str, list[str]]:
                out = super().__call__(batch)
                mark("done", len(batch["item"]))
                return out

        class TimedCoderBefore(TimedCoder):
            FREEZE = False  # before: no gc.freeze() in the actor

        def ray_run(coder: type, cache: bool = True) -> Iterator[Any]:
            ray_engine.Coder = coder  # type: ignore[misc]
            return ray_engine.iter_ray([str(source)], recipe if cache else recipe_off, actors=2)

        source = MARKS.parent / "articles.jsonl"
        source.write_text("".join(a.model_dump_json() + "\n" for a in items), encoding="utf-8")
        recipe = parallel.recipe_of(nlp)
        recipe_off = dict(recipe, cache=False)
        start = time.perf_counter()
        list(ray_run(TimedCoder))  # starts Ray (not counted)
        read_marks()
        print(f"(ray.init and a first run: {time.perf_counter() - start:.1f} s wall, not counted)")
        if "--cache" in flags:
            variants["ray, no cache"] = (lambda: ray_run(TimedCoder, cache=False), True)
            variants["ray, cache"] = (lambda: ray_run(TimedCoder), True)
        else:
            variants["ray, before"] = (lambda: ray_run(TimedCoderBefore), True)
            variants["ray, after"] = (lambda: ray_run(TimedCoder), True)

    figures: dict[str, dict[str, list[float]]] = {name: defaultdict(list) for name in variants}
    for _ in range(rounds):
        for name, (results, sampled) in variants.items():
            for key, value in run_once(results, n, sampled).items():
                figures[name][key].append(value)
    print(f"{n} articles x {rounds} rounds (median CPU seconds), load average {os.getloadavg()[0]:.1f}")
    print(f"  {'variant':22s} {'item':32s} {'CPU s':>7s} {'per 100 art.':>12s}")
    for name, table in figures.items():
        total = 0.0
        for key, values in table.items():
            value = statistics.median(values)
            total += 0.0 if key.startswith(" ") else value
            print(f"  {name:22s} {key:32s} {value:7.2f} {value / n * 100:12.2f}")
        print(f"  {name:22s} {'TOTAL':32s} {total:7.2f} {total / n * 100:12.2f}")
    if "--no-ray" not in flags:
        ray.shutdown()


if __name__ == "__main__":
    main(sys.argv[1:])
