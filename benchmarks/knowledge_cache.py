"""CPU of building the pipeline without, with a cold and with a warm knowledge build cache (issue 13).

Each run is a fresh process (as a command, a spawned worker or a Ray actor is): it imports eventcoder's
pipeline module and calls ``build_nlp()``; printed are the CPU seconds (user + sys of the process) of the
imports, of ``build_nlp()`` and, inside it, of the gazetteer and the packaged actor lexicon. Variants run
interleaved in one run, medians over rounds:

- no cache: ``build_nlp(cache=False)`` (every process builds the knowledge, as before the cache);
- cold: an empty cache folder (builds, then stores the two objects: the first run on a machine);
- warm: the folder the cold run filled (reads them).

The cache folders are temporary (never the user's). Each run also checks that the cold, warm and no-cache
pipelines hold the same gazetteer and lexicon (a digest of their contents, in order).

Usage: python benchmarks/knowledge_cache.py [ROUNDS]
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

_RUN = """
import hashlib, json, sys, time
t0 = time.process_time()
from eventcoder.pipeline import build_nlp
t1 = time.process_time()
import eventcoder.components.actors.lexicon as lexicon_module
import eventcoder.knowledge.gazetteer as gazetteer_module
spent = {"gazetteer": 0.0, "lexicon": 0.0}
def timed(name, function):
    def wrapper():
        start = time.process_time()
        try:
            return function()
        finally:
            spent[name] += time.process_time() - start
    return wrapper
gazetteer_module.gazetteer = timed("gazetteer", gazetteer_module.gazetteer)
lexicon_module.packaged_lexicon = timed("lexicon", lexicon_module.packaged_lexicon)
import eventcoder.components.acronyms, eventcoder.components.places.component  # bound there by name
eventcoder.components.acronyms.packaged_lexicon = lexicon_module.packaged_lexicon
eventcoder.components.places.component.gazetteer = gazetteer_module.gazetteer
nlp = build_nlp(cache=sys.argv[1] == "1")
t2 = time.process_time()
gaz, lex = gazetteer_module.gazetteer(), lexicon_module.packaged_lexicon()
tables = (gaz.names, gaz.countries, lex.entries, lex.forms, lex.exact, lex.priority, lex.shared)
digest = hashlib.sha256(repr(tables).encode()).hexdigest()  # repr: pickles differ in what objects share
print(json.dumps({"imports": t1 - t0, "build_nlp": t2 - t1, **spent, "digest": digest[:16]}))
"""


def run(cache: bool, folder: Path) -> dict[str, float | str]:
    env = dict(os.environ, EVENTCODER_CACHE_DIR=str(folder))
    done = subprocess.run(
        [sys.executable, "-c", _RUN, "1" if cache else "0"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, float | str] = json.loads(done.stdout.splitlines()[-1])
    return result


def main(argv: list[str]) -> None:
    rounds = int(argv[0]) if argv else 3
    base = Path(tempfile.mkdtemp(prefix="eventcoder-cache-bench-"))
    figures: dict[str, list[dict[str, float | str]]] = {"no cache": [], "cold": [], "warm": []}
    for n in range(rounds):
        folder = base / str(n)  # empty: the cold run fills it, the warm run reads it
        figures["no cache"].append(run(False, folder))
        figures["cold"].append(run(True, folder))
        figures["warm"].append(run(True, folder))
    digests = {str(r["digest"]) for runs in figures.values() for r in runs}
    print(f"build_nlp() in a fresh process, median CPU s of {rounds} rounds; load {os.getloadavg()[0]:.1f}")
    print(f"same gazetteer and lexicon in every run: {len(digests) == 1}")
    items = ("imports", "build_nlp", "gazetteer", "lexicon")
    print(f"  {'variant':10s}" + "".join(f"{item:>11s}" for item in items) + f"{'total':>9s}")
    medians = {}
    for name, runs in figures.items():
        values = [statistics.median(float(r[item]) for r in runs) for item in items]
        medians[name] = values
        print(f"  {name:10s}" + "".join(f"{v:11.2f}" for v in values) + f"{values[0] + values[1]:9.2f}")
    off, warm = medians["no cache"], medians["warm"]
    both = (warm[0] + warm[1]) / (off[0] + off[1])
    print(f"warm / no cache: build_nlp {warm[1] / off[1]:.2f}x, imports + build_nlp {both:.2f}x")


if __name__ == "__main__":
    main(sys.argv[1:])
