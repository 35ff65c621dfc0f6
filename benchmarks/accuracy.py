"""Dev-set accuracy report: every gold file through `eventcoder eval`, one summary table.

Usage: python benchmarks/accuracy.py [GOLD.jsonl ...]   (default: tests/gold/dev_*.jsonl)
The PETRARCH unit set is scored with its own (fictional) actors: tests/gold/petrarch_unit_actors.yaml.
"""

import sys
import time
from pathlib import Path

from eventcoder.evaluation import evaluate
from eventcoder.pipeline import build_nlp


def main(paths: list[str]) -> None:
    gold_dir = Path(__file__).parent.parent / "tests" / "gold"
    paths = paths or sorted(str(p) for p in gold_dir.glob("dev_*.jsonl"))
    nlp = build_nlp()
    petrarch_nlp = build_nlp(actor_files=[str(gold_dir / "petrarch_unit_actors.yaml")])
    print(f"{'file':28} {'score':16} {'P':>6} {'R':>6} {'F1':>6}")
    for path in paths:
        start = time.perf_counter()
        (report,) = evaluate([path], petrarch_nlp if "petrarch" in Path(path).name else nlp)
        for name, tally in report.overall.items():
            print(f"{report.name:28} {name:16} {tally.precision:6.3f} {tally.recall:6.3f} {tally.f1:6.3f}")
        extra = report.extra
        if extra.get("dates_checked"):
            print(
                f"{report.name:28} dates right {extra['dates_right']}/{extra['dates_checked']}, "
                f"places right {extra.get('places_right', 0)}/{extra.get('places_checked', 0)}"
            )
        print(
            f"{report.name:28} {report.items} items, {report.failures} failed, "
            f"{time.perf_counter() - start:.1f} s"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
