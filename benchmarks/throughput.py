"""Throughput: articles/s of the full eventcoder pipeline against the bare spaCy model, side by side.

Usage: python benchmarks/throughput.py [N_ARTICLES]
  (articles: the VOA dev texts, repeated, from ../shared/data/ or $EVENTCODER_SHARED/data)
"""

import json
import sys
import time

from accuracy import shared_dir  # benchmarks/ is on sys.path when run as a script

from eventcoder.driver import iter_results
from eventcoder.pipeline import build_nlp, load_model
from eventcoder.records import Article


def articles(n: int) -> list[Article]:
    path = shared_dir() / "dev_voa_articles.jsonl"
    texts = [json.loads(line) for line in path.open(encoding="utf-8")]
    return [
        Article(id=f"a{i}", text=texts[i % len(texts)]["text"], date=texts[i % len(texts)]["date"])
        for i in range(n)
    ]


def main(n: int) -> None:
    items = articles(n)
    bare = load_model()
    start = time.perf_counter()
    for _ in bare.pipe((a.text for a in items), batch_size=16):
        pass
    bare_rate = n / (time.perf_counter() - start)
    nlp = build_nlp()
    start = time.perf_counter()
    events = sum(len(r.records) for r in iter_results(items, nlp) if hasattr(r, "records"))
    full_rate = n / (time.perf_counter() - start)
    print(f"bare spaCy model : {bare_rate:7.2f} articles/s")
    print(f"eventcoder       : {full_rate:7.2f} articles/s ({events} events)")
    print(f"ratio            : {full_rate / bare_rate:7.2f} (eventcoder / bare model)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 80)
