"""Actor coverage: how many actor phrases from recent news the coder recognises (issue #14).

Each row of ``benchmarks/actor_phrases.csv`` (phrase, article date, expected CAMEO actor code, category, note)
becomes the one-sentence article "<phrase> accused Norway of lying." with that date, coded through the
public API (``eventcoder.code_articles``). The source actor of the ACCUSE event (112) against Norway is
compared with the expected code: country (the first three letters; for an IGO its organisation, IGOUNO for
every UN agency) and full code (for an IGO at the level the expected code is written: an expected IGOUNO
is met by the UN or any UN agency code, an expected agency code only by itself; see ``code_matches``).
No event at all usually means the phrase was not recognised as an actor.

The phrases were written by the eventcoder maintainers from general knowledge (heads of government and
ministers of smaller states, former leaders as ELI, parties, sub-national governments, armed groups, fleets
and units, legislatures by name, intelligence chiefs and services, universities, UN agencies; all world
regions; article dates 2019-2023). It is a coverage measure, not a test: it prints accuracy overall and by
category, and the failures.

``benchmarks/actor_phrases_blind.csv`` is a second, blind set (issue #14): written from general knowledge
before its author looked at the actor data or the rows above, with a ``fold`` column (h1/h2, alternating
within each category). Gaps are fixed from h1 only; h2 measures whether the fixes generalise.
Totals print per fold too. ``benchmarks/actor_phrases_blind2.csv`` is a third set in the same format, written
blind in a later session (issue #14; folds drawn at random within each category, no phrase of the first
file repeated). Any CSV with the columns phrase, date, expected, category, note and optionally fold can be
passed with ``--csv``; ``--by-fold`` splits each category's line by fold.

Usage: python benchmarks/actor_phrases.py [--csv FILE] [--category NAME] [--fold h1|h2] [--by-fold]
       [--limit N] [--quiet]
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
        return self.got is not None and code_matches(self.got, self.row.expected)


def country(code: str) -> str:
    """The country part of a code: its first three letters; for an international body (IGO) its
    organisation (IGOUNOREFHCR -> IGOUNO, by eventcoder/data/actors/igo_agencies.yaml); the whole code of a
    militant group (IMG) or NGO."""
    if code.startswith("IGO"):
        from eventcoder.components.actors.lexicon import igo_organisation

        return igo_organisation(code) or code
    return code if code.startswith(("IMG", "NGO")) else code[:3]


def code_matches(got: str, expected: str) -> bool:
    """Full-code agreement. IGO codes are compared at the level the expected code is written: an expected
    organisation code (IGOUNO, a parent in igo_agencies.yaml) is met by the organisation or any of its
    agencies (the row says "a UN body", not which code); an expected agency code (IGOUNOHLH) only by
    itself."""
    if got == expected:
        return True
    if not (got.startswith("IGO") and expected.startswith("IGO")):
        return False
    from eventcoder.components.actors.lexicon import igo_organisation, igo_table

    organisations = {body.parent for body in igo_table()}
    return expected in organisations and igo_organisation(got) == expected


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


def _line(label: str, part: dict[str, float]) -> str:
    return (
        f"{label:<12} n={part['n']:>3}  country {part['country']:.3f}  full code {part['code']:.3f}  "
        f"no event {part['no_event']}"
    )


def report(outcomes: list[Outcome], quiet: bool = False, by_fold: bool = False) -> str:
    """Totals, totals per fold, per category (with ``by_fold`` also per category and fold), then the
    failures unless ``quiet``."""
    lines = []
    total = summary(outcomes)
    lines.append(_line("all", total))
    folds: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        if outcome.row.fold:
            folds[outcome.row.fold].append(outcome)
    for name in sorted(folds):
        lines.append(_line("fold " + name, summary(folds[name])))
    by_category: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        by_category[outcome.row.category].append(outcome)
    for name in sorted(by_category):
        lines.append(_line(name, summary(by_category[name])))
        if by_fold:
            for fold in sorted({o.row.fold for o in by_category[name] if o.row.fold}):
                part = summary([o for o in by_category[name] if o.row.fold == fold])
                lines.append(_line(f"  {fold}", part))
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
    parser.add_argument("--by-fold", action="store_true", help="each category's figures per fold too")
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
    print(report(run(rows), quiet=args.quiet, by_fold=args.by_fold))
    return 0


if __name__ == "__main__":
    sys.exit(main())
