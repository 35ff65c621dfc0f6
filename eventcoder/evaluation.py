"""Score the coder against gold files: sentence gold (``events``) and article gold (VOA ``gold``).

Sentence gold, one object a line: ``{id, text, date, events: [{source_country, target_country, cameo,
cameo_root, plover}]}``; scored per sentence as multisets of PLOVER types, CAMEO roots, dyads (source
country, target country) and actor countries. Article gold follows VOA_GOLD_FORMAT.md: a prediction matches
a core event when its sentence contains one of the event's ``sents`` keys, its countries are among
``src``/``tgt`` (an empty list accepts any) and its root is among ``roots``; maximum matching; precision
counts predictions matching any core or optional event. Negated records (the act did not happen) are not
scored.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.language import Language

from eventcoder.driver import iter_results
from eventcoder.errors import Errors, KnowledgeError
from eventcoder.eval_causes import (
    EXTRA_CAUSES,
    MISSED_CAUSES,
    NO_EVENT_FEW_ACTORS,
    accepted,
    count_causes,
    fits,
)
from eventcoder.knowledge.files import bad_field
from eventcoder.records import Article, CodedArticle, EventRecord, Failure

BREAKDOWNS = ("type", "root", "dyad", "actor", "cause")


@dataclass
class Tally:
    """True positives, false positives and false negatives, with the derived scores."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    # Article gold counts precision apart from recall: predictions matching any core or optional event.
    p_hits: int = 0
    p_total: int = 0

    def add(self, gold: Counter[Any], pred: Counter[Any]) -> None:
        hit = sum((gold & pred).values())
        self.tp += hit
        self.fp += sum(pred.values()) - hit
        self.fn += sum(gold.values()) - hit

    @property
    def precision(self) -> float:
        if self.p_total:
            return self.p_hits / self.p_total
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "f1": round(self.f1, 3),
        }


@dataclass
class SetReport:
    """Scores of one gold file."""

    name: str
    kind: str  # sentences | articles
    items: int = 0
    failures: int = 0
    overall: dict[str, Tally] = field(default_factory=dict)
    by: dict[str, dict[str, Tally]] = field(default_factory=dict)
    extra: dict[str, float | int] = field(default_factory=dict)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (gold, predicted) confusions
    # Article gold: missed core events and extra predictions by cause (eval_causes.py).
    causes: dict[str, Counter[str]] = field(default_factory=lambda: {"missed": Counter(), "extra": Counter()})

    def tally(self, group: str, label: str | None = None) -> Tally:
        if label is None:
            return self.overall.setdefault(group, Tally())
        return self.by.setdefault(group, {}).setdefault(label, Tally())

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "items": self.items,
            "failures": self.failures,
            "overall": {k: v.as_dict() for k, v in self.overall.items()},
            "by": {g: {k: v.as_dict() for k, v in sorted(d.items())} for g, d in self.by.items()},
            "extra": self.extra,
            "confusions": Counter(self.errors).most_common(15),
            **({"causes": self.cause_table()} if self.kind == "articles" else {}),
        }

    def cause_table(self) -> dict[str, dict[str, int]]:
        """Missed core events and extra predictions by cause, every cause listed, in order."""
        missed = {c: self.causes["missed"][c] for c in (*MISSED_CAUSES, NO_EVENT_FEW_ACTORS)}
        return {"missed": missed, "extra": {c: self.causes["extra"][c] for c in EXTRA_CAUSES}}


def load_gold(path: str | Path) -> list[dict[str, Any]]:
    """Read a gold JSONL file, raising KnowledgeError naming the line of a malformed record."""
    items = []
    with open(path, "rb") as f:
        for line_no, raw in enumerate(f, start=1):
            try:
                line = raw.decode("utf-8-sig" if line_no == 1 else "utf-8")
            except UnicodeDecodeError as err:
                raise KnowledgeError(
                    Errors.E004.format(path=path, line=line_no, fmt="UTF-8", reason=err.reason)
                ) from None
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as err:
                raise KnowledgeError(
                    Errors.E004.format(path=path, line=line_no, fmt="JSON", reason=err.msg)
                ) from None
            except RecursionError:
                raise KnowledgeError(
                    Errors.E004.format(path=path, line=line_no, fmt="JSON", reason="nested too deeply")
                ) from None
            if not isinstance(obj, dict):
                raise KnowledgeError(
                    Errors.E004.format(
                        path=path, line=line_no, fmt="a JSON object", reason=type(obj).__name__
                    )
                )
            for key in ("id", "text"):
                if not obj.get(key):
                    raise KnowledgeError(Errors.E001.format(path=path, line=line_no, field=key))
            if not isinstance(obj["text"], str):
                raise bad_field(path=path, line=line_no, field="text", value=obj["text"], reason="not text")
            if "events" not in obj and "gold" not in obj:
                raise KnowledgeError(Errors.E001.format(path=path, line=line_no, field="events"))
            _check_gold_shape(obj, path, line_no)
            if obj.get("meta", {}).get("evaluated_in_suite", True):
                items.append(obj)
    return items


def _check_gold_shape(obj: dict[str, Any], path: str | Path, line_no: int) -> None:
    """The containers the scorers index: ``events`` a list of objects, or ``gold`` an object of lists."""

    def bad(field: str, value: Any, reason: str) -> KnowledgeError:
        return bad_field(path=path, line=line_no, field=field, value=value, reason=reason)

    if "gold" in obj:
        gold = obj["gold"]
        if not isinstance(gold, dict) or not isinstance(gold.get("core"), list):
            raise bad("gold.core", gold, "expected an object with a list 'core'")
        for name in ("core", "optional"):
            for event in gold.get(name) or []:
                if not isinstance(event, dict):
                    raise bad(f"gold.{name}", event, "expected a list of objects")
    else:
        events = obj["events"]
        if not isinstance(events, list) or not all(isinstance(e, dict) for e in events):
            raise bad("events", events, "expected a list of objects")


def _country(actor: Any) -> str | None:
    return actor.country if actor is not None else None


def _score_sentences(report: SetReport, gold: dict[str, Any], records: list[EventRecord]) -> None:
    events = gold["events"]
    plover = report.tally("type")
    g_types = Counter(e["plover"] for e in events if e.get("plover"))
    p_types = Counter(r.plover_type for r in records if r.plover_type)
    plover.add(g_types, p_types)
    for label in set(g_types) | set(p_types):
        report.tally("type", label).add(Counter({label: g_types[label]}), Counter({label: p_types[label]}))
    g_roots = Counter(e["cameo_root"] for e in events if e.get("cameo_root"))
    p_roots = Counter(r.cameo_root for r in records)
    report.tally("root").add(g_roots, p_roots)
    for label in set(g_roots) | set(p_roots):
        report.tally("root", label).add(Counter({label: g_roots[label]}), Counter({label: p_roots[label]}))
    if g_roots and p_roots and not (g_roots & p_roots):
        report.errors.append((",".join(sorted(g_roots)), ",".join(sorted(p_roots))))
    elif g_roots and not p_roots:
        report.errors.append((",".join(sorted(g_roots)), "-"))
    dyads = Counter(
        (e["source_country"], e["target_country"])
        for e in events
        if e.get("source_country") and e.get("target_country")
    )
    if dyads:
        pred = Counter(
            (_country(r.source), _country(r.target))
            for r in records
            if _country(r.source) and _country(r.target)
        )
        report.tally("dyad").add(dyads, pred)
        for label in set(dyads) | set(pred):
            report.tally("dyad", f"{label[0]}-{label[1]}").add(
                Counter({label: dyads[label]}), Counter({label: pred[label]})
            )
    for role in ("source", "target"):
        g = Counter(e[f"{role}_country"] for e in events if e.get(f"{role}_country"))
        if g:
            report.tally(f"actor_{role}").add(
                g, Counter(c for r in records if (c := _country(getattr(r, role))))
            )
        codes = Counter(e[f"{role}_code"] for e in events if e.get(f"{role}_code"))
        if codes:  # full actor codes (country + sector), where the gold gives them
            pred = Counter(a.code for r in records if (a := getattr(r, role)) is not None and a.code)
            report.tally(f"code_{role}").add(codes, pred)


def _max_matching(
    events: Sequence[dict[str, Any]],
    records: Sequence[EventRecord],
    ok: Callable[[dict[str, Any], EventRecord], bool],
) -> dict[int, int]:
    """Maximum bipartite matching (augmenting paths): gold index -> record index."""
    edges = [[j for j, r in enumerate(records) if ok(e, r)] for e in events]
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in edges[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(events)):
        augment(i, set())
    return {i: j for j, i in owner.items()}


def _score_roots(
    report: SetReport,
    core: Sequence[dict[str, Any]],
    records: Sequence[EventRecord],
    matched: dict[int, int],
    good: Sequence[bool],
) -> None:
    """Per-root scores of article gold: a matched core event counts for the root of its prediction, a missed
    one for its first listed root; precision per predicted root counts predictions matching any event."""
    for i, e in enumerate(core):
        tally = report.tally("root", records[matched[i]].cameo_root if i in matched else e["roots"][0])
        tally.tp += i in matched
        tally.fn += i not in matched
    for record, hit in zip(records, good, strict=True):
        tally = report.tally("root", record.cameo_root)
        tally.p_total += 1
        tally.p_hits += hit
        tally.fp += not hit


def _score_article(report: SetReport, gold: dict[str, Any], coded: CodedArticle) -> None:
    core, optional = gold["gold"]["core"], gold["gold"].get("optional", [])
    records = coded.records
    variants = {"event": {}, "dyad": {"roots": False}, "type": {"actors": False}}
    for name, flags in variants.items():

        def ok(e: dict[str, Any], r: EventRecord, flags: dict[str, bool] = flags) -> bool:
            return fits(e, r, **flags)

        matched = _max_matching(core, records, ok)
        tally = report.tally(name)
        good_records = [any(ok(e, r) for e in core + optional) for r in records]
        good = sum(good_records)
        tally.tp += len(matched)
        tally.fn += len(core) - len(matched)
        tally.fp += len(records) - good
        tally.p_hits += good
        tally.p_total += len(records)
        if name == "event":
            _score_roots(report, core, records, matched, good_records)
            missed, extra = count_causes(gold, coded, records, matched)
            report.causes["missed"].update(missed)
            report.causes["extra"].update(extra)
            for i, e in enumerate(core):
                if i not in matched:
                    near = [r.cameo_root for r in records if fits(e, r, actors=False, roots=False)]
                    report.errors.append(("/".join(e["roots"]), ",".join(sorted(set(near))) or "-"))
            dated = [(e, records[matched[i]]) for i, e in enumerate(core) if "date" in e and i in matched]
            report.extra["dates_checked"] = int(report.extra.get("dates_checked", 0)) + len(dated)
            report.extra["dates_right"] = int(report.extra.get("dates_right", 0)) + sum(
                r.event_date == e["date"] for e, r in dated
            )
            placed = [(e, records[matched[i]]) for i, e in enumerate(core) if "place" in e and i in matched]
            report.extra["places_checked"] = int(report.extra.get("places_checked", 0)) + len(placed)
            report.extra["places_right"] = int(report.extra.get("places_right", 0)) + sum(
                bool(r.location and r.location.country == e["place"]) for e, r in placed
            )
    for role, key in (("source", "src"), ("target", "tgt")):
        tally = report.tally(f"actor_{role}")
        for e in core:
            if not e[key]:
                continue
            in_sentence = [r for r in records if any(k in r.sentence for k in e["sents"])]
            hit = any(accepted(getattr(r, role), e[key]) for r in in_sentence)
            tally.tp += hit
            tally.fn += not hit
        for r in records:
            country = _country(getattr(r, role))
            if country is None:
                continue
            keyed = [e for e in core + optional if any(k in r.sentence for k in e["sents"]) and e[key]]
            if keyed and not any(accepted(getattr(r, role), e[key]) for e in keyed):
                tally.fp += 1
    gold_speakers = [name.lower() for name in gold["gold"].get("quotes", [])]
    said = {
        (q.speaker.name or q.speaker.text).lower() for q in coded.quotes if q.kind == "direct" and q.speaker
    }
    quotes = report.tally("quote_speakers")
    found = [g for g in gold_speakers if any(g.split()[-1] in s for s in said)]
    quotes.tp += len(found)
    quotes.fn += len(gold_speakers) - len(found)
    quotes.fp += sum(1 for s in said if not any(g.split()[-1] in s for g in gold_speakers))


def gold_article(item: dict[str, Any]) -> Article:
    """The article a gold item codes (its id, text and metadata; the gold fields are ignored)."""
    return Article(
        id=str(item["id"]),
        text=item["text"],
        date=item.get("date"),
        title=item.get("title"),
        source=item.get("source"),
        url=item.get("url"),
    )


def evaluate_file(path: str | Path, nlp: Language, limit: int | None = None) -> SetReport:
    """Code every gold item of one file and score it."""
    gold_items = load_gold(path)[:limit]
    kind = "articles" if gold_items and "gold" in gold_items[0] else "sentences"
    report = SetReport(name=Path(path).name, kind=kind, items=len(gold_items))
    by_id = {str(g["id"]): g for g in gold_items}
    articles = (gold_article(g) for g in gold_items)
    for result in iter_results(articles, nlp):
        if isinstance(result, Failure):
            report.failures += 1
            continue
        gold = by_id[result.article.id]
        # A negated record says the act did not happen: gold lists acts that did, so it is not scored.
        result = result.model_copy(update={"records": [r for r in result.records if not r.negated]})
        try:
            if kind == "articles":
                _score_article(report, gold, result)
            else:
                _score_sentences(report, gold, result.records)
        except (KeyError, TypeError, ValueError, AttributeError) as err:  # a gold field of the wrong shape
            raise bad_field(
                path=path,
                line=f"of item {gold['id']!r}",
                field="events",
                value=err,
                reason="malformed gold",
            ) from None
    return report


def evaluate(paths: Iterable[str | Path], nlp: Language, limit: int | None = None) -> list[SetReport]:
    """Score the coder on each gold file."""
    return [evaluate_file(p, nlp, limit) for p in paths]
