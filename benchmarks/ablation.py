"""Rule ablation: each named rule of the event coder switched off in turn, scored on article gold.

Usage: python benchmarks/ablation.py [--only NAME[,NAME...]] GOLD.jsonl [GOLD.jsonl ...]
  e.g. python benchmarks/ablation.py tune_a.jsonl tune_b.jsonl (two halves of the tune split, by article)

Switched off, one at a time:
- every rule of a ``*_RULES`` tuple of the event and actor modules (events/rules.py SKIP/CODE/SOURCE/TARGET,
  events/argument_rules.py SUBJECT/OBJECT, events/modality.py CLAUSE/LINK, and any such tuple added later):
  the rule is taken out of its tuple, wherever that tuple is referenced;
- families that are no single rule (``FAMILIES`` below): each class of the converted PETRARCH verb dictionary
  (``CONVERTED_CLASSES``: toggled, turned on when the coder runs without it, so its deltas are those of adding
  it; "free" alone is the old ``patterns = "builtin"``), light-verb and
  bare-mention event nouns, and one-sided events (when ONE_SIDED_ROOTS keeps any).

Prints, per rule and per file, the event tp/fp/fn and the change of each and of event P/R/F1 against all
rules on, then the change of dyad and type F1 summed over the files. The spaCy model runs once per article
(its Docs are kept as bytes); only eventcoder's components run again for each switch. The check split is
refused: it checks, it is never tuned on (README, Accuracy).
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from types import FunctionType, ModuleType
from typing import Any

from spacy.tokens import Doc

import eventcoder.components.actors
import eventcoder.components.events
from eventcoder.driver import doc_to_coded, make_doc
from eventcoder.evaluation import SetReport, Tally, _score_article, gold_article, load_gold
from eventcoder.knowledge.patterns import CONVERTED_CLASSES
from eventcoder.pipeline import build_nlp
from eventcoder.records import Article

FIRST_OWN = "eventcoder_boilerplate"  # eventcoder components from here on run again for every switch
PACKAGES = (eventcoder.components.events, eventcoder.components.actors)
SCORES = ("event", "dyad", "type")
ALL = "all files"


def _modules() -> list[ModuleType]:
    out = []
    for pkg in PACKAGES:
        for info in pkgutil.iter_modules(pkg.__path__, pkg.__name__ + "."):
            out.append(importlib.import_module(info.name))
    return out


def rule_tuples() -> list[tuple[str, str, tuple[Any, ...]]]:
    """(module, tuple name, tuple) of every ``*_RULES`` tuple of functions in the event and actor modules."""
    found, seen = [], set()
    for mod in _modules():
        for name, value in vars(mod).items():
            if (
                name.endswith("_RULES")
                and isinstance(value, tuple)
                and value
                and all(isinstance(f, FunctionType) for f in value)
                and id(value) not in seen
                and value[0].__module__ == mod.__name__
            ):
                seen.add(id(value))
                found.append((mod.__name__.rsplit(".", 1)[-1], name, value))
    return found


@contextmanager
def without(old: tuple[Any, ...], rule: Callable[..., Any]) -> Iterator[None]:
    """Take ``rule`` out of the tuple ``old`` in every module attribute that is ``old`` or holds it."""
    new = tuple(r for r in old if r is not rule)
    undo: list[tuple[ModuleType, str, Any]] = []
    for mod in _modules():
        for name, value in list(vars(mod).items()):
            if value is old:
                undo.append((mod, name, value))
                setattr(mod, name, new)
            elif isinstance(value, tuple) and any(v is old for v in value):
                undo.append((mod, name, value))
                setattr(mod, name, tuple(new if v is old else v for v in value))
    try:
        yield
    finally:
        for mod, name, value in undo:
            setattr(mod, name, value)


@contextmanager
def patched(obj: Any, name: str, value: Any) -> Iterator[None]:
    old = getattr(obj, name)
    setattr(obj, name, value)
    try:
        yield
    finally:
        setattr(obj, name, old)


# ---------------------------------------------------------------------- families (no single rule)


@contextmanager
def toggle_converted_class(cls: str, coder: Any) -> Iterator[None]:
    """One class of the converted PETRARCH verb dictionary (``CONVERTED_CLASSES``) switched to the other
    setting: on when the coder runs without it (patterns "curated+CLASS"), else off."""
    from eventcoder.components.events.arguments import ArgumentFinder
    from eventcoder.components.events.triggers import TriggerLexicon
    from eventcoder.knowledge.patterns import ACCEPTED_CLASSES, load_patterns

    used = set(coder.table.converted)
    classes = sorted(used - {cls} if cls in used else used | {cls})
    extra = [c for c in classes if c not in ACCEPTED_CLASSES]
    missing = [c for c in ACCEPTED_CLASSES if c not in classes]
    if missing:  # an accepted class switched off: name the others explicitly, from no default
        raise RuntimeError(f"switching off an accepted class ({', '.join(missing)}) is not supported")
    table = load_patterns("curated+" + ",".join(extra) if extra else "curated")
    triggers = TriggerLexicon(table)
    with (
        patched(coder, "table", table),
        patched(coder, "triggers", triggers),
        patched(coder, "arguments", ArgumentFinder(triggers)),
    ):
        yield


@contextmanager
def no_light_nouns(coder: Any) -> Iterator[None]:
    """Event nouns governed by a light verb ("held talks", "imposed sanctions")."""
    original = coder._noun_events

    def noun_events(state: Any, sid: int, noun: Any) -> Any:
        return [] if coder.triggers._light_governor(noun) is not None else original(state, sid, noun)

    with patched(coder, "_noun_events", noun_events):
        yield


@contextmanager
def no_bare_nouns(coder: Any) -> Iterator[None]:
    """Event nouns with no light verb ("talks between A and B", "China's attack on Taiwan")."""
    original = coder._noun_events

    def noun_events(state: Any, sid: int, noun: Any) -> Any:
        return original(state, sid, noun) if coder.triggers._light_governor(noun) is not None else []

    with patched(coder, "_noun_events", noun_events):
        yield


@contextmanager
def no_one_sided(coder: Any) -> Iterator[None]:
    """One-sided material events (source only: ONE_SIDED_ROOTS)."""
    with patched(coder, "one_sided_roots", set()):
        yield


FAMILIES: dict[str, Callable[[Any], Any]] = {
    **{f"family:converted_{cls}_toggled": partial(toggle_converted_class, cls) for cls in CONVERTED_CLASSES},
    "family:light_nouns": no_light_nouns,
    "family:bare_nouns": no_bare_nouns,
    "family:one_sided": no_one_sided,
}


# ---------------------------------------------------------------------- running


class Runner:
    """The spaCy model's Docs of each file, kept as bytes; eventcoder's components run again per switch."""

    def __init__(self, paths: list[Path]) -> None:
        self.nlp = build_nlp()
        names = self.nlp.pipe_names
        self.own = [(n, p) for n, p in self.nlp.pipeline[names.index(FIRST_OWN) :]]
        base = names[: names.index(FIRST_OWN)]
        self.coder = self.nlp.get_pipe("eventcoder_events")
        self.files: dict[str, list[tuple[dict[str, Any], Article, bytes]]] = {}
        for path in paths:
            items = []
            golds = load_gold(path)
            articles = [gold_article(g) for g in golds]
            with self.nlp.select_pipes(enable=base):
                docs = self.nlp.pipe(make_doc(self.nlp, a) for a in articles)
                for gold, article, doc in zip(golds, articles, docs, strict=True):
                    items.append((gold, article, doc.to_bytes()))
            self.files[path.name] = items

    def score(self, name: str) -> dict[str, Tally]:
        items = self.files[name]
        report = SetReport(name=name, kind="articles", items=len(items))
        for gold, article, data in items:
            doc = Doc(self.nlp.vocab).from_bytes(data)
            for _, proc in self.own:
                doc = proc(doc)
            coded = doc_to_coded(doc, article)
            coded = coded.model_copy(update={"records": [r for r in coded.records if not r.negated]})
            _score_article(report, gold, coded)
        return {s: report.overall[s] for s in SCORES}


def combined(scores: list[dict[str, Tally]]) -> dict[str, Tally]:
    """The tallies of several files added up (precision from all their predictions)."""
    out = {s: Tally() for s in SCORES}
    for tallies in scores:
        for s, t in tallies.items():
            o = out[s]
            o.tp, o.fp, o.fn, o.p_hits, o.p_total = (
                o.tp + t.tp,
                o.fp + t.fp,
                o.fn + t.fn,
                o.p_hits + t.p_hits,
                o.p_total + t.p_total,
            )
    return out


def _row(label: str, file: str, tallies: dict[str, Tally], base: dict[str, Tally] | None) -> str:
    ev = tallies["event"]
    if base is None:
        return (
            f"{label:44} {file:16} tp {ev.tp:3} fp {ev.fp:3} fn {ev.fn:3}  "
            f"P {ev.precision:.3f} R {ev.recall:.3f} F1 {ev.f1:.3f}  "
            f"dyad {tallies['dyad'].f1:.3f} type {tallies['type'].f1:.3f}"
        )
    b = base["event"]
    return (
        f"{label:44} {file:16} tp {ev.tp - b.tp:+3} fp {ev.fp - b.fp:+3} fn {ev.fn - b.fn:+3}  "
        f"P {ev.precision - b.precision:+.3f} R {ev.recall - b.recall:+.3f} F1 {ev.f1 - b.f1:+.3f}  "
        f"dyad {tallies['dyad'].f1 - base['dyad'].f1:+.3f} type {tallies['type'].f1 - base['type'].f1:+.3f}"
    )


def main(args: list[str]) -> int:
    only: set[str] = set()
    if "--only" in args:
        i = args.index("--only")
        only = set(args[i + 1].split(","))
        args = args[:i] + args[i + 2 :]
    paths = [Path(a) for a in args]
    if not paths:
        print(__doc__)
        return 2
    for path in paths:
        if path.name.startswith("check"):
            print(f"refused: {path} is a check split (aggregate scores only, never to choose rules)")
            return 2
    start = time.perf_counter()
    runner = Runner(paths)
    parsed = sum(len(v) for v in runner.files.values())
    print(f"# parsed {parsed} articles in {time.perf_counter() - start:.0f} s")
    base = {name: runner.score(name) for name in runner.files}
    if len(base) > 1:
        base[ALL] = combined(list(base.values()))
    for name in base:
        print(_row("all rules on", name, base[name], None))
    switches: list[tuple[str, Callable[[], Any]]] = []
    for module, tname, rules in rule_tuples():
        for rule in rules:
            label = f"{module}.{tname}.{rule.__name__}"
            switches.append((label, partial(without, rules, rule)))
    for label, family in FAMILIES.items():
        switches.append((label, partial(family, runner.coder)))
    for label, switch in switches:
        if only and not any(o in label for o in only):
            continue
        scored: dict[str, dict[str, Tally]] = {}
        try:
            with switch():
                for name in runner.files:
                    scored[name] = runner.score(name)
        except Exception as err:  # noqa: BLE001 - a rule others rely on: report, go on
            print(f"{label:44} fails without it: {type(err).__name__}: {err}")
            continue
        if len(scored) > 1:
            scored[ALL] = combined(list(scored.values()))
        for name, tallies in scored.items():
            print(_row(label, name, tallies, base[name]), flush=True)
    print(f"# {time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
