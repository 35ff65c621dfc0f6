"""Actor coverage: how many actor phrases from recent news the coder recognises (issue #14).

Each row of ``benchmarks/actor_phrases.csv`` (phrase, article date, expected CAMEO actor code, category, note)
becomes the one-sentence article "<phrase> accused Norway of lying." with that date, coded through the
public API (``eventcoder.code_articles``). The source actor of the ACCUSE event (112) against Norway is
compared with the expected code: country (the first three letters, or the whole IGO code) and full code.
No event at all usually means the phrase was not recognised as an actor.

The phrases were written by the eventcoder maintainers from general knowledge (heads of government and
ministers of smaller states, former leaders as ELI, parties, sub-national governments, armed groups, fleets
and units, legislatures by name, intelligence chiefs and services, universities, UN agencies; all world
regions; article dates 2019-2023). It is a coverage measure, not a test: it prints accuracy overall and by
category, and the failures.

``benchmarks/actor_phrases_blind.csv`` is a second, blind set (issue #14): written from general knowledge
before its author looked at the actor data or the rows above, with a ``fold`` column (h1/h2, alternating
within each category). Gaps are fixed from h1 only; h2 measures whether the fixes generalise.
Totals print per fold too.

Usage: python benchmarks/actor_phrases.py [--csv FILE] [--category NAME] [--fold h1|h2] [--limit N] [--quiet]
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CSV = Path(__file__).with_name("actor_phrases.csv")
TEMPLATE = "{phrase} accused Norway of lying."


@dataclass(frozen=True)
class Row:
    phrase: str
    date: str
    expected: str
    category: str
    note: str
    fold: str = ""  # h1/h2 in the blind set (benchmarks/actor_phrases_blind.csv), empty elsewhere


@dataclass(frozen=True)
class Outcome:
    row: Row
    got: str | None  # the source code of the ACCUSE event against Norway; None: no such event
    events: int  # events coded from the sentence

    @property
    def country_ok(self) -> bool:
        return self.got is not None and country(self.got) == country(self.row.expected)

    @property
    def code_ok(self) -> bool:
        return self.got == self.row.expected


def country(code: str) -> str:
    """The country part of a code: its first three letters, or the whole code of an international body
    (IGO) or militant group (IMG)."""
    return code if code.startswith(("IGO", "IMG", "NGO")) else code[:3]


def read_rows(path: Path = CSV) -> list[Row]:
    with path.open(newline="", encoding="utf-8") as handle:
        return [
            Row(
                r["phrase"].strip(),
                r["date"].strip(),
                r["expected"].strip(),
                r["category"],
                r["note"],
                (r.get("fold") or "").strip(),
            )
            for r in csv.DictReader(handle)
        ]


def run(rows: list[Row], nlp: Any = None) -> list[Outcome]:
    """Code every row's sentence and return its outcome, in row order."""
    import eventcoder

    articles = [
        {"id": str(i), "text": TEMPLATE.format(phrase=row.phrase), "date": row.date}
        for i, row in enumerate(rows)
    ]
    found: dict[int, tuple[str | None, int]] = {}
    for coded in eventcoder.code_articles(articles, nlp=nlp):
        index = int(coded.article.id)
        got = None
        for record in coded.records:
            target = record.target.code if record.target else None
            if record.cameo.startswith("112") and target == "NOR" and record.source is not None:
                got = record.source.code
                break
        found[index] = (got, len(coded.records))
    return [Outcome(row, *found.get(i, (None, 0))) for i, row in enumerate(rows)]


def summary(outcomes: list[Outcome]) -> dict[str, float]:
    n = len(outcomes) or 1
    return {
        "n": len(outcomes),
        "country": sum(o.country_ok for o in outcomes) / n,
        "code": sum(o.code_ok for o in outcomes) / n,
        "no_event": sum(o.got is None for o in outcomes),
    }


def report(outcomes: list[Outcome], quiet: bool = False) -> str:
    lines = []
    total = summary(outcomes)
    lines.append(
        f"{'all':<12} n={total['n']:>3}  country {total['country']:.3f}  full code {total['code']:.3f}  "
        f"no event {total['no_event']}"
    )
    by_fold: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        if outcome.row.fold:
            by_fold[outcome.row.fold].append(outcome)
    for name in sorted(by_fold):
        part = summary(by_fold[name])
        label = "fold " + name
        lines.append(
            f"{label:<12} n={part['n']:>3}  country {part['country']:.3f}  full code {part['code']:.3f}  "
            f"no event {part['no_event']}"
        )
    by_category: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        by_category[outcome.row.category].append(outcome)
    for name in sorted(by_category):
        part = summary(by_category[name])
        lines.append(
            f"{name:<12} n={part['n']:>3}  country {part['country']:.3f}  full code {part['code']:.3f}  "
            f"no event {part['no_event']}"
        )
    if not quiet:
        lines.append("")
        lines.append("failures (category | phrase | date | expected | got):")
        for outcome in outcomes:
            if not outcome.code_ok:
                got = outcome.got or f"-- ({outcome.events} other events)"
                row = outcome.row
                fold = f"{row.fold} " if row.fold else ""
                lines.append(f"  {fold}{row.category:<12} {row.phrase} | {row.date} | {row.expected} | {got}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", type=Path, default=CSV)
    parser.add_argument("--category", default=None)
    parser.add_argument("--fold", default=None, help="only the rows of this fold (h1, h2 in the blind set)")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--quiet", action="store_true", help="totals only, no failures")
    args = parser.parse_args(argv)
    rows = read_rows(args.csv)
    if args.category:
        rows = [r for r in rows if r.category == args.category]
    if args.fold:
        rows = [r for r in rows if r.fold == args.fold]
    if args.limit:
        rows = rows[: args.limit]
    print(report(run(rows), quiet=args.quiet))
    return 0


if __name__ == "__main__":
    sys.exit(main())
