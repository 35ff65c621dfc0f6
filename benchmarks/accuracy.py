"""Accuracy report: every gold file of tests/gold/floors.json through `eventcoder eval`, one summary table.

Usage: python benchmarks/accuracy.py [--causes] [--set-floors] [GOLD.jsonl ...]
  (default: every file floors.json scores; shared ones from ../shared/data/ beside the repository or from
  $EVENTCODER_SHARED/data, skipped with a note when absent)
Prints aggregate scores (with each floor) and, with --causes, the per-cause counts of article gold: the
only figures to read from the check split. --set-floors writes the measured F1 into floors.json and raises
each floor to about .02 under it (never lowers one: lower a floor by hand, with the reason in the commit).
"""

import hashlib
import json
import math
import os
import sys
import time
from pathlib import Path
from typing import Any

from eventcoder.evaluation import evaluate
from eventcoder.pipeline import build_nlp

REPO = Path(__file__).resolve().parent.parent
GOLD = REPO / "tests" / "gold"


def shared_dir() -> Path:
    """data/ of the shared folder: $EVENTCODER_SHARED, else ../shared (or ../../shared) beside the repo."""
    beside = (p for p in (REPO.parent / "shared", REPO.parent.parent / "shared") if p.is_dir())
    return Path(os.environ.get("EVENTCODER_SHARED") or next(beside, "shared")) / "data"


def gold_path(name: str, entry: dict[str, Any]) -> Path:
    return (shared_dir() if entry["in"] == "shared" else GOLD) / name


def main(args: list[str]) -> None:
    causes = "--causes" in args
    set_floors = "--set-floors" in args
    paths = [a for a in args if a not in ("--causes", "--set-floors")]
    floors_file = json.loads((GOLD / "floors.json").read_text(encoding="utf-8"))
    floors: dict[str, dict[str, Any]] = floors_file["files"]
    todo = [(Path(p).name, Path(p), {}) for p in paths] or [
        (name, gold_path(name, entry), entry) for name, entry in floors.items()
    ]
    nlps: dict[str | None, Any] = {}
    print(f"{'file':30} {'score':16} {'P':>6} {'R':>6} {'F1':>6} {'floor':>6}")
    for name, path, entry in todo:
        if not path.exists():
            print(f"{name:30} not found ({path}): set EVENTCODER_SHARED")
            continue
        actors = entry.get("actors")
        if actors not in nlps:
            nlps[actors] = build_nlp(actor_files=[str(GOLD / actors)] if actors else [])
        start = time.perf_counter()
        (report,) = evaluate([path], nlps[actors])
        for score, tally in report.overall.items():
            floor = entry.get("floors", {}).get(score)
            print(
                f"{name:30} {score:16} {tally.precision:6.3f} {tally.recall:6.3f} {tally.f1:6.3f} "
                f"{floor if floor is not None else '':>6}"
            )
        extra = report.extra
        if extra.get("dates_checked"):
            print(
                f"{name:30} dates right {extra['dates_right']}/{extra['dates_checked']}, "
                f"places right {extra.get('places_right', 0)}/{extra.get('places_checked', 0)}"
            )
        if causes and report.kind == "articles":
            for side, counts in report.cause_table().items():
                print(f"{name:30} {side:7} " + ", ".join(f"{k} {v}" for k, v in counts.items()))
        pinned = entry.get("sha256")
        if pinned and hashlib.sha256(path.read_bytes()).hexdigest() != pinned:
            print(f"{name:30} CHANGED since floors.json pinned it")
        print(
            f"{name:30} {report.items} items, {report.failures} failed, {time.perf_counter() - start:.1f} s"
        )
        if set_floors and entry:
            measured = {s: round(report.overall[s].f1, 3) for s in entry.get("floors", {})}
            entry["measured"] = measured
            entry["floors"] = {
                s: max(floor, math.floor((measured[s] - 0.02) * 100) / 100)
                for s, floor in entry["floors"].items()
            }
    if set_floors:
        floors_file["set"] = time.strftime("%Y-%m-%d")
        (GOLD / "floors.json").write_text(json.dumps(floors_file, indent=1, ensure_ascii=False) + "\n")
        print("floors.json: measured figures written, floors raised where the coder improved")


if __name__ == "__main__":
    main(sys.argv[1:])
